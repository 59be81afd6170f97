//! The bad-input corpus: one fixture per kind of mistake under tests/fixtures/invalid/.
//! Each must fail with exit 1, name the file (and line) with a stable error code, never
//! panic, and leave the previous output exactly as it was.

mod common;

use common::*;
use std::path::Path;

/// Builds the minimal site once (the "last good output"), adds the broken files of
/// `case`, runs `extra` to create what git cannot hold, then builds again.
fn expect_failure(case: &str, code: &str, location: &str, extra: impl Fn(&Path)) -> String {
    let site = site("minimal");
    build_ok(site.path());
    let before = tree(&site.path().join("output"));
    copy_dir(
        &repo().join("tests/fixtures/invalid").join(case),
        site.path(),
    );
    extra(site.path());
    let o = run(site.path(), &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{case}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{case}: {err}"
    );
    assert!(
        err.contains(&format!("error[{code}]")),
        "{case}: expected {code}:\n{err}"
    );
    assert!(
        err.contains(&format!("--> {location}")),
        "{case}: expected --> {location}:\n{err}"
    );
    assert_eq!(
        tree(&site.path().join("output")),
        before,
        "{case}: the last good output must be untouched"
    );
    err
}

fn none(_: &Path) {}

macro_rules! case {
    ($name:ident, $code:literal, $location:literal) => {
        #[test]
        fn $name() {
            expect_failure(stringify!($name), $code, $location, none);
        }
    };
    ($name:ident, $code:literal, $location:literal, help: $help:literal) => {
        #[test]
        fn $name() {
            let err = expect_failure(stringify!($name), $code, $location, none);
            assert!(err.contains($help), "{err}");
        }
    };
}

case!(unclosed_front_matter, "E0103", "content/bad.md:1:1");
case!(tab_in_yaml, "E0110", "content/bad.md:4:", help: "never tabs");
case!(wrong_type, "E0110", "content/bad.md:2:", help: "check the value's shape");
case!(impossible_date, "E0118", "content/bad.md:4:8", help: "write `start: 2020-02-29`");
case!(event_ends_before_start, "E0124", "content/bad.md:5:6");
case!(unknown_kind, "E0113", "content/bad.md:3:7", help: "did you mean `event`?");
case!(unknown_key, "E0111", "content/bad.md:3:1", help: "did you mean `summary`?");
case!(missing_title, "E0112", "content/bad.md:1:1");
case!(empty_file, "E0101", "content/bad.md:1:1");
case!(invalid_utf8, "E0105", "content/bad.md:4:5", help: "UTF-8");
case!(yaml_alias_bomb, "E0110", "content/bad.md:", help: "repeated aliases");
case!(slug_with_slash, "E0117", "content/bad.md:3:7");
case!(slug_with_dotdot, "E0117", "content/bad.md:3:7");
case!(slug_with_drive_letter, "E0117", "content/bad.md:3:7");
case!(duplicate_url, "E0305", "content/trung.md:1:1", help: "another file name or `slug:`");
case!(missing_page_link, "E0301", "content/bad.md:5:13");
case!(missing_anchor, "E0302", "content/bad.md:5:11", help: "#noi-dung");
case!(template_syntax_error, "E0403", "templates/page.html:3:");
case!(unknown_task_group, "E0304", "content/bad.md:5:13");
case!(javascript_link, "E0201", "content/bad.md:5:1");
case!(page_at_search, "E0309", "content/tim-kiem.md", help: "where the search page and its index are published");
case!(page_at_list_page, "E0312", "content/tin-tuc/trang/2.md", help: "`trang/` in a paginated list is where the list continues");

#[test]
fn symlink_outside() {
    let err = expect_failure("symlink_outside", "E0108", "content/secret.md", |root| {
        let outside = root
            .parent()
            .expect("temp parent")
            .join(format!("outside-{}.md", std::process::id()));
        std::fs::write(&outside, "---\ntitle: Bí mật\n---\n").expect("write outside");
        std::os::unix::fs::symlink(&outside, root.join("content/secret.md")).expect("symlink");
    });
    assert!(err.contains("outside the site"), "{err}");
}

#[test]
fn oversized_file() {
    let err = expect_failure("oversized_file", "E0104", "content/big.md", |root| {
        let mut text = String::from("---\ntitle: Lớn\n---\n");
        let line = "Một dòng văn bản dài để làm đầy tệp lớn hơn giới hạn cho phép.\n";
        while text.len() < 20 * 1024 * 1024 {
            text.push_str(line);
        }
        std::fs::write(root.join("content/big.md"), text).expect("write big");
    });
    assert!(err.contains("max_file_size_mb"), "{err}");
}

// Documents (kind: document): each mistake names the file and the line of the value.
case!(doc_unknown_type, "E0143", "content/bad.md:5:11", help: "did you mean `Quyết định`?");
case!(doc_number_missing, "E0140", "content/bad.md:3:1", help: "number: ~");
case!(doc_replaced_by_missing, "E0146", "content/bad.md:8:14");
case!(doc_effective_before_issued, "E0141", "content/bad.md:7:12");
case!(doc_attachment_missing, "E0144", "content/bad.md:8:11");
case!(doc_attachment_outside, "E0144", "content/bad.md:8:11");
case!(doc_attachment_too_large, "E0145", "content/bad.md:8:11", help: "max_attachment_mb");
case!(notice_unknown_category, "E0361", "content/bad.md:5:11", help: "did you mean `recruitment`?");
case!(
    notice_deadline_before_posted,
    "E0162",
    "content/bad.md:5:11"
);
case!(notice_result_missing, "E0362", "content/bad.md:6:9", help: "once that page is published");
