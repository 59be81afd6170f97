//! CSV as RFC 4180 writes it, for spreadsheets: CRLF line ends, fields quoted only when
//! they must be, and a UTF-8 byte order mark, without which Excel reads the file in
//! the machine's legacy code page and turns "Tỷ lệ" into mojibake.

const BOM: &str = "\u{FEFF}";

fn field(s: &str) -> String {
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
}
