//! Calendar dates as the content model uses them: exact dates, date-times with an
//! offset, and imprecise periods (`2020-11`, `2020-Q4`). Civil-date arithmetic is done
//! here (days since 1970) so that output never depends on the machine's time zone.

use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A moment as written: local date and time plus the UTC offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    pub date: Date,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub offset_minutes: i32,
}

/// When an event happens, as precisely as the source says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    Day(Date),
    Moment(DateTime),
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    /// A half-year (1 or 2): a plan's period, never an event's date.
    Half {
        year: i32,
        half: u32,
    },
    /// A whole year: a plan's period, never an event's date.
    Year(i32),
}

/// How long a plan's period is: plans of one cadence follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cadence {
    Day,
    Month,
    Quarter,
    Half,
    Year,
}

/// Why a date could not be read. `message` is the English text (`Display`, logs,
/// tests); `id` and `args` name the same reason in the message catalogue
/// (`dates.*` in src/diagnostic/messages/dates.yaml), which the layers above this one
/// word in the editor's language (this module sits beside the catalogue, not above it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl DateError {
    fn new(id: &'static str, args: &[(&'static str, &str)], message: String) -> DateError {
        DateError {
            message,
            id,
            args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The months in English, as errors about dates and English pages name them.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::new(
                "dates.no-month",
                &[("month", &month.to_string())],
                format!("there is no month {month}: months go from 01 to 12"),
            ));
        }
        if day == 0 || day > days_in_month(year, month) {
            let days = days_in_month(year, month);
            let name = MONTH_NAMES[month as usize - 1];
            let (year, days_text) = (year.to_string(), days.to_string());
            return Err(if month == 2 && day == 29 {
                DateError::new(
                    "dates.not-leap",
                    &[("year", &year), ("days", &days_text)],
                    format!("{year} is not a leap year: February {year} has {days} days"),
                )
            } else {
                // The month's name is the catalogue's (`dates.month-N`): filled in above.
                DateError::new(
                    "dates.no-day",
                    &[
                        ("year", &year),
                        ("month", &month.to_string()),
                        ("day", &day.to_string()),
                        ("days", &days_text),
                    ],
                    format!("there is no {name} {day}: {name} {year} has {days} days"),
                )
            });
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `20201116`, as iCalendar writes dates.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl DateTime {
    pub fn unix_seconds(&self) -> i64 {
        self.date.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }

    pub fn from_unix_seconds(secs: i64, offset_minutes: i32) -> DateTime {
        let local = secs + i64::from(offset_minutes) * 60;
        let days = local.div_euclid(86_400);
        let rem = local.rem_euclid(86_400);
        DateTime {
            date: Date::from_days_since_epoch(days),
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
            offset_minutes,
        }
    }

    /// RFC 3339, in the offset it was written with. Written into one string without
    /// `format!`: every dated page asks for it several times per build (its page, its
    /// JSON-LD, the sitemap, the feeds), and three formatted strings per stamp showed.
    pub fn rfc3339(&self) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(25);
        let _ = write!(s, "{:04}-", self.date.year);
        for (n, after) in [
            (self.date.month, '-'),
            (self.date.day, 'T'),
            (self.hour, ':'),
            (self.minute, ':'),
        ] {
            push_2_digits(&mut s, n);
            s.push(after);
        }
        push_2_digits(&mut s, self.second);
        if self.offset_minutes == 0 {
            s.push('Z');
        } else {
            s.push(if self.offset_minutes < 0 { '-' } else { '+' });
            let m = self.offset_minutes.unsigned_abs();
            push_2_digits(&mut s, m / 60);
            s.push(':');
            push_2_digits(&mut s, m % 60);
        }
        s
    }
}

/// What `{:02}` writes for `n`.
fn push_2_digits(s: &mut String, n: u32) {
    if n < 100 {
        s.push(char::from(b'0' + (n / 10) as u8));
        s.push(char::from(b'0' + (n % 10) as u8));
    } else {
        use std::fmt::Write;
        let _ = write!(s, "{n:02}");
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.unix_seconds().cmp(&other.unix_seconds())
    }
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `what` is the unit in English; the catalogue's id is `dates.bad-<what>`.
fn number(s: &str, what: &'static str) -> Result<u32, DateError> {
    let bad = || {
        let id = match what {
            "year" => "dates.bad-year",
            "month" => "dates.bad-month",
            "day" => "dates.bad-day",
            "hour" => "dates.bad-hour",
            "minute" => "dates.bad-minute",
            "second" => "dates.bad-second",
            "half-year" => "dates.bad-half",
            "quarter" => "dates.bad-quarter",
            _ => "dates.bad-offset",
        };
        DateError::new(id, &[("text", s)], format!("`{s}` is not a valid {what}"))
    };
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    s.parse().map_err(|_| bad())
}

pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(misread(s).unwrap_or_else(|| {
            DateError::new(
                "dates.not-a-date",
                &[("text", s)],
                format!("`{s}` is not a date"),
            )
        }));
    }
    Date::new(
        number(parts[0], "year")? as i32,
        number(parts[1], "month")?,
        number(parts[2], "day")?,
    )
}

/// ISO 8601 date-time with an explicit offset (`Z` or `±HH:MM`); a published date
/// without one would be read differently in different time zones, so it is refused.
pub fn parse_datetime(s: &str) -> Result<DateTime, DateError> {
    let Some((date_part, time_part)) = s.split_once(['T', ' ']) else {
        // A date alone, or a date written another way: say what is wrong with it.
        if let Some(e) = misread(s) {
            return Err(e);
        }
        parse_date(s)?;
        return Err(DateError::new(
            "dates.no-time",
            &[("text", s)],
            format!("`{s}` has no time part"),
        ));
    };
    let date = parse_date(date_part)?;
    let (clock, offset_minutes) = if let Some(c) = time_part.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = time_part.rfind(['+', '-']) {
        let (c, off) = time_part.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let hm: Vec<&str> = off[1..].split(':').collect();
        if hm.len() != 2 || hm[0].len() != 2 || hm[1].len() != 2 {
            return Err(DateError::new(
                "dates.not-an-offset",
                &[("text", off)],
                format!("`{off}` is not an offset like +07:00"),
            ));
        }
        let (h, m) = (number(hm[0], "offset")?, number(hm[1], "offset")?);
        if h > 14 || m > 59 {
            return Err(DateError::new(
                "dates.no-such-offset",
                &[("text", off)],
                format!("`{off}` is not a real UTC offset"),
            ));
        }
        (c, sign * (h * 60 + m) as i32)
    } else {
        return Err(DateError::new(
            "dates.no-offset",
            &[("text", s)],
            format!("`{s}` has no UTC offset; add one such as +07:00"),
        ));
    };
    let hms: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&hms.len()) || hms.iter().any(|p| p.len() != 2) {
        return Err(DateError::new(
            "dates.not-a-time",
            &[("text", clock)],
            format!("`{clock}` is not a time like 15:51:00"),
        ));
    }
    let hour = number(hms[0], "hour")?;
    let minute = number(hms[1], "minute")?;
    let second = match hms.get(2) {
        Some(p) => number(p, "second")?,
        None => 0,
    };
    if hour > 23 || minute > 59 || second > 59 {
        return Err(DateError::new(
            "dates.no-such-time",
            &[("text", clock)],
            format!("`{clock}` is not a time of day"),
        ));
    }
    Ok(DateTime {
        date,
        hour,
        minute,
        second,
        offset_minutes,
    })
}

impl When {
    /// A plan's or a snapshot's period: a year (`2021`), a half (`2021-H1`), a quarter
    /// (`2021-Q1`) or a month (`2021-03`), letters in either case.
    pub fn parse_period(s: &str) -> Result<When, DateError> {
        let s = s.trim();
        let year = |y: &str| -> Result<i32, DateError> {
            if y.len() != 4 {
                return Err(DateError::new(
                    "dates.not-a-year",
                    &[("text", y)],
                    format!("`{y}` is not a year like 2021"),
                ));
            }
            Ok(number(y, "year")? as i32)
        };
        if s.len() == 4 {
            return Ok(When::Year(year(s)?));
        }
        if let Some((y, h)) = s.split_once('-').filter(|(_, h)| h.starts_with(['H', 'h'])) {
            let half = number(&h[1..], "half-year")?;
            if !(1..=2).contains(&half) {
                return Err(DateError::new(
                    "dates.not-a-half",
                    &[("text", s), ("year", y)],
                    format!("`{s}` is not a half-year: write `{y}-H1` or `{y}-H2`"),
                ));
            }
            return Ok(When::Half {
                year: year(y)?,
                half,
            });
        }
        match When::parse(s)? {
            w @ (When::Quarter { .. } | When::Month { .. }) => Ok(w),
            _ => Err(DateError::new(
                "dates.day-not-period",
                &[("text", s)],
                format!("`{s}` is a day, not a period"),
            )),
        }
    }

    /// The length of the period.
    pub fn cadence(&self) -> Cadence {
        match self {
            When::Day(_) | When::Moment(_) => Cadence::Day,
            When::Month { .. } => Cadence::Month,
            When::Quarter { .. } => Cadence::Quarter,
            When::Half { .. } => Cadence::Half,
            When::Year(_) => Cadence::Year,
        }
    }

    /// Whether the period covers `day`.
    pub fn contains(&self, day: Date) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }

    pub fn parse(s: &str) -> Result<When, DateError> {
        let s = s.trim();
        if let Some(e) = misread(s) {
            return Err(e);
        }
        if let Some((y, q)) = s
            .split_once(['-'])
            .filter(|(_, q)| q.starts_with(['Q', 'q']))
        {
            let year = number(y, "year")? as i32;
            let quarter = number(&q[1..], "quarter")?;
            if y.len() != 4 || !(1..=4).contains(&quarter) {
                return Err(DateError::new(
                    "dates.not-a-quarter",
                    &[("text", s)],
                    format!("`{s}` is not a quarter like 2020-Q4"),
                ));
            }
            return Ok(When::Quarter { year, quarter });
        }
        if s.len() == 7 {
            let (y, m) = s.split_at(4);
            let month = number(m.trim_start_matches('-'), "month")?;
            if !m.starts_with('-') || !(1..=12).contains(&month) {
                return Err(DateError::new(
                    "dates.not-a-month",
                    &[("text", s)],
                    format!("`{s}` is not a month like 2020-11"),
                ));
            }
            return Ok(When::Month {
                year: number(y, "year")? as i32,
                month,
            });
        }
        if s.len() == 10 {
            return parse_date(s).map(When::Day);
        }
        parse_datetime(s).map(When::Moment)
    }

    /// The first day the period covers (for ordering and range checks).
    pub fn first_day(&self) -> Date {
        match *self {
            When::Day(d) => d,
            When::Moment(m) => m.date,
            When::Month { year, month } => Date {
                year,
                month,
                day: 1,
            },
            When::Quarter { year, quarter } => Date {
                year,
                month: quarter * 3 - 2,
                day: 1,
            },
            When::Half { year, half } => Date {
                year,
                month: half * 6 - 5,
                day: 1,
            },
            When::Year(year) => Date {
                year,
                month: 1,
                day: 1,
            },
        }
    }

    pub fn last_day(&self) -> Date {
        match *self {
            When::Day(d) => d,
            When::Moment(m) => m.date,
            When::Month { year, month } => Date {
                year,
                month,
                day: days_in_month(year, month),
            },
            When::Quarter { year, quarter } => Date {
                year,
                month: quarter * 3,
                day: days_in_month(year, quarter * 3),
            },
            When::Half { year, half } => Date {
                year,
                month: half * 6,
                day: days_in_month(year, half * 6),
            },
            When::Year(year) => Date {
                year,
                month: 12,
                day: 31,
            },
        }
    }

    pub fn is_imprecise(&self) -> bool {
        !matches!(self, When::Day(_) | When::Moment(_))
    }

    pub fn iso(&self) -> String {
        match *self {
            When::Day(d) => d.iso(),
            When::Moment(m) => m.rfc3339(),
            When::Month { year, month } => format!("{year:04}-{month:02}"),
            When::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
            When::Half { year, half } => format!("{year:04}-H{half}"),
            When::Year(year) => format!("{year:04}"),
        }
    }
}

/// Dates written the way Vietnamese (and most people) write them by hand, which the
/// content format does not read: day first (`08/01/2021`, `8-1-2021`, `08.01.2021`), a
/// month as `3/2021`, a quarter as `Q1/2021` or `quý 1/2021`. Each is an error that
/// says how it was read; [`rewrite`] gives the exact text to write instead.
fn misread(s: &str) -> Option<DateError> {
    let fix = rewrite(s)?;
    let (id, what) = match fix.len() {
        10 => (
            "dates.day-first",
            "is written day first; dates here are year-month-day",
        ),
        _ if fix.contains('Q') => (
            "dates.quarter-other-way",
            "is a quarter written the other way round; quarters here are year-Qn",
        ),
        _ => (
            "dates.month-other-way",
            "is a month written the other way round; months here are year-month",
        ),
    };
    Some(DateError::new(
        id,
        &[("written", s)],
        format!("`{s}` {what}"),
    ))
}

/// The text to write for a date written by hand (see [`misread`]): `08/01/2021` gives
/// `2021-01-08` (day first, as Vietnamese write dates), `3/2021` gives `2021-03`,
/// `Q1/2021` or `quý I/2021` gives `2021-Q1`. None when `s` is not such a date, or
/// names a day or month that does not exist.
pub fn rewrite(s: &str) -> Option<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '.', '-']).map(str::trim).collect();
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    let year = |p: &str| (p.len() == 4 && digits(p, 4)).then(|| p.parse::<i32>().ok())?;
    match parts.as_slice() {
        // Never the ISO `2021-01-08`: its first part has four digits.
        [d, m, y] if digits(d, 2) && digits(m, 2) => {
            let y = year(y)?;
            let date = Date::new(y, m.parse().ok()?, d.parse().ok()?).ok()?;
            Some(date.iso())
        }
        [q, y] => {
            let y = year(y)?;
            let folded = q.to_lowercase();
            let q = folded
                .trim_start_matches("quý")
                .trim_start_matches("quy")
                .trim_start_matches('q')
                .trim();
            if q.len() < folded.len() {
                let n = match q {
                    "1" | "i" => 1,
                    "2" | "ii" => 2,
                    "3" | "iii" => 3,
                    "4" | "iv" => 4,
                    _ => return None,
                };
                return Some(format!("{y:04}-Q{n}"));
            }
            if digits(q, 2) && s.contains('/') {
                let m: u32 = q.parse().ok()?;
                return (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
            }
            None
        }
        _ => None,
    }
}

/// What is wrong with a date that could not be read, for messages worded by the
/// caller (in the editor's language): see [`mistake`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// `2021-13-01`.
    NoMonth { month: u32 },
    /// `2021-04-31`.
    NoDay {
        year: i32,
        month: u32,
        day: u32,
        days: u32,
    },
    /// `2021-02-29`.
    NotLeap { year: i32, days: u32 },
    /// `08/01/2021`.
    DayFirst,
    /// `Quý IV/2020`.
    QuarterOtherWay,
    /// `3/2021`.
    MonthOtherWay,
}

/// Names the mistake in `s`, a date that could not be read, when it is one editors
/// make (a day or month that does not exist, a date written by hand); None otherwise.
pub fn mistake(s: &str) -> Option<Mistake> {
    if let Some(fix) = rewrite(s) {
        return Some(match fix.len() {
            10 => Mistake::DayFirst,
            _ if fix.contains('Q') => Mistake::QuarterOtherWay,
            _ => Mistake::MonthOtherWay,
        });
    }
    let s = s.trim();
    let date = s.get(..10)?;
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&month) {
        return Some(Mistake::NoMonth { month });
    }
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        return Some(if month == 2 && day == 29 {
            Mistake::NotLeap { year, days }
        } else {
            Mistake::NoDay {
                year,
                month,
                day,
                days,
            }
        });
    }
    None
}

/// The text to write instead of `s`, a date that could not be read, when one is likely:
/// a hand-written date rewritten ([`rewrite`]), a month and day swapped (`2021-13-01`:
/// 13 January), or the last day of the month for a day past it (`2021-02-30`).
pub fn suggestion(s: &str) -> Option<String> {
    if let Some(fix) = rewrite(s) {
        return Some(fix);
    }
    let s = s.trim();
    let (date, rest) = (s.get(..10)?, &s[10..]);
    let parts: Vec<u32> = date
        .splitn(3, '-')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [y, m, d] = parts[..] else { return None };
    let year = i32::try_from(y).ok().filter(|_| date.len() == 10)?;
    let fixed = if !(1..=12).contains(&m) && (1..=12).contains(&d) {
        Date::new(year, d, m).ok()?
    } else if (1..=12).contains(&m) && d > days_in_month(year, m) {
        Date::new(year, m, days_in_month(year, m)).ok()?
    } else {
        return None;
    };
    Some(format!("{}{rest}", fixed.iso()))
}

/// The one source of "now": `SOURCE_DATE_EPOCH` when set (reproducible builds), else
/// the system clock. Nothing else in the crate reads the clock for output.
pub fn now_unix_seconds() -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return epoch;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_refused() {
        assert!(parse_date("2020-02-30").is_err());
        assert!(parse_date("2021-02-29").is_err());
        assert!(parse_date("2020-02-29").is_ok());
        assert!(parse_date("2020-13-01").is_err());
    }

    #[test]
    fn dates_say_what_is_wrong() {
        let e = |s: &str| When::parse(s).unwrap_err().message;
        assert_eq!(
            e("2021-13-01"),
            "there is no month 13: months go from 01 to 12"
        );
        assert_eq!(
            e("2021-02-30"),
            "there is no February 30: February 2021 has 28 days"
        );
        assert_eq!(
            e("2021-02-29"),
            "2021 is not a leap year: February 2021 has 28 days"
        );
        assert_eq!(
            e("08/01/2021"),
            "`08/01/2021` is written day first; dates here are year-month-day"
        );
        assert_eq!(
            e("8-1-2021"),
            "`8-1-2021` is written day first; dates here are year-month-day"
        );
        assert_eq!(
            e("Quý IV/2020"),
            "`Quý IV/2020` is a quarter written the other way round; quarters here are year-Qn"
        );
        assert_eq!(
            e("3/2021"),
            "`3/2021` is a month written the other way round; months here are year-month"
        );
        // A published date takes a plain date: its error is the date's, not a time's.
        assert_eq!(
            parse_datetime("2021-02-30").unwrap_err().message,
            "there is no February 30: February 2021 has 28 days"
        );
        assert_eq!(
            parse_datetime("08/01/2021").unwrap_err().message,
            "`08/01/2021` is written day first; dates here are year-month-day"
        );
        // Day first means the 13th of January, never a 13th month.
        assert_eq!(rewrite("13/01/2021").as_deref(), Some("2021-01-13"));
        assert_eq!(rewrite("01/13/2021"), None);
        assert_eq!(rewrite("2021-01-08"), None);
        assert_eq!(suggestion("2021-13-01").as_deref(), Some("2021-01-13"));
        assert_eq!(suggestion("2021-02-30").as_deref(), Some("2021-02-28"));
        assert_eq!(
            suggestion("2021-02-30T08:00:00+07:00").as_deref(),
            Some("2021-02-28T08:00:00+07:00")
        );
        assert_eq!(suggestion("08/01/2021").as_deref(), Some("2021-01-08"));
        assert_eq!(suggestion("2021-13-14"), None);
        assert_eq!(mistake("2021-13-01"), Some(Mistake::NoMonth { month: 13 }));
        assert_eq!(
            mistake("2021-02-29T08:00:00+07:00"),
            Some(Mistake::NotLeap {
                year: 2021,
                days: 28
            })
        );
        assert_eq!(mistake("08/01/2021"), Some(Mistake::DayFirst));
        assert_eq!(mistake("2021-01-08"), None);
    }

    #[test]
    fn datetime_needs_an_offset() {
        let dt = parse_datetime("2020-11-13T15:51:00+07:00").unwrap();
        assert_eq!((dt.hour, dt.minute, dt.offset_minutes), (15, 51, 420));
        assert_eq!(dt.rfc3339(), "2020-11-13T15:51:00+07:00");
        assert!(parse_datetime("2020-11-13T15:51:00").is_err());
        assert!(parse_datetime("2020-11-13T25:51:00Z").is_err());
    }

    #[test]
    fn rfc3339_writes_what_format_wrote() {
        let old = |d: &DateTime| {
            let off = if d.offset_minutes == 0 {
                "Z".to_string()
            } else {
                let sign = if d.offset_minutes < 0 { '-' } else { '+' };
                let m = d.offset_minutes.abs();
                format!("{sign}{:02}:{:02}", m / 60, m % 60)
            };
            format!(
                "{}T{:02}:{:02}:{:02}{off}",
                d.date.iso(),
                d.hour,
                d.minute,
                d.second
            )
        };
        for (year, offset_minutes) in [(2020, 420), (7, 0), (-44, -330), (12345, -5999), (1, 6000)]
        {
            for (hour, minute, second) in [(0, 0, 0), (9, 5, 59), (23, 59, 60), (100, 7, 123)] {
                let d = DateTime {
                    date: Date {
                        year,
                        month: 11,
                        day: 3,
                    },
                    hour,
                    minute,
                    second,
                    offset_minutes,
                };
                assert_eq!(d.rfc3339(), old(&d));
            }
        }
    }

    #[test]
    fn epoch_round_trip() {
        let dt = parse_datetime("2020-11-13T15:51:00+07:00").unwrap();
        assert_eq!(dt.unix_seconds(), 1_605_257_460);
        let back = DateTime::from_unix_seconds(dt.unix_seconds(), 420);
        assert_eq!(back, dt);
        let d = Date::new(1969, 12, 31).unwrap();
        assert_eq!(d.days_since_epoch(), -1);
        assert_eq!(Date::from_days_since_epoch(-1), d);
    }

    #[test]
    fn a_period_is_a_year_a_half_a_quarter_or_a_month() {
        let covers = |s: &str| {
            When::parse_period(s).map(|w| (w.iso(), w.first_day().iso(), w.last_day().iso()))
        };
        let ok = |a: &str, b: &str, c: &str| Ok((a.to_string(), b.to_string(), c.to_string()));
        assert_eq!(covers("2021"), ok("2021", "2021-01-01", "2021-12-31"));
        assert_eq!(covers("2021-h1"), ok("2021-H1", "2021-01-01", "2021-06-30"));
        assert_eq!(covers("2021-H2"), ok("2021-H2", "2021-07-01", "2021-12-31"));
        assert_eq!(covers("2021-q1"), ok("2021-Q1", "2021-01-01", "2021-03-31"));
        assert_eq!(covers("2024-02"), ok("2024-02", "2024-02-01", "2024-02-29"));
        for bad in [
            "2021-H3",
            "2021-H0",
            "21",
            "20210",
            "2021-03-04",
            "2021-Q5",
            "H1-2021",
            "",
        ] {
            assert!(When::parse_period(bad).is_err(), "{bad}");
        }
        // An event's date is never a year or a half.
        assert!(When::parse("2021-H1").is_err());
        let year = When::parse_period("2021").expect("a year");
        assert!(year.contains(Date::new(2021, 7, 1).expect("a day")));
        assert!(!year.contains(Date::new(2022, 1, 1).expect("a day")));
        assert_eq!(year.cadence(), Cadence::Year);
    }

    #[test]
    fn periods_cover_their_days() {
        let q = When::parse("2020-Q4").unwrap();
        assert_eq!(q.first_day().iso(), "2020-10-01");
        assert_eq!(q.last_day().iso(), "2020-12-31");
        let m = When::parse("2020-02").unwrap();
        assert_eq!(m.last_day().iso(), "2020-02-29");
        assert!(When::parse("2020-Q5").is_err());
        assert!(When::parse("2020-13").is_err());
        assert_eq!(
            Date::new(2020, 11, 15).unwrap().add_days(1).iso(),
            "2020-11-16"
        );
    }
}
