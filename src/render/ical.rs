//! iCalendar (RFC 5545): one calendar of every dated event per language (`events.ics`,
//! `en/events.ics`) and one per event, beside its page, for "Add to calendar".
//!
//! Calendars are subscribed to and re-imported, so everything in them must be the same
//! from one build to the next: the UID comes from the page, DTSTAMP from the page's own
//! date, never from the clock. Events the source dates only by month or quarter are left
//! out (a calendar entry needs a day); their pages say so.

use super::context::Views;
use super::SiteFile;
use crate::content::front_matter::{Event, EventStatus, Kind};
use crate::content::summary_text;
use crate::content::Page;
use crate::dates::{Date, DateTime, When};
use crate::site::{PageId, Site};

/// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975, so one
/// STANDARD block describes every date a plan can name.
const VIETNAM_OFFSET_MINUTES: i32 = 7 * 60;
const VIETNAM_TZID: &str = "Asia/Ho_Chi_Minh";
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Ho_Chi_Minh",
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:ICT",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// When an event happens, in the two shapes a calendar knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Whole days; `end` is exclusive, as DTEND;VALUE=DATE is (RFC 5545 §3.6.1).
    AllDay { start: Date, end: Date },
    /// A moment with an optional end moment.
    Timed {
        start: DateTime,
        end: Option<DateTime>,
    },
}

/// The calendar span of an event, or `None` when it cannot go in a calendar: a start
/// or end known only by month or quarter, or an end before the start.
pub fn span(start: &When, end: Option<&When>) -> Option<Span> {
    if start.is_imprecise() || end.is_some_and(When::is_imprecise) {
        return None;
    }
    let span = match (*start, end.copied()) {
        (When::Moment(s), None) => Span::Timed {
            start: s,
            end: None,
        },
        (When::Moment(s), Some(When::Moment(e))) => Span::Timed {
            start: s,
            end: Some(e),
        },
        // A timed start with a last day: it runs to the end of that day, in the
        // start's own time zone.
        (When::Moment(s), Some(e)) => {
            let next = e.last_day().add_days(1);
            Span::Timed {
                start: s,
                end: Some(DateTime {
                    date: next,
                    hour: 0,
                    minute: 0,
                    second: 0,
                    offset_minutes: s.offset_minutes,
                }),
            }
        }
        (s, e) => Span::AllDay {
            start: s.first_day(),
            end: e.unwrap_or(s).last_day().add_days(1),
        },
    };
    let ordered = match span {
        Span::AllDay { start, end } => start < end,
        Span::Timed { start, end } => end.is_none_or(|e| e >= start),
    };
    ordered.then_some(span)
}

/// One VEVENT, as plain values; [`write_calendar`] does the escaping and folding.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    pub uid: String,
    /// UTC seconds.
    pub stamp: i64,
    pub span: Span,
    pub summary: String,
    pub location: Option<String>,
    pub description: String,
    pub url: String,
    pub status: EventStatus,
    /// Who publishes the event, when the site gives an address to reach them.
    pub organizer: Option<Organizer>,
    /// The language of the summary and description, when it is not the calendar's: an
    /// untranslated event in the other language's calendar (`LANGUAGE=vi`).
    pub language: Option<String>,
}

/// An `ORGANIZER`: a name (`CN`) and the address the site publishes for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organizer {
    pub name: String,
    /// A `mailto:`, `http(s):` or `tel:` URI (RFC 5545's CAL-ADDRESS is a URI).
    pub uri: String,
}

/// The site's `contact` as a calendar address: an e-mail address becomes `mailto:`,
/// a `mailto:`, `tel:`, `http://` or `https://` URI stays as it is. Anything else (a
/// postal address, a phone number written for people) gives none: an organizer's
/// address is never made up from free text.
pub fn contact_uri(contact: &str) -> Option<String> {
    let c = contact.trim();
    if c.is_empty()
        || c.chars()
            .any(|ch| ch.is_whitespace() || ch.is_control() || ch == '"')
    {
        return None;
    }
    let lower = c.to_ascii_lowercase();
    let has_rest = |scheme: &str| c.len() > scheme.len();
    if ["mailto:", "tel:", "http://", "https://"]
        .iter()
        .any(|s| lower.starts_with(s) && has_rest(s))
    {
        return Some(c.to_string());
    }
    match c.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !c.contains(':')
                && !domain.contains('@') =>
        {
            Some(format!("mailto:{c}"))
        }
        _ => None,
    }
}

/// A property parameter value (RFC 5545 §3.1): always quoted, so `:`, `;` and `,` in a
/// name stay inside it; a double quote cannot be written in one and is left out.
fn param_value(s: &str) -> String {
    let inner: String = s
        .chars()
        .filter(|&c| c != '"' && (!c.is_control() || c == '\t'))
        .collect();
    format!("\"{inner}\"")
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: physical lines of at most 75 octets, continued with CRLF and one
/// space, and never cut inside a UTF-8 character (Vietnamese letters take 2–3 octets)
/// nor inside an escape (`\n`, `\,`, `\;`, `\\`): the RFC allows that cut, but Google
/// Calendar drops an event whose `\` and `n` are on two lines (issue 20, case 12).
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 37);
    let mut used = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        // A backslash and the character it escapes go on one line together.
        let end = match (c, chars.peek()) {
            ('\\', Some(&(i, next))) => {
                chars.next();
                i + next.len_utf8()
            }
            _ => start + c.len_utf8(),
        };
        let n = end - start;
        if used + n > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(&line[start..end]);
        used += n;
    }
    out
}

fn utc_stamp(secs: i64) -> String {
    let t = DateTime::from_unix_seconds(secs, 0);
    format!(
        "{}T{:02}{:02}{:02}Z",
        t.date.compact(),
        t.hour,
        t.minute,
        t.second
    )
}

/// A DTSTART/DTEND property: local time with TZID when written in Vietnam's offset (so
/// calendars show the time editors wrote), UTC otherwise.
fn moment_property(name: &str, m: &DateTime) -> (String, bool) {
    if m.offset_minutes == VIETNAM_OFFSET_MINUTES {
        (
            format!(
                "{name};TZID={VIETNAM_TZID}:{}T{:02}{:02}{:02}",
                m.date.compact(),
                m.hour,
                m.minute,
                m.second
            ),
            true,
        )
    } else {
        (format!("{name}:{}", utc_stamp(m.unix_seconds())), false)
    }
}

fn status_value(s: EventStatus) -> &'static str {
    // A planned event is on the office's schedule: CONFIRMED, as held ones are. A
    // postponed one no longer has the date shown: TENTATIVE until it gets a new one.
    match s {
        EventStatus::Planned | EventStatus::Held => "CONFIRMED",
        EventStatus::Postponed => "TENTATIVE",
        EventStatus::Cancelled => "CANCELLED",
    }
}

fn event_lines(e: &CalendarEvent, uses_tz: &mut bool) -> Vec<String> {
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape_text(&e.uid)),
        format!("DTSTAMP:{}", utc_stamp(e.stamp)),
    ];
    match e.span {
        Span::AllDay { start, end } => {
            lines.push(format!("DTSTART;VALUE=DATE:{}", start.compact()));
            lines.push(format!("DTEND;VALUE=DATE:{}", end.compact()));
        }
        Span::Timed { start, end } => {
            let (line, tz) = moment_property("DTSTART", &start);
            *uses_tz |= tz;
            lines.push(line);
            if let Some(end) = end {
                let (line, tz) = moment_property("DTEND", &end);
                *uses_tz |= tz;
                lines.push(line);
            }
        }
    }
    let language = e
        .language
        .as_ref()
        // Language codes are checked at load: lower-case letters and `-`.
        .map(|l| format!(";LANGUAGE={l}"))
        .unwrap_or_default();
    lines.push(format!("SUMMARY{language}:{}", escape_text(&e.summary)));
    if let Some(l) = &e.location {
        lines.push(format!("LOCATION:{}", escape_text(l)));
    }
    if !e.description.is_empty() {
        lines.push(format!(
            "DESCRIPTION{language}:{}",
            escape_text(&e.description)
        ));
    }
    if let Some(o) = &e.organizer {
        lines.push(format!("ORGANIZER;CN={}:{}", param_value(&o.name), o.uri));
    }
    lines.push(format!("URL:{}", e.url));
    lines.push(format!("STATUS:{}", status_value(e.status)));
    // Public events, not the reader's own appointments: they must not mark the
    // reader busy for the month a campaign runs.
    lines.push("TRANSP:TRANSPARENT".to_string());
    lines.push("CLASS:PUBLIC".to_string());
    lines.push("END:VEVENT".to_string());
    lines
}

/// A whole VCALENDAR: CRLF line ends, folded lines, VTIMEZONE only when some time
/// refers to it.
pub fn write_calendar(name: &str, lang: &str, events: &[CalendarEvent]) -> String {
    let mut uses_tz = false;
    let body: Vec<String> = events
        .iter()
        .flat_map(|e| event_lines(e, &mut uses_tz))
        .collect();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!(
            "PRODID:-//congkhai//NONSGML congkhai//{}",
            lang.to_ascii_uppercase()
        ),
        "CALSCALE:GREGORIAN".to_string(),
    ];
    // iTIP (RFC 5546 §3.2.1): a PUBLISH names the ORGANIZER of every event. Without an
    // address to name, the calendar is a plain RFC 5545 one, which clients import and
    // subscribe to all the same.
    if !events.is_empty() && events.iter().all(|e| e.organizer.is_some()) {
        lines.push("METHOD:PUBLISH".to_string());
    }
    lines.extend([
        format!("NAME:{}", escape_text(name)),
        format!("X-WR-CALNAME:{}", escape_text(name)),
        "REFRESH-INTERVAL;VALUE=DURATION:P1D".to_string(),
        "X-PUBLISHED-TTL:P1D".to_string(),
    ]);
    if uses_tz {
        lines.extend(VTIMEZONE.iter().map(|s| s.to_string()));
    }
    lines.extend(body);
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
        out.push_str("\r\n");
    }
    out
}

/// The host of the public address: the right-hand side of every UID, as RFC 5545
/// suggests, so UIDs do not clash with other publishers' events.
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match authority.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => authority,
    }
}

/// The path of the public address, `congkhai/` for `https://example.org/congkhai/`.
fn base_path(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split_once('/').map_or("", |(_, p)| p)
}

/// The same in every language and every build: the page's key (shared with its
/// translations, which describe the same event) at the site's host. Sites published
/// under a sub-path of one host (several wards on one GitHub Pages account) keep their
/// path in the UID, or their events would replace each other in a calendar.
pub fn uid(site: &Site, page: &Page) -> String {
    let base = &site.config.base_url;
    format!("{}{}@{}", base_path(base), page.key, host(base))
}

/// `events.ics` or `en/events.ics`.
pub fn calendar_path(site: &Site, lang: &str) -> String {
    format!("{}events.ics", site.language_prefix(lang))
}

fn event_of(page: &Page) -> Option<&Event> {
    match &page.front.kind {
        Kind::Event(e) => Some(e),
        _ => None,
    }
}

/// Where the one-event calendar of a page goes (beside the page, named after it), or
/// `None` when the event has no day to put in a calendar.
pub fn event_calendar_path(page: &Page) -> Option<String> {
    // A draft shown by `--drafts` gets no calendar anyone could subscribe to.
    if page.front.draft {
        return None;
    }
    let e = event_of(page)?;
    span(&e.start, e.end.as_ref())?;
    let slug = page.url.trim_end_matches('/').rsplit('/').next()?;
    if slug.is_empty() {
        return None;
    }
    Some(format!("{}{slug}.ics", page.url))
}

fn calendar_event(views: &Views<'_>, id: PageId) -> Option<CalendarEvent> {
    let site = views.site;
    let page = &site.pages[id];
    let e = event_of(page)?;
    let span = span(&e.start, e.end.as_ref())?;
    let permalink = format!("{}{}", site.config.base_url, page.url);
    let mut description = summary_text(page);
    let mut facts = Vec::new();
    if let Some(o) = &e.organizer {
        facts.push(format!("{}: {o}", views.label(&page.lang, "organizer")));
    }
    if let Some(t) = site.event_task_group[id] {
        facts.push(format!(
            "{}: {}",
            views.label(&page.lang, "related_task_group"),
            site.pages[t].front.title
        ));
    }
    facts.push(permalink.clone());
    for f in facts {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&f);
    }
    let stamp = page
        .front
        .updated
        .or(page.front.date)
        .map(|d| d.unix_seconds())
        .unwrap_or_else(crate::dates::now_unix_seconds);
    Some(CalendarEvent {
        uid: uid(site, page),
        stamp,
        span,
        summary: page.front.title.clone(),
        location: e.location.clone(),
        description,
        url: permalink,
        status: e.status,
        organizer: organizer(site, &page.lang),
        language: None,
    })
}

/// The calendar's publisher, the site's issuer in the page's language, as every event's
/// ORGANIZER, when the site publishes a contact address for it. The event's own
/// `organizer:` is a name only; the issuer's address is not given to it.
fn organizer(site: &Site, lang: &str) -> Option<Organizer> {
    let l = site
        .config
        .languages
        .iter()
        .find(|l| l.code == lang)
        .unwrap_or_else(|| site.config.default_language());
    let uri = contact_uri(l.contact.as_deref()?)?;
    let name = l.issuer.trim();
    (!name.is_empty()).then(|| Organizer {
        name: name.to_string(),
        uri,
    })
}

/// Every calendar file of the site.
pub fn files(views: &Views<'_>) -> Vec<SiteFile> {
    let site = views.site;
    let mut out = Vec::new();
    for l in &site.config.languages {
        if !site.homes.contains_key(&l.code) {
            continue;
        }
        let mut all = Vec::new();
        for id in site.events(&l.code) {
            if site.pages[id].front.draft {
                continue;
            }
            let Some(mut ev) = calendar_event(views, id) else {
                continue;
            };
            let page = &site.pages[id];
            // A fallback (an event of another language, untranslated) has its own
            // calendar file in its own language already.
            if let Some(path) = event_calendar_path(page).filter(|_| page.lang == l.code) {
                out.push(SiteFile {
                    path,
                    bytes: write_calendar(&page.front.title, &l.code, std::slice::from_ref(&ev))
                        .into_bytes(),
                });
            }
            ev.language = (page.lang != l.code).then(|| page.lang.clone());
            all.push(ev);
        }
        let name = format!("{} – {}", l.title, views.label(&l.code, "events"));
        out.push(SiteFile {
            path: calendar_path(site, &l.code),
            bytes: write_calendar(&name, &l.code, &all).into_bytes(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> When {
        When::parse(s).unwrap()
    }

    fn d(s: &str) -> Date {
        crate::dates::parse_date(s).unwrap()
    }

    #[test]
    fn law_day_ends_the_day_after_its_last_day() {
        assert_eq!(
            span(&w("2020-10-15"), Some(&w("2020-11-15"))),
            Some(Span::AllDay {
                start: d("2020-10-15"),
                end: d("2020-11-16")
            })
        );
        // One day, crossing a year end.
        assert_eq!(
            span(&w("2020-12-31"), None),
            Some(Span::AllDay {
                start: d("2020-12-31"),
                end: d("2021-01-01")
            })
        );
    }

    #[test]
    fn imprecise_or_reversed_events_stay_out() {
        assert_eq!(span(&w("2020-Q4"), None), None);
        assert_eq!(span(&w("2020-11"), None), None);
        assert_eq!(span(&w("2020-10-15"), Some(&w("2020-Q4"))), None);
        assert_eq!(span(&w("2020-11-15"), Some(&w("2020-10-15"))), None);
    }

    #[test]
    fn timed_start_with_a_last_day_runs_to_midnight_after_it() {
        let s = span(&w("2020-10-10T08:00:00+07:00"), Some(&w("2020-10-11"))).unwrap();
        let Span::Timed { end: Some(end), .. } = s else {
            panic!("{s:?}")
        };
        assert_eq!(end.rfc3339(), "2020-10-12T00:00:00+07:00");
    }

    #[test]
    fn text_escaping() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        // 74 ASCII octets, then "ệ" (3 octets) would straddle octet 75.
        let line = format!("{}ệabc", "x".repeat(74));
        let folded = fold(&line);
        assert_eq!(folded, format!("{}\r\n ệabc", "x".repeat(74)));
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        // A long Vietnamese line: every piece ≤ 75 octets, valid UTF-8, and unfolding
        // gives the line back.
        let long = "SUMMARY:".to_string() + &"Kỷ niệm 66 năm Ngày Giải phóng Thủ đô ".repeat(6);
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|p| p.len() <= 75));
        assert!(folded.split("\r\n").skip(1).all(|p| p.starts_with(' ')));
        assert_eq!(folded.replace("\r\n ", ""), long);
        // Short lines are untouched.
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0");
    }

    /// Issue 20, case 12: a fold fell between `\` and `n`, and Google Calendar then
    /// dropped the event.
    #[test]
    fn case_12_folding_never_splits_an_escape_pair() {
        for escaped in ["\\n", "\\,", "\\;", "\\\\"] {
            // The escape's backslash is octet 75: the pair moves to the next line whole.
            let line = format!("{}{escaped}ab", "x".repeat(74));
            let folded = fold(&line);
            assert_eq!(folded, format!("{}\r\n {escaped}ab", "x".repeat(74)));
            assert_eq!(folded.replace("\r\n ", ""), line);
        }
        // An escaped backslash then `n` (the text `\n`): `\\` is the pair, `n` is free.
        let line = format!("{}\\\\n", "x".repeat(73));
        assert_eq!(fold(&line), format!("{}\\\\\r\n n", "x".repeat(73)));
        // Whatever the text, no physical line ends inside an escape or a character.
        let text = escape_text(&"Hội chợ OCOP, ngõ 612 Lạc Long Quân; phố\nđi bộ\\".repeat(9));
        for offset in 0..40 {
            let line = format!("DESCRIPTION:{}{text}", "x".repeat(offset));
            let folded = fold(&line);
            assert_eq!(folded.replace("\r\n ", ""), line);
            for physical in folded.split("\r\n") {
                assert!(physical.len() <= 75, "{physical:?}");
                let trailing = physical.len() - physical.trim_end_matches('\\').len();
                assert!(
                    trailing % 2 == 0,
                    "a line ends inside an escape: {physical:?}"
                );
            }
        }
        assert_eq!(fold(&"y".repeat(75)), "y".repeat(75));
    }

    fn sample(span: Span) -> CalendarEvent {
        CalendarEvent {
            uid: "su-kien/ngay-phap-luat@congkhai.example".into(),
            stamp: 1_605_257_460,
            span,
            summary: "Ngày Pháp luật, 2020; hưởng ứng".into(),
            location: None,
            description: String::new(),
            url: "https://congkhai.example/su-kien/ngay-phap-luat/".into(),
            status: EventStatus::Planned,
            organizer: None,
            language: None,
        }
    }

    fn all_day() -> Span {
        Span::AllDay {
            start: d("2020-10-15"),
            end: d("2020-11-16"),
        }
    }

    #[test]
    fn method_publish_without_organizer_is_not_written() {
        // Issue 22: METHOD:PUBLISH with no ORGANIZER, which libical's iTIP check
        // (RFC 5546 §3.2.1) rejects. The bundled site publishes no contact address.
        let text = write_calendar("Sự kiện", "vi", &[sample(all_day())]);
        assert!(!text.contains("METHOD:"), "{text}");
        assert!(!text.contains("ORGANIZER"), "{text}");
        // An empty calendar publishes nothing either.
        assert!(!write_calendar("x", "vi", &[]).contains("METHOD:"));
    }

    #[test]
    fn every_event_with_an_organizer_makes_an_itip_publish() {
        let mut ev = sample(all_day());
        ev.organizer = Some(Organizer {
            name: "UBND quận Tây Hồ; VP: \"một cửa\"".into(),
            uri: "mailto:vanphong@tayho.example".into(),
        });
        let text = write_calendar("Sự kiện", "vi", &[ev.clone()]);
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("\r\nMETHOD:PUBLISH\r\n"), "{text}");
        assert!(
            unfolded.contains(
                "\r\nORGANIZER;CN=\"UBND quận Tây Hồ; VP: một cửa\":mailto:vanphong@tayho.example\r\n"
            ),
            "{unfolded}"
        );
        // One event without: no METHOD for the calendar.
        let text = write_calendar("Sự kiện", "vi", &[ev, sample(all_day())]);
        assert!(!text.contains("METHOD:"));
    }

    #[test]
    fn only_an_address_becomes_a_contact_uri() {
        assert_eq!(
            contact_uri(" vanphong@tayho.example ").as_deref(),
            Some("mailto:vanphong@tayho.example")
        );
        assert_eq!(
            contact_uri("https://tayho.example/lien-he/").as_deref(),
            Some("https://tayho.example/lien-he/")
        );
        assert_eq!(
            contact_uri("tel:+84-24-3753-0000").as_deref(),
            Some("tel:+84-24-3753-0000")
        );
        for text in [
            "",
            "024 3753 0000",
            "Phòng 101, số 657 Lạc Long Quân",
            "a@b",
            "@tayho.example",
            "mailto:",
            "x@y.vn và z@w.vn",
        ] {
            assert_eq!(contact_uri(text), None, "{text:?}");
        }
    }

    #[test]
    fn all_day_calendar_has_no_timezone() {
        let text = write_calendar(
            "Sự kiện",
            "vi",
            &[sample(Span::AllDay {
                start: d("2020-10-15"),
                end: d("2020-11-16"),
            })],
        );
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20201015"));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20201116"));
        assert!(lines.contains(&"DTSTAMP:20201113T085100Z"));
        assert!(lines.contains(&"SUMMARY:Ngày Pháp luật\\, 2020\\; hưởng ứng"));
        assert!(!text.contains("VTIMEZONE"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn vietnam_times_use_tzid_and_others_utc() {
        let text = write_calendar(
            "x",
            "vi",
            &[sample(Span::Timed {
                start: crate::dates::parse_datetime("2020-10-10T08:30:00+07:00").unwrap(),
                end: Some(crate::dates::parse_datetime("2020-10-10T03:30:00Z").unwrap()),
            })],
        );
        assert!(text.contains("\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20201010T083000\r\n"));
        assert!(text.contains("\r\nDTEND:20201010T033000Z\r\n"));
        assert!(text.contains("\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n"));
    }

    #[test]
    fn uid_host_ignores_port_and_credentials_and_keeps_the_path_apart() {
        assert_eq!(host("https://congkhai.example/"), "congkhai.example");
        assert_eq!(host("http://u@example.org:8080/sub/path/"), "example.org");
        assert_eq!(base_path("https://congkhai.example/"), "");
        assert_eq!(
            base_path("https://owner.github.io/phuong-tu-lien/"),
            "phuong-tu-lien/"
        );
    }
}
