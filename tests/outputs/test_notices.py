"""Notices and the list of disclosed information on the notices test site (the bundled
site plus ten notices of test data, written by tests/fixtures/notices/make_site.py):
notices.json and disclosed.json against their committed JSON Schemas (`jsonschema`),
the catalogue's links to them, and the notices feed read by `feedparser`."""

import copy
import json
import os
import subprocess
import sys

import feedparser
import jsonschema
import pytest

from conftest import BASE_URL, REPO

NOTICES_SCHEMA = json.loads((REPO / "src/render/open_data/notices.schema.json").read_text())
DISCLOSED_SCHEMA = json.loads((REPO / "src/render/open_data/disclosed.schema.json").read_text())


@pytest.fixture(scope="module")
def notices_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("notices") / "site"
    subprocess.run([sys.executable, str(REPO / "tests/fixtures/notices/make_site.py"), str(root)], check=True)
    binary = os.environ.get("CONGKHAI_BIN")
    cmd = [binary] if binary else ["cargo", "run", "--quiet", "--"]
    subprocess.run(cmd + ["build", "--quiet", "--root", str(root)], cwd=REPO, check=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1605257460"})
    return root / "output"


def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def read_json(site, rel):
    return json.loads((site / rel).read_text(encoding="utf-8"))


def test_published_schemas_are_the_committed_ones(notices_site):
    assert read_json(notices_site, "data/notices.schema.json") == NOTICES_SCHEMA
    assert read_json(notices_site, "data/disclosed.schema.json") == DISCLOSED_SCHEMA


@pytest.mark.parametrize("rel,count", [("data/notices.json", 10), ("en/data/notices.json", 2)])
def test_notices_json_matches_its_schema(notices_site, rel, count):
    data = read_json(notices_site, rel)
    errors = sorted(validator(NOTICES_SCHEMA).iter_errors(data), key=str)
    assert not errors, [e.message for e in errors]
    assert data["as_of"] == "2020-11-13"
    assert len(data["notices"]) == count
    posted = [n["posted"] for n in data["notices"]]
    assert posted == sorted(posted, reverse=True)
    if count == 10:
        by_id = {n["id"]: n for n in data["notices"]}
        c = by_id["thong-bao/lay-y-kien-du-thao-quy-che"]
        assert (c["category"], c["deadline"], c["status"]) == ("consultation", "2020-11-10", "expired")
        assert c["feedback"]["email"] == "gopy@phuong-thu.example"
        assert c["result"] == BASE_URL + "ket-qua-lay-y-kien/"
        m = by_id["thong-bao/mua-sam-thiet-bi"]
        assert (m["deadline"], m["status"]) == ("2020-11-13T17:00:00+07:00", "open")
        assert by_id["thong-bao/tiem-chung"]["category_label"] == "Y tế"


def test_notices_schema_rejects_what_it_should(notices_site):
    data = read_json(notices_site, "data/notices.json")
    v = validator(NOTICES_SCHEMA)
    for field, value in [("status", "closing"), ("deadline", "13/11/2020"), ("category", "Tuyển dụng")]:
        bad = copy.deepcopy(data)
        bad["notices"][0][field] = value
        assert not v.is_valid(bad), field


@pytest.mark.parametrize("rel", ["data/disclosed.json", "en/data/disclosed.json"])
def test_disclosed_json_matches_its_schema_and_names_each_item_once(notices_site, rel):
    data = read_json(notices_site, rel)
    errors = sorted(validator(DISCLOSED_SCHEMA).iter_errors(data), key=str)
    assert not errors, [e.message for e in errors]
    urls = [i["url"] for c in data["categories"] for i in c["items"]]
    assert len(urls) == len(set(urls))
    assert all(u.startswith(BASE_URL) for u in urls)
    keys = [c["key"] for c in data["categories"]]
    assert keys[0] == "plans" and keys[-1] == "datasets"
    if rel.startswith("data/"):
        assert "notices-consultation" in keys and "notices-y-te" in keys
    bad = copy.deepcopy(data)
    bad["categories"][0]["items"][0]["kind"] = "memo"
    assert not validator(DISCLOSED_SCHEMA).is_valid(bad)


def test_the_catalogue_lists_notices_and_the_lists(notices_site):
    catalogue = read_json(notices_site, "data/data.json")
    urls = {d["distribution"][0]["downloadURL"]: d for d in catalogue["dataset"]}
    for rel in ["data/notices.json", "en/data/notices.json", "data/disclosed.json", "en/data/disclosed.json"]:
        d = urls[BASE_URL + rel]
        assert d["distribution"][0]["describedBy"].startswith(BASE_URL + "data/")
        assert (notices_site / rel).is_file()
        assert d["language"] == ["en" if rel.startswith("en/") else "vi"]


@pytest.mark.parametrize("rel,lang,count", [("notices.xml", "vi", 10), ("en/notices.xml", "en", 2)])
def test_the_notices_feed_parses(notices_site, rel, lang, count):
    feed = feedparser.parse((notices_site / rel).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    assert feed.feed.id == BASE_URL + rel
    assert any(l.rel == "self" and l.href == BASE_URL + rel for l in feed.feed.links)
    assert len(feed.entries) == count
    published = [e.published_parsed for e in feed.entries]
    assert published == sorted(published, reverse=True)
    for e in feed.entries:
        assert e.link == e.id and e.id.startswith(BASE_URL)
