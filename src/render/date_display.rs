//! Dates as readers expect them: `13/11/2020 15:51`, `Từ 15/10/2020 đến 15/11/2020`,
//! `15 Oct – 15 Nov 2020`, `Quý IV/2020`, `Q4 2020`. Languages other than Vietnamese
//! use the English forms.

use crate::dates::{Date, DateTime, When, MONTH_NAMES};

const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn vi_day(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day, d.month, d.year)
}

fn en_day(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day,
        MONTHS_SHORT[d.month as usize - 1],
        d.year
    )
}

/// A moment in the time zone it was written in (editors write +07:00).
pub fn datetime(dt: &DateTime, lang: &str) -> String {
    if lang == "vi" {
        format!("{} {:02}:{:02}", vi_day(dt.date), dt.hour, dt.minute)
    } else {
        format!("{}, {:02}:{:02}", en_day(dt.date), dt.hour, dt.minute)
    }
}

pub fn day(d: Date, lang: &str) -> String {
    if lang == "vi" {
        vi_day(d)
    } else {
        en_day(d)
    }
}

/// One point or period on its own: `Ngày 10/10/2020`, `Tháng 11/2020`, `Q4 2020`.
pub fn when(w: &When, lang: &str) -> String {
    let vi = lang == "vi";
    match *w {
        When::Day(d) if vi => format!("Ngày {}", vi_day(d)),
        When::Day(d) => en_day(d),
        When::Moment(m) if vi => format!("{:02}:{:02} ngày {}", m.hour, m.minute, vi_day(m.date)),
        When::Moment(m) => datetime(&m, lang),
        When::Month { year, month } if vi => format!("Tháng {month}/{year}"),
        When::Month { year, month } => format!("{} {year}", MONTH_NAMES[month as usize - 1]),
        When::Quarter { year, quarter } if vi => {
            format!("Quý {}/{year}", ROMAN[quarter as usize - 1])
        }
        When::Quarter { year, quarter } => format!("Q{quarter} {year}"),
        When::Half { year, half: 1 } if vi => format!("6 tháng đầu năm {year}"),
        When::Half { year, .. } if vi => format!("6 tháng cuối năm {year}"),
        When::Half { year, half } => format!("H{half} {year}"),
        When::Year(year) if vi => format!("Năm {year}"),
        When::Year(year) => format!("{year}"),
    }
}

/// An event's dates, start and inclusive end.
pub fn range(start: &When, end: Option<&When>, lang: &str) -> String {
    let Some(end) = end.filter(|e| *e != start) else {
        return when(start, lang);
    };
    match (start, end) {
        (When::Day(a), When::Day(b)) if lang != "vi" => {
            if a.year == b.year && a.month == b.month {
                format!(
                    "{}–{} {} {}",
                    a.day,
                    b.day,
                    MONTHS_SHORT[a.month as usize - 1],
                    a.year
                )
            } else if a.year == b.year {
                format!(
                    "{} {} – {} {} {}",
                    a.day,
                    MONTHS_SHORT[a.month as usize - 1],
                    b.day,
                    MONTHS_SHORT[b.month as usize - 1],
                    b.year
                )
            } else {
                format!("{} – {}", en_day(*a), en_day(*b))
            }
        }
        _ if lang == "vi" => format!(
            "Từ {} đến {}",
            strip_vi_prefix(&when(start, lang)),
            strip_vi_prefix(&when(end, lang))
        ),
        _ => format!("{} – {}", when(start, lang), when(end, lang)),
    }
}

fn strip_vi_prefix(s: &str) -> String {
    s.strip_prefix("Ngày ").unwrap_or(s).to_string()
}

/// The label of a month, for grouping events: `Tháng 10/2020`, `October 2020`.
pub fn month(year: i32, month: u32, lang: &str) -> String {
    when(&When::Month { year, month }, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> When {
        When::parse(s).unwrap()
    }

    #[test]
    fn law_day_range_in_both_languages() {
        assert_eq!(
            range(&w("2020-10-15"), Some(&w("2020-11-15")), "vi"),
            "Từ 15/10/2020 đến 15/11/2020"
        );
        assert_eq!(
            range(&w("2020-10-15"), Some(&w("2020-11-15")), "en"),
            "15 Oct – 15 Nov 2020"
        );
    }

    #[test]
    fn imprecise_periods() {
        assert_eq!(when(&w("2020-Q4"), "vi"), "Quý IV/2020");
        assert_eq!(when(&w("2020-Q4"), "en"), "Q4 2020");
        assert_eq!(when(&w("2020-11"), "vi"), "Tháng 11/2020");
    }

    #[test]
    fn single_days_and_posting_time() {
        assert_eq!(range(&w("2020-10-10"), None, "vi"), "Ngày 10/10/2020");
        assert_eq!(
            range(&w("2020-10-10"), Some(&w("2020-10-10")), "en"),
            "10 Oct 2020"
        );
        let dt = crate::dates::parse_datetime("2020-11-13T15:51:00+07:00").unwrap();
        assert_eq!(datetime(&dt, "vi"), "13/11/2020 15:51");
        assert_eq!(datetime(&dt, "en"), "13 Nov 2020, 15:51");
    }
}
