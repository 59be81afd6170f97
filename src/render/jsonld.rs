//! schema.org JSON-LD for a page's head: `Event` (with its `EventSeries`) on event
//! pages, `GovernmentOrganization` for the issuer on home pages, `Article` with its
//! publication dates on the other articles. Addresses are absolute, as linked data
//! is read away from the site.
//!
//! Only facts the content states go in: an event dated only by quarter gets no
//! `startDate` rather than an invented day, and a place gets the locality from
//! `config.yaml` (`extra.address`) only when the office wrote one there.
//!
//! Each object is a struct serialised straight to text, its fields in the order the
//! output has always had: every page of a large site carries one, and building a
//! `serde_json::Value` first (a map per object, a hashed key per field) cost more
//! than the rest of the page's context together.

use super::feeds::is_article;
use crate::content::front_matter::{EventStatus, Kind};
use crate::content::summary_text;
use crate::site::{PageId, Site};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

fn organization(name: &str) -> Organization<'_> {
    Organization {
        kind: "GovernmentOrganization",
        name,
    }
}

/// `extra.address` in config.yaml: `street`, `locality`, `region`, `country`, each
/// optional; empty ones are left out.
#[derive(Serialize, Clone, Copy)]
struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    street: Option<&'a str>,
    #[serde(rename = "addressLocality", skip_serializing_if = "Option::is_none")]
    locality: Option<&'a str>,
    #[serde(rename = "addressRegion", skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(rename = "addressCountry", skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
}

fn postal_address(site: &Site) -> Option<PostalAddress<'_>> {
    let a = site.config.extra.get("address")?;
    let field = |key: &str| a.get(key).and_then(Value::as_str).filter(|v| !v.is_empty());
    let out = PostalAddress {
        kind: "PostalAddress",
        street: field("street"),
        locality: field("locality"),
        region: field("region"),
        country: field("country"),
    };
    let any = out.street.is_some()
        || out.locality.is_some()
        || out.region.is_some()
        || out.country.is_some();
    any.then_some(out)
}

/// schema.org allows the address as text when nothing more is known.
#[derive(Serialize, Clone, Copy)]
#[serde(untagged)]
enum Address<'a> {
    Postal(PostalAddress<'a>),
    Text(&'a str),
}

#[derive(Serialize)]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    address: Address<'a>,
}

fn place<'a>(address: Option<PostalAddress<'a>>, name: &'a str) -> Place<'a> {
    Place {
        kind: "Place",
        name,
        address: address.map_or(Address::Text(name), Address::Postal),
    }
}

fn event_status(s: EventStatus) -> &'static str {
    match s {
        EventStatus::Planned | EventStatus::Held => "https://schema.org/EventScheduled",
        EventStatus::Postponed => "https://schema.org/EventPostponed",
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
    }
}

fn issuer_of(site: &Site, id: PageId) -> String {
    let p = &site.pages[id];
    let own = match &p.front.kind {
        Kind::Plan(plan) => plan.issuer.clone(),
        _ => None,
    };
    own.or_else(|| site.config.language(&p.lang).map(|l| l.issuer.clone()))
        .unwrap_or_default()
}

fn permalink(site: &Site, id: PageId) -> String {
    format!("{}{}", site.config.base_url, site.pages[id].url)
}

#[derive(Serialize)]
struct Series<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    organizer: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Place<'a>>,
}

#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    description: String,
    url: String,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "eventStatus")]
    event_status: &'static str,
    #[serde(rename = "startDate", skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Place<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organizer: Option<Organization<'a>>,
    #[serde(rename = "superEvent", skip_serializing_if = "Option::is_none")]
    super_event: Option<Series<'a>>,
}

fn event(site: &Site, id: PageId) -> Option<String> {
    let p = &site.pages[id];
    let Kind::Event(e) = &p.front.kind else {
        return None;
    };
    let precise = !e.start.is_imprecise() && !e.end.is_some_and(|x| x.is_imprecise());
    let address = e.location.as_ref().and_then(|_| postal_address(site));
    let v = EventLd {
        context: "https://schema.org",
        kind: "Event",
        name: &p.front.title,
        description: summary_text(p),
        url: permalink(site, id),
        in_language: &p.lang,
        event_status: event_status(e.status),
        start_date: precise.then(|| e.start.iso()),
        end_date: precise.then(|| e.end.unwrap_or(e.start).iso()),
        location: e.location.as_deref().map(|l| place(address, l)),
        organizer: e.organizer.as_deref().map(organization),
        super_event: e.series.as_deref().map(|s| Series {
            kind: "EventSeries",
            name: s,
            organizer: e.organizer.as_deref().map(organization),
            location: e.location.as_deref().map(|l| place(address, l)),
        }),
    };
    serde_json::to_string(&v).ok()
}

#[derive(Serialize)]
struct Issuer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<PostalAddress<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<Organization<'a>>,
}

#[derive(Serialize)]
struct Reference<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
}

#[derive(Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    description: &'a str,
    url: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    publisher: Reference<'a>,
}

#[derive(Serialize)]
struct Home<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: (Issuer<'a>, WebSite<'a>),
}

fn home(site: &Site, id: PageId) -> Option<String> {
    let p = &site.pages[id];
    let l = site.config.language(&p.lang)?;
    let url = permalink(site, id);
    let issuer_id = format!("{url}#issuer");
    let v = Home {
        context: "https://schema.org",
        graph: (
            Issuer {
                kind: "GovernmentOrganization",
                id: &issuer_id,
                name: &l.issuer,
                url: &url,
                address: postal_address(site),
                department: (!l.office.is_empty()).then(|| organization(&l.office)),
            },
            WebSite {
                kind: "WebSite",
                name: &l.title,
                description: &l.description,
                url: &url,
                in_language: &p.lang,
                publisher: Reference { id: &issuer_id },
            },
        ),
    };
    serde_json::to_string(&v).ok()
}

#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    description: String,
    url: &'a str,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(rename = "dateModified")]
    date_modified: String,
    author: Organization<'a>,
    publisher: Organization<'a>,
}

fn article(site: &Site, id: PageId) -> Option<String> {
    let p = &site.pages[id];
    let published = p.front.date?;
    let issuer = issuer_of(site, id);
    let url = permalink(site, id);
    let v = Article {
        context: "https://schema.org",
        kind: "Article",
        headline: &p.front.title,
        description: summary_text(p),
        url: &url,
        main_entity_of_page: &url,
        in_language: &p.lang,
        date_published: published.rfc3339(),
        date_modified: p.front.updated.unwrap_or(published).rfc3339(),
        author: organization(&issuer),
        publisher: organization(&issuer),
    };
    serde_json::to_string(&v).ok()
}

/// The JSON-LD of a page, ready to sit inside `<script type="application/ld+json">`.
pub fn for_page(site: &Site, id: PageId) -> Option<String> {
    let p = &site.pages[id];
    let json = if site.parent[id].is_none() {
        home(site, id)
    } else if matches!(p.front.kind, Kind::Event(_)) {
        event(site, id)
    } else if matches!(p.front.kind, Kind::Notice(_)) {
        super::notices::jsonld(site, id)
    } else if is_article(site, id) {
        article(site, id)
    } else {
        None
    }?;
    Some(script_safe(&json))
}

/// JSON that cannot end its `<script>` element early (`</script>` in a title) or open
/// an HTML comment: `<`, `>` and `&` as JSON escapes, which mean the same to a parser.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut start = 0;
    // memchr3 skips the long runs between the rare three (a byte loop here was 1 % of a
    // 2,000-page build's instructions).
    for i in memchr::memchr3_iter(b'<', b'>', b'&', json.as_bytes()) {
        let escaped = match json.as_bytes()[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        };
        // The three are ASCII, so `i` is a character boundary.
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&json[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_close_the_script() {
        let s = script_safe(r#"{"name":"</script><!-- & more"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><!-- & more");
    }
}

#[cfg(test)]
mod bundled_tests {
    use super::*;
    use crate::render::outputs::tests::bundled;
    use serde_json::json;

    fn page(site: &Site, url: &str) -> PageId {
        (0..site.pages.len())
            .find(|&i| site.pages[i].url == url)
            .unwrap_or_else(|| panic!("no page {url}"))
    }

    fn ld(site: &Site, url: &str) -> Option<Value> {
        for_page(site, page(site, url)).map(|s| serde_json::from_str(&s).expect("json"))
    }

    #[test]
    fn each_kind_of_page_gets_its_type() {
        let (site, _) = bundled();
        let law = ld(&site, "en/su-kien/ngay-phap-luat/").expect("event");
        assert_eq!(law["@type"], "Event");
        assert_eq!(
            (&law["startDate"], &law["endDate"]),
            (&json!("2020-10-15"), &json!("2020-11-15"))
        );
        assert_eq!(
            law["organizer"]["name"],
            "Tây Hồ District People's Committee"
        );
        assert_eq!(
            law["url"],
            "https://congkhai.example/en/su-kien/ngay-phap-luat/"
        );
        let job_fair = ld(&site, "su-kien/phien-giao-dich-viec-lam/").expect("event");
        assert!(job_fair.get("startDate").is_none());
        assert!(job_fair.get("superEvent").is_none());
        let group = ld(&site, "ke-hoach/2020-q4/03-van-hoa-xa-hoi/").expect("article");
        assert_eq!(group["@type"], "Article");
        assert_eq!(group["publisher"]["name"], "UBND quận Tây Hồ");
        // A listing is not an article.
        assert!(ld(&site, "su-kien/").is_none());
        let home = ld(&site, "en/").expect("home");
        assert_eq!(
            home["@graph"][0]["name"],
            "Tây Hồ District People's Committee"
        );
    }

    /// Every key of a JSON value, at any depth.
    fn keys(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    out.push(k.clone());
                    keys(x, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
            _ => {}
        }
    }

    #[test]
    fn events_without_a_day_or_a_place_get_no_invented_start_date_or_location() {
        // Issue 22, item 5: the OCOP fairs and the job fair are dated "Quý IV/2020"
        // only, and the job fair has no place. Their JSON-LD must say no more.
        let (site, _) = bundled();
        let mut without_day = 0;
        let mut without_place = 0;
        for id in 0..site.pages.len() {
            let Kind::Event(e) = &site.pages[id].front.kind else {
                continue;
            };
            let url = &site.pages[id].url;
            let v: Value =
                serde_json::from_str(&for_page(&site, id).expect("event JSON-LD")).expect("json");
            let mut all = Vec::new();
            keys(&v, &mut all);
            let imprecise = e.start.is_imprecise() || e.end.is_some_and(|x| x.is_imprecise());
            if imprecise {
                without_day += 1;
                for k in ["startDate", "endDate", "doorTime", "eventSchedule"] {
                    assert!(!all.iter().any(|a| a == k), "{url}: {k} in {v}");
                }
            }
            if e.location.is_none() {
                without_place += 1;
                for k in ["location", "address", "geo"] {
                    assert!(!all.iter().any(|a| a == k), "{url}: {k} in {v}");
                }
            }
        }
        // The OCOP fairs and the job fair, in both languages.
        assert!(without_day >= 4, "{without_day}");
        assert!(without_place >= 2, "{without_place}");
        let ocop = ld(&site, "su-kien/hoi-cho-ocop/").expect("event");
        assert_eq!(ocop["location"]["name"], "Phố đi bộ Trịnh Công Sơn");
        let job_fair = ld(&site, "en/su-kien/phien-giao-dich-viec-lam/").expect("event");
        assert!(job_fair.get("location").is_none());
    }
}
