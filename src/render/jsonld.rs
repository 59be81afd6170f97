//! schema.org JSON-LD for a page's head: `Event` (with its `EventSeries`) on event
//! pages, `GovernmentOrganization` for the issuer on home pages, `Article` with its
//! publication dates on the other articles. Addresses are absolute, as linked data
//! is read away from the site.
//!
//! Only facts the content states go in: an event dated only by quarter gets no
//! `startDate` rather than an invented day, and a place gets the locality from
//! `config.yaml` (`extra.address`) only when the office wrote one there.

use super::context::summary_text;
use super::feeds::is_article;
use crate::content::front_matter::{EventStatus, Kind};
use crate::site::{PageId, Site};
use serde_json::{json, Map, Value};

fn organization(name: &str) -> Value {
    json!({ "@type": "GovernmentOrganization", "name": name })
}

/// `extra.address` in config.yaml: `locality`, `region`, `country`, each optional.
fn postal_address(site: &Site) -> Option<Map<String, Value>> {
    let a = site.config.extra.get("address")?;
    let mut out = Map::new();
    out.insert("@type".into(), json!("PostalAddress"));
    for (key, prop) in [
        ("street", "streetAddress"),
        ("locality", "addressLocality"),
        ("region", "addressRegion"),
        ("country", "addressCountry"),
    ] {
        if let Some(v) = a.get(key).and_then(Value::as_str).filter(|v| !v.is_empty()) {
            out.insert(prop.into(), json!(v));
        }
    }
    (out.len() > 1).then_some(out)
}

fn place(site: &Site, name: &str) -> Value {
    let address = match postal_address(site) {
        Some(a) => Value::Object(a),
        // schema.org allows the address as text when nothing more is known.
        None => json!(name),
    };
    json!({ "@type": "Place", "name": name, "address": address })
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

fn event(site: &Site, id: PageId) -> Option<Value> {
    let p = &site.pages[id];
    let Kind::Event(e) = &p.front.kind else {
        return None;
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": p.front.title,
        "description": summary_text(p),
        "url": permalink(site, id),
        "inLanguage": p.lang,
        "eventStatus": event_status(e.status),
    });
    let precise = !e.start.is_imprecise() && !e.end.is_some_and(|x| x.is_imprecise());
    if precise {
        v["startDate"] = json!(e.start.iso());
        v["endDate"] = json!(e.end.unwrap_or(e.start).iso());
    }
    if let Some(l) = &e.location {
        v["location"] = place(site, l);
    }
    if let Some(o) = &e.organizer {
        v["organizer"] = organization(o);
    }
    if let Some(s) = &e.series {
        let mut series = json!({ "@type": "EventSeries", "name": s });
        if let Some(o) = &e.organizer {
            series["organizer"] = organization(o);
        }
        if let Some(l) = &e.location {
            series["location"] = place(site, l);
        }
        v["superEvent"] = series;
    }
    Some(v)
}

fn home(site: &Site, id: PageId) -> Option<Value> {
    let p = &site.pages[id];
    let l = site.config.language(&p.lang)?;
    let mut org = json!({
        "@type": "GovernmentOrganization",
        "@id": format!("{}#issuer", permalink(site, id)),
        "name": l.issuer,
        "url": permalink(site, id),
    });
    if let Some(a) = postal_address(site) {
        org["address"] = Value::Object(a);
    }
    if !l.office.is_empty() {
        org["department"] = organization(&l.office);
    }
    Some(json!({
        "@context": "https://schema.org",
        "@graph": [
            org,
            {
                "@type": "WebSite",
                "name": l.title,
                "description": l.description,
                "url": permalink(site, id),
                "inLanguage": p.lang,
                "publisher": { "@id": format!("{}#issuer", permalink(site, id)) },
            }
        ]
    }))
}

fn article(site: &Site, id: PageId) -> Option<Value> {
    let p = &site.pages[id];
    let published = p.front.date?;
    let issuer = organization(&issuer_of(site, id));
    Some(json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": p.front.title,
        "description": summary_text(p),
        "url": permalink(site, id),
        "mainEntityOfPage": permalink(site, id),
        "inLanguage": p.lang,
        "datePublished": published.rfc3339(),
        "dateModified": p.front.updated.unwrap_or(published).rfc3339(),
        "author": issuer,
        "publisher": issuer,
    }))
}

/// The JSON-LD of a page, ready to sit inside `<script type="application/ld+json">`.
pub fn for_page(site: &Site, id: PageId) -> Option<String> {
    let p = &site.pages[id];
    let value = if site.parent[id].is_none() {
        home(site, id)
    } else if matches!(p.front.kind, Kind::Event(_)) {
        event(site, id)
    } else if is_article(site, id) {
        article(site, id)
    } else {
        None
    }?;
    Some(script_safe(&serde_json::to_string(&value).ok()?))
}

/// JSON that cannot end its `<script>` element early (`</script>` in a title) or open
/// an HTML comment: `<`, `>` and `&` as JSON escapes, which mean the same to a parser.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
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
}
