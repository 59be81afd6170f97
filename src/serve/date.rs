//! HTTP dates (RFC 9110 §5.6.7, IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`), for
//! `Last-Modified` and `If-Modified-Since`. Only the fixed form is read: every browser
//! sends it back as it was given.

use crate::dates::Date;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Whole seconds since 1970 (times before it count as 1970).
pub fn seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

pub fn format(t: SystemTime) -> String {
    let secs = seconds(t) as i64;
    let (day, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let date = Date::from_days_since_epoch(day);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[day.rem_euclid(7) as usize],
        date.day,
        MONTHS[date.month as usize - 1],
        date.year,
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

pub fn parse(s: &str) -> Option<SystemTime> {
    let mut parts = s.split(' ');
    let (_, d, mon, y, time, gmt) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if gmt != "GMT" || parts.next().is_some() || d.len() != 2 || y.len() != 4 {
        return None;
    }
    let m = MONTHS.iter().position(|&x| x == mon)? as u32 + 1;
    let (d, y): (u32, i32) = (d.parse().ok()?, y.parse().ok()?);
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, mi, se) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 || y < 1970 {
        return None;
    }
    let days = Date::new(y, m, d).ok()?.days_since_epoch();
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + mi * 60 + se;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_example_both_ways() {
        let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(format(t), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
        // SOURCE_DATE_EPOCH of the tests, and a leap day.
        let t = UNIX_EPOCH + Duration::from_secs(1_609_459_200);
        assert_eq!(format(t), "Fri, 01 Jan 2021 00:00:00 GMT");
        let leap = parse("Thu, 29 Feb 2024 12:00:00 GMT").unwrap();
        assert_eq!(format(leap), "Thu, 29 Feb 2024 12:00:00 GMT");
    }

    #[test]
    fn other_forms_are_not_dates() {
        for bad in [
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Fri, 30 Feb 2024 00:00:00 GMT",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
