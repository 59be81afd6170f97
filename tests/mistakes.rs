//! The mistakes editors make, one per case: each is the site `congkhai init` makes with
//! one edit, and must give exactly one diagnostic (an error, or a warning) at the right
//! file, line and column, and nothing else: no knock-on errors in the files that link to
//! the broken one (issue 18, "one mistake, one error").

mod common;

use common::*;
use std::path::Path;

const EVENT: &str = "content/su-kien/su-kien-vi-du.md";
const EVENT_EN: &str = "content/su-kien/su-kien-vi-du.en.md";
const GROUP: &str = "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md";
const PLAN: &str = "content/ke-hoach/vi-du/_index.md";
const ALBUM: &str = "content/album-anh/vi-du/_index.md";
const HOME: &str = "content/_index.md";

/// Replaces the first `find` in `file` with `replace` (the file must hold `find`).
fn edit(site: &Path, file: &str, find: &str, replace: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).expect("read the file to edit");
    assert!(text.contains(find), "{file} does not contain {find:?}");
    std::fs::write(&path, text.replacen(find, replace, 1)).expect("write");
}

/// The headers of every diagnostic printed: `error[E0111]` or `warning[W0101]`, each
/// with the location on the line after it.
fn diagnostics(err: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = err.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let head = l.split(':').next().unwrap_or("");
        if (head.starts_with("error[") || head.starts_with("warning[")) && head.ends_with(']') {
            let at = lines
                .get(i + 1)
                .and_then(|n| n.trim_start().strip_prefix("--> "))
                .unwrap_or("")
                .to_string();
            out.push((head.to_string(), at));
        }
    }
    out
}

/// Runs `check` on the init site after `change`, and asserts exactly one diagnostic:
/// `expected` (`error[E0111]`), at `at` (`content/x.md:7:1`).
fn one(change: impl Fn(&Path), expected: &str, at: &str) -> String {
    one_on(Some(AFTER_THE_EXAMPLE_PLAN), change, expected, at)
}

/// 2025-06-01, 00:00 UTC: a "today" after the init site's example plan (2024-Q4).
const AFTER_THE_EXAMPLE_PLAN: &str = "1748736000";

/// [`one`] with "today" at `epoch` (Unix seconds); None for the tests' usual one
/// (13/11/2020, the day the bundled plan was published, before the init site's dates).
fn one_on(epoch: Option<&str>, change: impl Fn(&Path), expected: &str, at: &str) -> String {
    let (_tmp, site) = init_site();
    change(&site);
    let o = match epoch {
        None => run(&site, &["check"]),
        Some(e) => congkhai(&["check"]).dir(&site).at(e).output(),
    };
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    let found = diagnostics(&err);
    assert_eq!(
        found,
        vec![(expected.to_string(), at.to_string())],
        "expected only {expected} at {at}:\n{err}"
    );
    let want_status = if expected.starts_with("error") { 1 } else { 0 };
    assert_eq!(o.status.code(), Some(want_status), "{err}");
    err
}

macro_rules! mistake {
    ($(#[$doc:meta])* $name:ident: $file:expr, $find:expr => $replace:expr; $code:literal at $at:literal $(, help: $help:literal)?) => {
        $(#[$doc])*
        #[test]
        fn $name() {
            let err = one(|s| edit(s, $file, $find, $replace), $code, $at);
            $(assert!(err.contains($help), "help should contain {:?}:\n{err}", $help);)?
            let _ = err;
        }
    };
}

/// `check --deny-warnings` on `site`, today and on the day `epoch`: no error and no
/// warning either way.
fn checks_clean(site: &Path, epoch: &str) {
    for epoch in [None, Some(epoch)] {
        let cmd = congkhai(&["check", "--deny-warnings"]).dir(site);
        let o = match epoch {
            Some(e) => cmd.at(e),
            None => cmd.without("SOURCE_DATE_EPOCH"),
        }
        .output();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{epoch:?}: {err}");
        assert!(diagnostics(&err).is_empty(), "{epoch:?}: {err}");
    }
}

#[test]
fn the_init_site_checks_clean_without_warnings() {
    let (_tmp, site) = init_site();
    checks_clean(&site, AFTER_THE_EXAMPLE_PLAN);
}

#[test]
fn the_bundled_site_checks_clean_without_warnings() {
    let tmp = site("bundled");
    // The day the plan was published, as every other test has it.
    checks_clean(tmp.path(), EPOCH);
}

// One mistake in a page others link to: its own error, and nothing from the pages
// that link to it (they used to say "link to a missing page", suggesting the English
// translation).
mistake!(misspelt_key_in_a_linked_event: EVENT, "location:" => "locaton:";
    "error[E0111]" at "content/su-kien/su-kien-vi-du.md:7:1", help: "did you mean `location`?");
mistake!(task_group_written_with_a_dash: GROUP, "kind: task_group" => "kind: task-group";
    "error[E0113]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:5:7", help: "did you mean `task_group`?");
mistake!(unknown_status_in_a_linked_event: EVENT, "status: held" => "status: done";
    "error[E0125]" at "content/su-kien/su-kien-vi-du.md:10:9");
mistake!(plan_without_period: PLAN, "period: 2024-Q4\n" => "";
    "error[E0119]" at "content/ke-hoach/vi-du/_index.md:6:1");
mistake!(home_page_with_a_misspelt_key: HOME, "summary:" => "sumary:";
    "error[E0111]" at "content/_index.md:6:1", help: "did you mean `summary`?");
mistake!(task_group_path_with_a_typo: EVENT, "01-nhom-nhiem-vu-vi-du.md\n" => "01-nhom-nhiem-vu-vi-duu.md\n";
    "error[E0304]" at "content/su-kien/su-kien-vi-du.md:9:13", help: "did you mean `../ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md`?");
mistake!(
    /// The link is to a page that is there in English only: the suggestion must not
    /// be the English page (another language).
    link_to_a_page_that_is_missing_in_this_language: GROUP, "(../../su-kien/su-kien-vi-du.md)" => "(../../su-kien/su-kien-vi-du-2.md)";
    "error[E0301]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:24:60", help: "did you mean `../../su-kien/su-kien-vi-du.md`?");
mistake!(link_with_a_misspelt_folder: HOME, "(su-kien/_index.md)" => "(su-kein/_index.md)";
    "error[E0301]" at "content/_index.md:14:13", help: "did you mean `su-kien/_index.md`?");

#[test]
fn a_link_suggests_no_page_of_another_language() {
    // The Vietnamese event is gone: its English translation is no answer.
    let err = one(
        |s| std::fs::remove_file(s.join(EVENT)).expect("remove"),
        "error[E0301]",
        "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:24:60",
    );
    assert!(!err.contains(".en.md"), "{err}");
    let _ = EVENT_EN;
}

#[test]
fn a_task_group_suggests_no_far_name() {
    // Another task group beside the right one: a typo in the path suggests the near one,
    // a path to nothing like either suggests neither.
    let err = one(
        |s| {
            let group = std::fs::read_to_string(s.join(GROUP)).expect("read");
            std::fs::write(
                s.join("content/ke-hoach/vi-du/02-nhom-khac.md"),
                group
                    .replace("number: 1", "number: 2")
                    .replace("chi-tieu-vi-du", "khac"),
            )
            .expect("write");
            edit(
                s,
                EVENT,
                "01-nhom-nhiem-vu-vi-du.md\n",
                "03-bao-cao-tong-ket-nam.md\n",
            );
        },
        "error[E0304]",
        "content/su-kien/su-kien-vi-du.md:9:13",
    );
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn album_photo_of_a_missing_file_is_one_error() {
    one(
        |s| edit(s, ALBUM, "file: minh-hoa.png", "file: minh-hoa.jpg"),
        "error[E0128]",
        "content/album-anh/vi-du/_index.md:7:11",
    );
}

// Dates: what is wrong, and the exact text to write.
mistake!(a_thirteenth_month: EVENT, "start: 2024-11" => "start: 2024-13-01";
    "error[E0118]" at "content/su-kien/su-kien-vi-du.md:6:8", help: "write `start: 2024-01-13`");
mistake!(the_thirtieth_of_february: EVENT, "start: 2024-11" => "start: 2023-02-30";
    "error[E0118]" at "content/su-kien/su-kien-vi-du.md:6:8", help: "write `start: 2023-02-28`");
mistake!(a_day_first_date: EVENT, "start: 2024-11" => "start: 15/11/2024";
    "error[E0118]" at "content/su-kien/su-kien-vi-du.md:6:8", help: "write `start: 2024-11-15`");
mistake!(a_day_first_date_with_dashes: EVENT, "start: 2024-11" => "start: 8-11-2024";
    "error[E0118]" at "content/su-kien/su-kien-vi-du.md:6:8", help: "write `start: 2024-11-08`");
mistake!(a_published_date_on_the_thirtieth_of_february: HOME, "title: \"Trang ví dụ\"\n" => "title: \"Trang ví dụ\"\ndate: 2024-02-30\n";
    "error[E0115]" at "content/_index.md:6:7", help: "write `date: 2024-02-29`");
mistake!(a_day_first_published_date: HOME, "title: \"Trang ví dụ\"\n" => "title: \"Trang ví dụ\"\ndate: 08/01/2024\n";
    "error[E0115]" at "content/_index.md:6:7", help: "write `date: 2024-01-08`");
mistake!(a_quarter_written_the_vietnamese_way: PLAN, "period: 2024-Q4" => "period: Quý IV/2024";
    "error[E0119]" at "content/ke-hoach/vi-du/_index.md:7:9", help: "write `period: 2024-Q4`");
mistake!(a_plan_period_that_is_a_day: PLAN, "period: 2024-Q4" => "period: 2024-10-01";
    "error[E0119]" at "content/ke-hoach/vi-du/_index.md:7:9");
mistake!(a_project_due_on_a_day_that_does_not_exist: GROUP, "due: 2024-12" => "due: 2024-11-31";
    "error[E0118]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:17:10", help: "write `due: 2024-11-30`");
mistake!(an_event_that_ends_before_it_starts: EVENT, "start: 2024-11\n" => "start: 2024-11-15\nend: 2024-11-05\n";
    "error[E0124]" at "content/su-kien/su-kien-vi-du.md:7:6");
mistake!(updated_before_published: HOME, "title: \"Trang ví dụ\"\n" => "title: \"Trang ví dụ\"\ndate: 2024-11-15\nupdated: 2024-11-01\n";
    "error[E0116]" at "content/_index.md:7:10");

// YAML structure: a plain reason, on the line at fault, with the line to write.
mistake!(a_photo_key_indented_one_space_too_many: ALBUM, "  - file: minh-hoa.png" => " - file: minh-hoa.png";
    "error[E0110]" at "content/album-anh/vi-du/_index.md:8:5", help: "start the line with 3 spaces");
mistake!(a_photo_key_indented_one_space_too_few: ALBUM, "    alt:" => "   alt:";
    "error[E0110]" at "content/album-anh/vi-du/_index.md:8:4", help: "start the line with 4 spaces");
mistake!(a_list_item_without_its_dash: ALBUM, "  - file:" => "    file:";
    "error[E0110]" at "content/album-anh/vi-du/_index.md:7:5", help: "`- file: minh-hoa.png`");
mistake!(a_tab_for_indentation: GROUP, "    label:" => "\tlabel:";
    "error[E0110]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:10:1", help: "replace the tab with spaces");
mistake!(a_quote_never_closed: EVENT, "location: \"Địa điểm ví dụ\"" => "location: \"Địa điểm ví dụ";
    "error[E0110]" at "content/su-kien/su-kien-vi-du.md:7:11", help: "`location: \"Địa điểm ví dụ\"`");
mistake!(a_colon_in_an_unquoted_title: EVENT, "title: \"Sự kiện ví dụ\"" => "title: Hội nghị: tổng kết";
    "error[E0110]" at "content/su-kien/su-kien-vi-du.md:4:16", help: "`title: \"Hội nghị: tổng kết\"`");
mistake!(smart_quotes_around_a_title: EVENT, "title: \"Sự kiện ví dụ\"" => "title: “Hội nghị: tổng kết”";
    "error[E0110]" at "content/su-kien/su-kien-vi-du.md:4:8", help: "`title: \"Hội nghị: tổng kết\"`");
mistake!(no_space_after_a_colon: EVENT, "location: " => "location:";
    "error[E0110]" at "content/su-kien/su-kien-vi-du.md:7:9", help: "write `location: \"Địa điểm ví dụ\"`");
mistake!(a_non_breaking_space_in_a_key: EVENT, "location:" => "location\u{a0}:";
    "error[E0111]" at "content/su-kien/su-kien-vi-du.md:7:1", help: "(U+00A0)");
mistake!(a_number_written_in_words: GROUP, "number: 1" => "number: một";
    "error[E0122]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:6:9", help: "write its position in the plan, e.g. `number: 3`");
mistake!(a_decimal_comma: GROUP, "target: 50" => "target: 40,2";
    "error[E0110]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:11:13", help: "`target: 40.2`");
mistake!(a_target_key_out_of_line: GROUP, "    target: 50" => "  target: 50";
    "error[E0110]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:11:3", help: "`    target: 50`");
mistake!(one_text_where_a_list_goes: GROUP, "lead: [\"Phòng ví dụ\"]" => "lead: Phòng ví dụ";
    "error[E0110]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:7:7", help: "`lead: [\"Phòng ví dụ\"]`");
mistake!(no_closing_dashes: EVENT, "summary: \"Ví dụ: một sự kiện diễn ra trong tháng 11/2024.\"\n---\n" => "summary: \"Ví dụ: một sự kiện diễn ra trong tháng 11/2024.\"\n";
    "error[E0103]" at "content/su-kien/su-kien-vi-du.md:1:1");

// Paths and links.
mistake!(a_windows_path_in_a_link: EVENT, "(../ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md)" => "(..\\ke-hoach\\vi-du\\01-nhom-nhiem-vu-vi-du.md)";
    "error[E0301]" at "content/su-kien/su-kien-vi-du.md:14:43", help: "`../ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md`");
mistake!(a_windows_path_in_task_group: EVENT, "task_group: ../ke-hoach/vi-du/01" => "task_group: ..\\ke-hoach\\vi-du\\01";
    "error[E0304]" at "content/su-kien/su-kien-vi-du.md:9:13", help: "`task_group: ../ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md`");
mistake!(a_link_to_a_missing_heading: HOME, "(ke-hoach/vi-du/_index.md)" => "(ke-hoach/vi-du/_index.md#muc-tieu)";
    "error[E0302]" at "content/_index.md:13:20", help: "#boi-canh");
mistake!(an_image_that_is_not_there: EVENT, "Sự kiện ví dụ thuộc" => "![Áp phích](ap-phich.png)\n\nSự kiện ví dụ thuộc";
    "error[E0303]" at "content/su-kien/su-kien-vi-du.md:14:13");
mistake!(
    /// A page linked from another is made a draft: the link is the one error.
    a_linked_page_made_a_draft: EVENT, "status: held\n" => "status: held\ndraft: true\n";
    "error[E0301]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:24:60", help: "draft");

// Values and kinds.
mistake!(a_field_of_another_kind: EVENT, "status: held\n" => "status: held\nperiod: 2024-Q4\n";
    "error[E0114]" at "content/su-kien/su-kien-vi-du.md:11:1", help: "`kind: plan`");
mistake!(a_misspelt_status: EVENT, "status: held" => "status: hled";
    "error[E0125]" at "content/su-kien/su-kien-vi-du.md:10:9", help: "did you mean `held`?");
mistake!(a_misspelt_kind: EVENT, "kind: event" => "kind: evnet";
    "error[E0113]" at "content/su-kien/su-kien-vi-du.md:5:7", help: "did you mean `event`?");
mistake!(an_empty_title: EVENT, "title: \"Sự kiện ví dụ\"" => "title: \"\"";
    "error[E0112]" at "content/su-kien/su-kien-vi-du.md:4:8");
mistake!(a_slug_with_a_slash: EVENT, "status: held\n" => "status: held\nslug: su-kien/vi-du\n";
    "error[E0117]" at "content/su-kien/su-kien-vi-du.md:11:7");
mistake!(a_photo_without_alt: ALBUM, "    alt: \"Hình minh họa ví dụ: khung chữ nhật với dòng chữ Ví dụ\"\n" => "";
    "error[E0126]" at "content/album-anh/vi-du/_index.md:7:11");
mistake!(an_unknown_project_status: GROUP, "    status: planned" => "    status: xong";
    "error[E0120]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:16:13");
mistake!(a_task_group_without_number: GROUP, "number: 1\n" => "";
    "error[E0122]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:5:1");
mistake!(an_event_without_start: EVENT, "start: 2024-11\n" => "";
    "error[E0123]" at "content/su-kien/su-kien-vi-du.md:5:1");

#[test]
fn two_task_groups_with_one_number() {
    one(
        |s| {
            let group = std::fs::read_to_string(s.join(GROUP)).expect("read");
            std::fs::write(s.join("content/ke-hoach/vi-du/02-nhom-hai.md"), group).expect("write");
        },
        "error[E0307]",
        "content/ke-hoach/vi-du/02-nhom-hai.md",
    );
}

#[test]
fn two_pages_at_one_address() {
    one(
        |s| {
            std::fs::write(
                s.join("content/su-kien/khac.md"),
                "---\ntitle: \"Khác\"\nslug: su-kien-vi-du\n---\n",
            )
            .expect("write")
        },
        "error[E0305]",
        "content/su-kien/su-kien-vi-du.md:1:1",
    );
}

#[test]
fn an_empty_file() {
    one(
        |s| std::fs::write(s.join("content/su-kien/moi.md"), "").expect("write"),
        "error[E0101]",
        "content/su-kien/moi.md:1:1",
    );
}

#[test]
fn a_file_without_front_matter() {
    one(
        |s| std::fs::write(s.join("content/su-kien/moi.md"), "# Sự kiện mới\n").expect("write"),
        "error[E0102]",
        "content/su-kien/moi.md:1:1",
    );
}

/// The office's own `robots.txt` dropped into content/: congkhai makes one (pointing
/// at the sitemap), so the two would share an address. One error, at the content file,
/// naming what congkhai makes there.
#[test]
fn a_file_where_congkhai_makes_one_of_its_own() {
    let err = one(
        |s| std::fs::write(s.join("content/robots.txt"), "User-agent: *\n").expect("write"),
        "error[E0312]",
        "content/robots.txt",
    );
    assert!(
        err.contains("published at robots.txt, where congkhai publishes a file it makes (sitemap)"),
        "{err}"
    );
}

// Warnings: one plausible mistake, one warning; the check still passes (exit 0).
mistake!(an_event_nine_years_long: EVENT, "start: 2024-11\n" => "start: 2012-02-20\nend: 2024-11-22\n";
    "warning[W0101]" at "content/su-kien/su-kien-vi-du.md:7:6", help: "check the years");
mistake!(an_event_outside_its_plan: EVENT, "start: 2024-11" => "start: 2025-03";
    "warning[W0102]" at "content/su-kien/su-kien-vi-du.md:6:8", help: "`task_group:`");
mistake!(a_future_publication_date: HOME, "title: \"Trang ví dụ\"\n" => "title: \"Trang ví dụ\"\ndate: 2029-11-13\n";
    "warning[W0107]" at "content/_index.md:6:7", help: "today is 2025-06-01");
mistake!(an_image_without_alt: EVENT, "Sự kiện ví dụ thuộc" => "![](../album-anh/vi-du/minh-hoa.png)\n\nSự kiện ví dụ thuộc";
    "warning[W0106]" at "content/su-kien/su-kien-vi-du.md:14:1", help: "between `[` and `]`");

/// A damaged PDF attached to the example document (and to its English version): one
/// warning for the one file, the build goes on and publishes it.
#[test]
fn an_attached_pdf_whose_text_cannot_be_read() {
    let err = one(
        |s| {
            std::fs::write(
                s.join("content/van-ban/Vi-du-01-QD-VD.pdf"),
                "%PDF-1.4\n(damaged: nothing after the first line)\n",
            )
            .expect("write")
        },
        "warning[W0149]",
        "content/van-ban/vi-du-quyet-dinh.md:21:11",
    );
    assert!(err.contains("Vi-du-01-QD-VD.pdf"), "{err}");
    assert!(err.contains("still published"), "{err}");
}

#[test]
fn a_past_event_still_planned() {
    one_on(
        Some(AFTER_THE_EXAMPLE_PLAN),
        |s| edit(s, EVENT, "status: held", "status: planned"),
        "warning[W0103]",
        "content/su-kien/su-kien-vi-du.md:10:9",
    );
}

#[test]
fn a_target_without_result_after_its_period() {
    one_on(
        Some(AFTER_THE_EXAMPLE_PLAN),
        |s| edit(s, GROUP, "    actual: 45\n", ""),
        "warning[W0104]",
        "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:9:9",
    );
}

#[test]
fn a_translation_under_an_untranslated_section() {
    one(
        |s| {
            std::fs::create_dir_all(s.join("content/tin")).expect("mkdir");
            std::fs::write(
                s.join("content/tin/_index.md"),
                "---\ntitle: \"Tin tức\"\n---\n",
            )
            .expect("write");
            std::fs::write(
                s.join("content/tin/bai.en.md"),
                "---\ntitle: \"News\"\n---\n",
            )
            .expect("write");
        },
        "warning[W0105]",
        "content/tin/bai.en.md:1:1",
    );
}

#[test]
fn a_silenced_warning_is_not_shown_and_deny_warnings_fails_on_the_others() {
    let (_tmp, site) = init_site();
    edit(&site, EVENT, "start: 2024-11", "start: 2025-03");
    let check = || {
        congkhai(&["check", "--deny-warnings"])
            .dir(&site)
            .at(AFTER_THE_EXAMPLE_PLAN)
            .output()
    };
    let o = check();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("refused by `--deny-warnings`"), "{err}");
    edit(
        &site,
        "config.yaml",
        "theme: default\n",
        "theme: default\nsilence_warnings: [W0102]\n",
    );
    let o = check();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(diagnostics(&err).is_empty(), "{err}");
}
