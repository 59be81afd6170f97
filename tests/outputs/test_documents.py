"""The documents' open data and feed on the bundled site (its one document: the Tây Hồ
plan's own record, with no number, date of issue or signer, as the source gives none):
documents.json against the committed JSON Schema (`jsonschema`), documents.csv read back,
and the documents feed read by `feedparser`."""

import csv
import io
import json

import feedparser
import jsonschema

from conftest import BASE_URL, REPO

SCHEMA = json.loads((REPO / "src/render/open_data/documents.schema.json").read_text())


def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_documents_json_follows_its_schema_in_both_languages(site):
    assert json.loads((site / "data/documents.schema.json").read_text()) == SCHEMA
    for prefix in ("", "en/"):
        data = json.loads((site / prefix / "data/documents.json").read_text(encoding="utf-8"))
        validator(SCHEMA).validate(data)
        # The source names no number, date of issue or signer: none may appear.
        assert data["documents"], "the bundled site has its plan's document record"
        for d in data["documents"]:
            assert d["number"] is None and d["issued"] is None and not d.get("signer"), d
    # The schema refuses what it must: a document with a number that is not text.
    bad = json.loads((site / "data/documents.json").read_text(encoding="utf-8"))
    bad["documents"][0]["number"] = 15
    assert list(validator(SCHEMA).iter_errors(bad)), "the schema let a numeric number through"


def test_documents_csv_reads_back_one_row_per_document(site):
    raw = (site / "data/documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    data = json.loads((site / "data/documents.json").read_text(encoding="utf-8"))
    assert len(rows) == len(data["documents"]) >= 1


def test_documents_feed_parses_with_its_entries(site):
    for prefix in ("", "en/"):
        feed = feedparser.parse((site / prefix / "van-ban/atom.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.entries, "the documents feed has no entry"
        for e in feed.entries:
            assert e.link.startswith(BASE_URL)
