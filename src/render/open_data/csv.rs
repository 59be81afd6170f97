//! CSV as RFC 4180 writes it, for spreadsheets: CRLF line ends, fields quoted only when
//! they must be, and a UTF-8 byte order mark, without which Excel reads the file in
//! the machine's legacy code page and turns "Tỷ lệ" into mojibake.

const BOM: &str = "\u{FEFF}";

/// A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading apostrophe, which spreadsheets show as
/// text: a title in the content must never become a formula on a citizen's computer
/// (OWASP "CSV injection"). Numbers, negative ones included, stay numbers.
fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn field(s: &str) -> String {
    let s = &*defuse(s);
    if s.contains([',', '"', '\r', '\n']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A whole file: the header row, then the rows.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from(BOM);
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(header.iter().map(|h| field(h)).collect()));
    for r in rows {
        out.push_str(&line(r.iter().map(|c| field(c)).collect()));
    }
    out.into_bytes()
}

/// A number as data, not as display: `40.2`, never `40,2` (a comma would split the
/// field for every CSV reader).
pub fn number(x: f64) -> String {
    format!("{x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_quoting() {
        let bytes = write(
            &["label", "target"],
            &[
                vec!["Tỷ lệ gia đình, \"thường xuyên\"".into(), number(40.2)],
                vec!["hai\ndòng".into(), number(43.4)],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{FEFF}'));
        assert_eq!(
            text.trim_start_matches('\u{FEFF}'),
            "label,target\r\n\"Tỷ lệ gia đình, \"\"thường xuyên\"\"\",40.2\r\n\"hai\ndòng\",43.4\r\n"
        );
        assert_eq!(number(4.0), "4");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_kept_as_text() {
        let bytes = write(
            &["a", "b", "c"],
            &[
                vec![
                    "=HYPERLINK(\"http://x\",\"y\")".into(),
                    "@SUM(A1)".into(),
                    "+84 24".into(),
                ],
                vec![number(-3.5), "-".into(), "Hội chợ = OCOP".into()],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{FEFF}'),
            "a,b,c\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1),'+84 24\r\n-3.5,'-,Hội chợ = OCOP\r\n"
        );
    }
}
