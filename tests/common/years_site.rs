//! A site that has lived for years, written by test code (TEST DATA: every title,
//! date and place below is made up for the tests, none is a fact of the office):
//! plans of several cadences over 2021–2023, 150 dated news pages (the first 30 also
//! in English), 500 events over 2019–2023. Other tests extend it: call [`write`], then
//! add or change files in the folder before building.

use std::path::Path;

/// The plans, as (folder, period, title): quarters, one half-year, one year.
pub const PLANS: &[(&str, &str, &str)] = &[
    ("2021", "2021", "Kế hoạch năm 2021"),
    ("2021-q1", "2021-Q1", "Kế hoạch quý I/2021"),
    ("2021-q2", "2021-Q2", "Kế hoạch quý II/2021"),
    ("2021-q3", "2021-Q3", "Kế hoạch quý III/2021"),
    ("2021-q4", "2021-Q4", "Kế hoạch quý IV/2021"),
    ("2022-h1", "2022-H1", "Kế hoạch 6 tháng đầu năm 2022"),
    ("2022-q3", "2022-Q3", "Kế hoạch quý III/2022"),
    ("2022-q4", "2022-Q4", "Kế hoạch quý IV/2022"),
    ("2023-q1", "2023-Q1", "Kế hoạch quý I/2023"),
];

pub const NEWS: usize = 150;
/// News pages with an English version: the first ones.
pub const NEWS_IN_ENGLISH: usize = 30;
pub const EVENTS: usize = 500;

/// The day of news page `i` (from 1): one a week from Monday 4 January 2021.
pub fn news_day(i: usize) -> Day {
    Day::from_days(days(2021, 1, 4) + 7 * (i as i64 - 1))
}

/// The day of event `i` (from 1): spread over the five years 2019–2023.
pub fn event_day(i: usize) -> Day {
    Day::from_days(days(2019, 1, 2) + (i as i64 - 1) * 1825 / EVENTS as i64)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i64,
    pub month: i64,
    pub day: i64,
}

impl Day {
    fn from_days(z: i64) -> Day {
        // Howard Hinnant's civil_from_days.
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        Day {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
        }
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days(year: i64, month: i64, day: i64) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// SOURCE_DATE_EPOCH of noon (UTC) on a day.
pub fn epoch(year: i64, month: i64, day: i64) -> String {
    (days(year, month, day) * 86_400 + 12 * 3600).to_string()
}

/// Writes the site (config, content, the repository's themes) into `root`.
pub fn write(root: &Path) {
    crate::common::copy_dir(&crate::common::repo().join("themes"), &root.join("themes"));
    crate::common::write(
        root,
        "config.yaml",
        "title: \"Phường Thử Nghiệm (dữ liệu thử)\"\n\
         base_url: \"https://years.example/\"\n\
         issuer: \"UBND phường Thử Nghiệm\"\n\
         languages:\n  - code: vi\n    name: \"Tiếng Việt\"\n  - code: en\n    name: \"English\"\n    title: \"Test Ward (test data)\"\n",
    );
    crate::common::write(
        root,
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nDữ liệu thử.\n",
    );
    crate::common::write(
        root,
        "content/_index.en.md",
        "---\ntitle: \"Home\"\n---\nTest data.\n",
    );
    crate::common::write(
        root,
        "content/ke-hoach/_index.md",
        "---\ntitle: \"Kế hoạch\"\nweight: 1\n---\n",
    );
    crate::common::write(
        root,
        "content/ke-hoach/_index.en.md",
        "---\ntitle: \"Plans\"\nweight: 1\n---\n",
    );
    for (folder, period, title) in PLANS {
        crate::common::write(
            root,
            &format!("content/ke-hoach/{folder}/_index.md"),
            format!(
                "---\ntitle: \"{title}\"\nkind: plan\nperiod: \"{period}\"\n---\nKế hoạch thử.\n"
            ),
        );
        crate::common::write(
            root,
            &format!("content/ke-hoach/{folder}/01-nhiem-vu.md"),
            format!("---\ntitle: \"Nhóm nhiệm vụ 1 ({period})\"\nkind: task_group\nnumber: 1\n---\nNhiệm vụ thử.\n"),
        );
    }
    crate::common::write(
        root,
        "content/tin-tuc/_index.md",
        "---\ntitle: \"Tin tức\"\nweight: 2\n---\nTin thử.\n",
    );
    crate::common::write(
        root,
        "content/tin-tuc/_index.en.md",
        "---\ntitle: \"News\"\nweight: 2\n---\nTest news.\n",
    );
    for i in 1..=NEWS {
        let day = news_day(i).iso();
        crate::common::write(
            root,
            &format!("content/tin-tuc/tin-{i:03}.md"),
            format!("---\ntitle: \"Tin số {i}\"\ndate: \"{day}T08:00:00+07:00\"\ntags: [\"Thông báo\"]\nsummary: \"Tin thử số {i}.\"\n---\nNội dung thử.\n"),
        );
        if i <= NEWS_IN_ENGLISH {
            crate::common::write(
                root,
                &format!("content/tin-tuc/tin-{i:03}.en.md"),
                format!("---\ntitle: \"News item {i}\"\ndate: \"{day}T08:00:00+07:00\"\nsummary: \"Test news {i}.\"\n---\nTest text.\n"),
            );
        }
    }
    crate::common::write(
        root,
        "content/su-kien/_index.md",
        "---\ntitle: \"Sự kiện\"\nweight: 3\n---\n",
    );
    crate::common::write(
        root,
        "content/su-kien/_index.en.md",
        "---\ntitle: \"Events\"\nweight: 3\n---\n",
    );
    for i in 1..=EVENTS {
        let day = event_day(i).iso();
        crate::common::write(
            root,
            &format!("content/su-kien/su-kien-{i:03}.md"),
            format!("---\ntitle: \"Sự kiện thử {i}\"\nkind: event\nstart: {day}\nlocation: \"Nhà văn hóa (thử)\"\n---\nSự kiện thử.\n"),
        );
    }
}
