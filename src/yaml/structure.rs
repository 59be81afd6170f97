//! The YAML library names a structure mistake by the state its parser was in ("did not
//! find expected '-' indicator while parsing a block collection"), often on the line
//! after the one at fault. Editors make a handful of such mistakes: a line indented
//! one space too many or too few, a missing `- `, a tab, a quote never closed, a `:`
//! inside a value, typographic quotes “…” where YAML needs "…". This module reads the
//! lines around the place the library gave up, names the mistake in plain words,
//! points at the line where it is, and gives the exact line to write instead, in the
//! editor's language (the texts are `E0110.*` in the catalogue).

use crate::diagnostic::tr;

/// A structure mistake, explained. Lines and columns are 1-based, within the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub help: String,
}

const CURLY_QUOTES: &[char] = &['“', '”', '„', '‘', '’'];

/// Explains the library's `message`, reported at `line`:`column` of `text`; None when
/// it is not a mistake this module knows (the caller keeps the library's words).
pub fn explain(text: &str, message: &str, line: usize, column: usize) -> Option<Explained> {
    let lines: Vec<&str> = text.lines().collect();
    let at = |n: usize| lines.get(n.checked_sub(1)?).copied();
    // A tab anywhere near the place is the usual cause, whatever the library says.
    for n in [line, line.saturating_sub(1)] {
        if let Some(l) = at(n).filter(|l| l.contains('\t')) {
            return Some(tab(l, n));
        }
    }
    if message.starts_with("mapping values are not allowed") {
        let l = at(line)?;
        let key_colon = key_colon(l)?;
        if column > key_colon + 1 {
            return Some(colon_in_value(l, line, column));
        }
        return indentation(&lines, line);
    }
    if message.contains("did not find expected '-' indicator")
        || message.contains("did not find expected key")
        || message.contains("while scanning a quoted scalar")
        || message.contains("found unexpected end of stream")
    {
        if let Some(e) = unclosed_quote(&lines, line) {
            return Some(e);
        }
        return indentation(&lines, line);
    }
    if message.contains("could not find expected ':'") {
        return no_colon(&lines, line);
    }
    if let Some((field, _)) = message.split_once(": invalid type: map, expected a sequence") {
        return missing_dash(&lines, field, line);
    }
    if let Some((path, rest)) = message.split_once(": invalid type: string ") {
        return text_for_a_number_or_list(path, rest, line, column);
    }
    if let Some((path, rest)) = message.split_once(": missing field `") {
        return missing_field(&lines, path, rest.trim_end_matches('`'), line, column);
    }
    None
}

/// `number: một`, `target: 40,2` (a decimal comma), `lead: Phòng A` (one text for a list).
fn text_for_a_number_or_list(
    path: &str,
    rest: &str,
    line: usize,
    column: usize,
) -> Option<Explained> {
    let key = path.rsplit('.').next().unwrap_or(path);
    let key = key.split('[').next().unwrap_or(key);
    let (written, expected) = rest.rsplit_once(", expected ")?;
    let written = written.trim_matches('"');
    let help = match expected {
        "u32" | "u64" | "i64" | "i32" | "usize" => {
            tr("E0110.digits-help", &[("key", &key), ("example", &"1")])
        }
        "f64" | "f32" => match written.replace(',', ".").parse::<f64>() {
            Ok(_) => {
                let fixed = written.replace(',', ".");
                tr("E0110.decimal-help", &[("key", &key), ("fixed", &fixed)])
            }
            Err(_) => tr("E0110.digits-help", &[("key", &key), ("example", &"40.2")]),
        },
        "a sequence" => tr("E0110.list-help", &[("key", &key), ("written", &written)]),
        _ => return None,
    };
    let id = if expected == "a sequence" {
        "E0110.not-list"
    } else {
        "E0110.not-number"
    };
    Some(Explained {
        message: tr(id, &[("key", &key), ("written", &written)]),
        line,
        column,
        help,
    })
}

/// `targets[0]: missing field `target``: either not written, or written with another
/// indentation than its item's other keys (then it is that line that is wrong).
fn missing_field(
    lines: &[&str],
    path: &str,
    field: &str,
    line: usize,
    column: usize,
) -> Option<Explained> {
    let list = path.split('[').next().unwrap_or(path);
    let item_key = key_start(lines.get(line.checked_sub(1)?)?);
    let prefix = format!("{field}:");
    // The field, written in the lines of this item with another indentation.
    for (i, l) in lines.iter().enumerate().skip(line) {
        let body = l.trim_start().trim_start_matches("- ");
        if l.trim_start().starts_with("- ") || (is_content(l) && indent(l) == 0) {
            break;
        }
        if body.starts_with(&prefix) && key_start(l) != item_key {
            let fixed = format!("{}{}", " ".repeat(item_key), body);
            return Some(Explained {
                message: tr(
                    "E0110.field-out-of-line",
                    &[("field", &field), ("list", &list)],
                ),
                line: i + 1,
                column: indent(l) + 1,
                help: tr("E0110.spaces-help", &[("n", &item_key), ("fixed", &fixed)]),
            });
        }
    }
    Some(Explained {
        message: tr("E0110.field-missing", &[("field", &field), ("list", &list)]),
        line,
        column,
        help: tr("E0110.field-missing-help", &[("field", &field)]),
    })
}

/// The character column (1-based) of `s`'s byte offset `i`.
fn col(s: &str, i: usize) -> usize {
    s[..i].chars().count() + 1
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

/// The byte offset of the colon ending the line's key (`key:` then a space or the end).
fn key_colon(l: &str) -> Option<usize> {
    let body = l.trim_start().trim_start_matches("- ");
    let start = l.len() - body.len();
    let bytes = body.as_bytes();
    (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' '))
        .map(|i| start + i)
}

/// Where the key of a line starts (after its indentation and any `- `), in bytes.
fn key_start(l: &str) -> usize {
    let body = l.trim_start();
    let body = body.strip_prefix("- ").map(str::trim_start).unwrap_or(body);
    l.len() - body.len()
}

fn is_content(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty() && !t.starts_with('#')
}

fn tab(l: &str, line: usize) -> Explained {
    let i = l.find('\t').unwrap_or(0);
    let fixed = if l[..i].trim().is_empty() {
        l.replacen('\t', "  ", 1)
    } else {
        l.replacen('\t', " ", 1)
    };
    Explained {
        message: tr("E0110.tab-line", &[]),
        line,
        column: col(l, i),
        help: tr("E0110.tab-help", &[("fixed", &fixed.replace('\t', "  "))]),
    }
}

/// `title: Hội nghị: tổng kết`, `title: “Hội nghị: tổng kết”`.
fn colon_in_value(l: &str, line: usize, column: usize) -> Explained {
    let colon = key_colon(l).unwrap_or(0);
    let head = &l[..colon];
    let key = head.trim().trim_start_matches("- ").trim();
    let value = l[colon + 1..].trim();
    let curly = value.starts_with(CURLY_QUOTES);
    let inner = value
        .trim_matches(|c| CURLY_QUOTES.contains(&c) || c == '"')
        .replace('"', "\\\"");
    let fixed = format!("{head}: \"{inner}\"");
    let fixed = fixed.trim_start();
    if curly {
        Explained {
            message: tr("E0110.curly-quotes", &[("key", &key)]),
            line,
            column: col(l, l.find(value).unwrap_or(0)),
            help: tr("E0110.curly-quotes-help", &[("fixed", &fixed)]),
        }
    } else {
        Explained {
            message: tr("E0110.colon-in-value", &[("key", &key)]),
            line,
            column,
            help: tr("E0110.quote-help", &[("fixed", &fixed)]),
        }
    }
}

/// The indentation a line should have: that of the nearest line above whose key is at
/// or left of it, as the parser saw the structure.
fn indentation(lines: &[&str], line: usize) -> Option<Explained> {
    let l = *lines.get(line.checked_sub(1)?)?;
    let own = indent(l);
    let above = lines[..line - 1].iter().rev().find(|p| is_content(p))?;
    let want = key_start(above);
    let key = l.trim().trim_start_matches("- ");
    let key = key.split(':').next().unwrap_or(key).trim();
    let above_key = above.trim().trim_start_matches("- ");
    let above_key = above_key.split(':').next().unwrap_or(above_key).trim();
    if want == own || l.trim_start().starts_with("- ") {
        return None;
    }
    let id = if own > want {
        "E0110.indented-more"
    } else {
        "E0110.indented-less"
    };
    let fixed = format!("{}{}", " ".repeat(want), l.trim_start());
    Some(Explained {
        message: tr(id, &[("key", &key), ("above", &above_key)]),
        line,
        column: own + 1,
        help: tr("E0110.spaces-help", &[("n", &want), ("fixed", &fixed)]),
    })
}

/// `location: "Địa điểm` with no closing quote: the library reports where it ran out,
/// lines later.
fn unclosed_quote(lines: &[&str], line: usize) -> Option<Explained> {
    for (i, l) in lines.iter().enumerate().take(line.max(1)) {
        let Some(colon) = key_colon(l) else { continue };
        let value = l[colon + 1..].trim_start();
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let rest = &value[1..];
        let closed = if q == '"' {
            let mut escaped = false;
            rest.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        } else {
            rest.contains('\'')
        };
        if !closed {
            let start = l.len() - value.len();
            let fixed = format!("{}{q}", l.trim_start());
            return Some(Explained {
                message: tr("E0110.unclosed-quote", &[("quote", &q)]),
                line: i + 1,
                column: col(l, start),
                help: tr(
                    "E0110.unclosed-quote-help",
                    &[("quote", &q), ("fixed", &fixed)],
                ),
            });
        }
    }
    None
}

/// `location:"Địa điểm"` (no space after `:`), or a line with no `key:` at all. The
/// library reports the line after it.
fn no_colon(lines: &[&str], line: usize) -> Option<Explained> {
    let n = (1..line.min(lines.len() + 1))
        .rev()
        .find(|&n| is_content(lines[n - 1]))
        .unwrap_or(line);
    let l = *lines.get(n.checked_sub(1)?)?;
    let body = l.trim_start();
    if let Some(i) = body.find(':') {
        let at = l.len() - body.len() + i;
        let fixed = format!("{}: {}", &l[..at], l[at + 1..].trim_start());
        let fixed = fixed.trim_start();
        return Some(Explained {
            message: tr("E0110.no-space", &[]),
            line: n,
            column: col(l, at),
            help: tr("E0110.write-help", &[("fixed", &fixed)]),
        });
    }
    Some(Explained {
        message: tr("E0110.not-key-value", &[]),
        line: n,
        column: indent(l) + 1,
        help: tr("E0110.not-key-value-help", &[]),
    })
}

/// `photos:` followed by `file: a.png` without the `- ` that starts a list item.
fn missing_dash(lines: &[&str], field: &str, line: usize) -> Option<Explained> {
    let key = field.rsplit('.').next().unwrap_or(field);
    let key = key.split('[').next().unwrap_or(key);
    let l = *lines.get(line.checked_sub(1)?)?;
    let own = indent(l);
    let fixed = format!("{}- {}", " ".repeat(own), l.trim_start());
    let fixed = fixed.trim_start();
    Some(Explained {
        message: tr("E0110.missing-dash", &[("key", &key)]),
        line,
        column: own + 1,
        help: tr("E0110.missing-dash-help", &[("fixed", &fixed)]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(text: &str) -> Explained {
        let err = crate::yaml::parse::<serde_json::Value>(text).unwrap_err();
        Explained {
            message: err.message,
            line: err.line,
            column: err.column,
            help: err.help.unwrap_or_default(),
        }
    }

    #[test]
    fn a_colon_in_a_value() {
        let e = explained("title: Hội nghị: tổng kết\nkind: page\n");
        assert_eq!((e.line, e.column), (1, 16), "{e:?}");
        assert!(e.message.contains("contains `: `"), "{e:?}");
        assert!(e.help.ends_with("`title: \"Hội nghị: tổng kết\"`"), "{e:?}");
    }

    #[test]
    fn typographic_quotes() {
        let e = explained("title: “Hội nghị: tổng kết”\n");
        assert_eq!((e.line, e.column), (1, 8), "{e:?}");
        assert!(e.help.contains("`title: \"Hội nghị: tổng kết\"`"), "{e:?}");
    }

    #[test]
    fn a_key_indented_one_space_too_many_or_too_few() {
        let more = explained("photos:\n - file: a.png\n    alt: x\n");
        assert_eq!((more.line, more.column), (3, 5), "{more:?}");
        assert!(more.help.ends_with("`   alt: x`"), "{more:?}");
        let less = explained("photos:\n  - file: a.png\n   alt: x\n");
        assert_eq!((less.line, less.column), (3, 4), "{less:?}");
        assert!(
            less.message.contains("indented less than `file:`"),
            "{less:?}"
        );
        assert!(less.help.ends_with("`    alt: x`"), "{less:?}");
    }

    #[test]
    fn a_quote_never_closed_is_found_where_it_opens() {
        let e = explained("title: x\nlocation: \"Địa điểm\nstatus: \"planned\"\n");
        assert_eq!((e.line, e.column), (2, 11), "{e:?}");
        assert!(e.help.ends_with("`location: \"Địa điểm\"`"), "{e:?}");
    }

    #[test]
    fn no_space_after_the_colon() {
        let e = explained("title: x\nlocation:\"Địa điểm\"\nstatus: planned\n");
        assert_eq!((e.line, e.column), (2, 9), "{e:?}");
        assert!(e.help.ends_with("`location: \"Địa điểm\"`"), "{e:?}");
    }

    #[test]
    fn a_tab() {
        let e = explained("title: x\ntargets:\n  - id: a\n\tlabel: b\n");
        assert_eq!((e.line, e.column), (4, 1), "{e:?}");
        assert!(e.message.contains("tab"), "{e:?}");
    }

    #[test]
    fn numbers_written_as_text() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            number: u32,
            target: Option<f64>,
            lead: Option<Vec<String>>,
        }
        let e = crate::yaml::parse::<T>("number: một\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 9), "{e:?}");
        assert_eq!(e.message, "`number` takes a number, and `một` is not one");
        let e = crate::yaml::parse::<T>("number: 1\ntarget: 40,2\n").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("write the decimal point as `.`: `target: 40.2`")
        );
        let e = crate::yaml::parse::<T>("number: 1\nlead: Phòng A\n").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("write it as a list: `lead: [\"Phòng A\"]`")
        );
    }

    #[test]
    fn a_field_out_of_line_with_its_item() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Item {
            id: String,
            target: f64,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            targets: Vec<Item>,
        }
        let e = crate::yaml::parse::<T>("targets:\n  - id: a\n  target: 5\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3), "{e:?}");
        assert!(
            e.help.as_deref().unwrap_or("").ends_with("`    target: 5`"),
            "{e:?}"
        );
    }

    #[test]
    fn a_list_item_without_its_dash() {
        let typed =
            crate::yaml::parse::<std::collections::BTreeMap<String, Vec<serde_json::Value>>>(
                "photos:\n    file: a.png\n    alt: x\n",
            )
            .unwrap_err();
        assert_eq!(typed.line, 2, "{typed:?}");
        assert!(typed.message.contains("starts with `- `"), "{typed:?}");
        assert!(
            typed
                .help
                .as_deref()
                .unwrap_or("")
                .contains("`- file: a.png`"),
            "{typed:?}"
        );
    }
}
