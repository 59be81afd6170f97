"""The Atom feeds (read by `feedparser`) and the sitemap (read by `lxml`)."""

import feedparser
from lxml import etree

from conftest import BASE_URL

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_feed(site, rel):
    feed = feedparser.parse((site / rel).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feeds_parse_cleanly_with_absolute_stable_ids(site, site_again):
    for rel, lang, home in [("atom.xml", "vi", BASE_URL), ("en/atom.xml", "en", BASE_URL + "en/")]:
        feed = parse_feed(site, rel)
        assert feed.feed.language == lang
        assert feed.feed.id == home
        assert any(l.rel == "self" and l.href == BASE_URL + rel for l in feed.feed.links)
        assert feed.feed.author
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids)) and len(ids) >= 15
        for e in feed.entries:
            assert e.id.startswith(home) and e.link == e.id
            assert e.summary, e.id
            assert e.updated_parsed and e.published_parsed
        # Same ids, same order, on another build.
        assert [e.id for e in parse_feed(site_again, rel).entries] == ids


def test_feed_bodies_resolve_relative_links_against_the_entry(site):
    feed = parse_feed(site, "atom.xml")
    (law,) = [e for e in feed.entries if e.id.endswith("/su-kien/ngay-phap-luat/")]
    body = law.content[0].value
    # The page links "hoa-giai-tu-lien.md"; feedparser resolves it with xml:base.
    assert 'href="https://congkhai.example/su-kien/hoa-giai-tu-lien/index.html"' in body


def test_sitemap_lists_every_page_with_its_translations(site):
    tree = etree.parse(str(site / "sitemap.xml"))
    urls = tree.getroot().findall(f"{SM}url")
    locs = [u.findtext(f"{SM}loc") for u in urls]
    assert len(locs) == len(set(locs))
    assert all(l.startswith(BASE_URL) for l in locs)

    pages = set()
    for p in site.rglob("*.html"):
        rel = p.relative_to(site).as_posix()
        if rel.endswith("404.html"):
            continue
        pages.add(BASE_URL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    assert set(locs) == pages

    law = next(u for u in urls if u.findtext(f"{SM}loc") == BASE_URL + "su-kien/ngay-phap-luat/")
    alternates = {a.get("hreflang"): a.get("href") for a in law.findall(f"{XHTML}link")}
    assert alternates == {
        "vi": BASE_URL + "su-kien/ngay-phap-luat/",
        "en": BASE_URL + "en/su-kien/ngay-phap-luat/",
    }
    # Every alternate points at a listed page.
    for u in urls:
        for a in u.findall(f"{XHTML}link"):
            assert a.get("href") in pages


def test_robots_points_at_the_sitemap(site):
    assert f"Sitemap: {BASE_URL}sitemap.xml" in (site / "robots.txt").read_text().splitlines()
