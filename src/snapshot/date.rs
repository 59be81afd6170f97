//! Calendar dates from Unix seconds, without a date crate.
//!
//! The snapshot needs two renderings of one moment (`Bagging-Date` and
//! `WARC-Date`), always in UTC so that the same `SOURCE_DATE_EPOCH` gives the
//! same bytes on every machine whatever its time zone.

/// A UTC moment broken into fields, valid for years 0000 to 9999 only,
/// because both BagIt's `YYYY-MM-DD` and WARC's W3C-ISO8601 need four digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// Seconds from 1970-01-01T00:00:00Z to 0000-01-01 and past 9999-12-31.
const MIN_EPOCH: i64 = -62_167_219_200;
const MAX_EPOCH: i64 = 253_402_300_799;

impl UtcDateTime {
    /// `None` when the year would not fit in four digits.
    pub fn from_epoch(seconds: i64) -> Option<UtcDateTime> {
        if !(MIN_EPOCH..=MAX_EPOCH).contains(&seconds) {
            return None;
        }
        let days = seconds.div_euclid(86_400);
        let secs_of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Some(UtcDateTime {
            year,
            month,
            day,
            hour: (secs_of_day / 3600) as u32,
            minute: (secs_of_day % 3600 / 60) as u32,
            second: (secs_of_day % 60) as u32,
        })
    }

    /// `2020-12-31`, the form RFC 8493 gives for `Bagging-Date`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2020-12-31T08:00:00Z`, the form WARC 1.1 requires for `WARC-Date`.
    pub fn warc_date(&self) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            self.hour,
            self.minute,
            self.second
        )
    }
}

/// Howard Hinnant's `civil_from_days`: proleptic Gregorian, exact for every
/// day count in range, with no loop over years.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_moments() {
        let t = UtcDateTime::from_epoch(0).unwrap();
        assert_eq!(t.warc_date(), "1970-01-01T00:00:00Z");
        // 2020-12-31T23:59:59Z, the last second of the Tây Hồ plan's quarter.
        let t = UtcDateTime::from_epoch(1_609_459_199).unwrap();
        assert_eq!(t.warc_date(), "2020-12-31T23:59:59Z");
        assert_eq!(t.date(), "2020-12-31");
        // A leap day, and a moment before 1970.
        assert_eq!(
            UtcDateTime::from_epoch(951_782_400).unwrap().date(),
            "2000-02-29"
        );
        assert_eq!(
            UtcDateTime::from_epoch(-1).unwrap().warc_date(),
            "1969-12-31T23:59:59Z"
        );
    }

    #[test]
    fn four_digit_years_only() {
        assert_eq!(
            UtcDateTime::from_epoch(MIN_EPOCH).unwrap().warc_date(),
            "0000-01-01T00:00:00Z"
        );
        assert_eq!(
            UtcDateTime::from_epoch(MAX_EPOCH).unwrap().warc_date(),
            "9999-12-31T23:59:59Z"
        );
        assert!(UtcDateTime::from_epoch(MIN_EPOCH - 1).is_none());
        assert!(UtcDateTime::from_epoch(MAX_EPOCH + 1).is_none());
        assert!(UtcDateTime::from_epoch(i64::MIN).is_none());
    }

    #[test]
    fn round_trips_every_day_of_a_few_centuries() {
        for days in (-800_000..800_000).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }
}
