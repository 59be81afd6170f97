"""The open data: plan JSON against its committed schema (`jsonschema`), the CSVs read
back with Python's csv module, and the catalogue's links."""

import copy
import csv
import io
import json

import jsonschema
import pytest

from conftest import BASE_URL, REPO

SCHEMA = json.loads((REPO / "src/render/open_data/plan.schema.json").read_text())
PLANS = ["data/2020-q4/plan.json", "en/data/2020-q4/plan.json"]


def validator():
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA, format_checker=cls.FORMAT_CHECKER)


def test_published_schema_is_the_committed_one(site):
    assert json.loads((site / "data/plan.schema.json").read_text()) == SCHEMA


@pytest.mark.parametrize("rel", PLANS)
def test_plan_json_matches_the_schema(site, rel):
    plan = json.loads((site / rel).read_text())
    errors = sorted(validator().iter_errors(plan), key=str)
    assert not errors, [e.message for e in errors]
    assert plan["plan"]["period"] == "2020-Q4"
    assert (plan["plan"]["period_start"], plan["plan"]["period_end"]) == ("2020-10-01", "2020-12-31")
    assert [t["target"] for t in plan["targets"]] == [40.2, 43.4]
    assert all(t["unit"] == "%" and t["actual"] is None for t in plan["targets"])
    assert [g["number"] for g in plan["task_groups"]] == [1, 2, 3, 4, 5]
    law = next(e for e in plan["events"] if e["id"] == "su-kien/ngay-phap-luat")
    assert (law["start"], law["end"], law["period"]) == ("2020-10-15", "2020-11-15", None)
    assert law["calendar"].endswith("/ngay-phap-luat.ics")
    ocop = next(e for e in plan["events"] if e["id"] == "su-kien/hoi-cho-ocop")
    assert (ocop["start"], ocop["period"], ocop["calendar"]) == (None, "2020-Q4", None)


def test_schema_rejects_what_it_should(site):
    plan = json.loads((site / PLANS[0]).read_text())
    v = validator()
    bad = copy.deepcopy(plan)
    bad["targets"][0]["target"] = "40,2"  # a display string, not a number
    assert not v.is_valid(bad)
    bad = copy.deepcopy(plan)
    ocop = next(e for e in bad["events"] if e["id"] == "su-kien/hoi-cho-ocop")
    ocop["start"] = "2020-10-01"  # an invented day for a quarter-only event
    assert not v.is_valid(bad)
    bad = copy.deepcopy(plan)
    bad["projects"][0]["status"] = "almost"
    assert not v.is_valid(bad)


def read_csv(site, rel):
    raw = (site / rel).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_csvs_read_back_with_their_numbers(site, prefix):
    targets = read_csv(site, f"{prefix}data/2020-q4/targets.csv")
    assert [float(r["target"]) for r in targets] == [40.2, 43.4]
    assert [r["id"] for r in targets] == ["gia-dinh-tap-the-thao", "nguoi-tap-the-thao"]
    assert all(r["unit"] == "%" and r["actual"] == "" and r["task_group"] == "3" for r in targets)
    projects = read_csv(site, f"{prefix}data/2020-q4/projects.csv")
    assert len(projects) == 5
    assert {r["status"] for r in projects} <= {"planned", "in_progress", "done", "delayed"}
    events = read_csv(site, f"{prefix}data/2020-q4/events.csv")
    assert len(events) == 11
    law = next(r for r in events if r["id"] == "su-kien/ngay-phap-luat")
    assert (law["start"], law["end"]) == ("2020-10-15", "2020-11-15")
    if not prefix:
        assert targets[0]["label"] == "Tỷ lệ gia đình luyện tập thể dục thể thao thường xuyên"


def test_catalogue_lists_each_dataset_with_working_links(site):
    cat = json.loads((site / "data/data.json").read_text())
    assert cat["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    # plan, targets, projects, events × vi, en; the documents × vi, en; then the list of
    # disclosed information × vi, en
    assert len(cat["dataset"]) == 12
    assert [d["identifier"] for d in cat["dataset"][8:]] == [
        BASE_URL + "data/documents.json", BASE_URL + "en/data/documents.json",
        BASE_URL + "data/disclosed.json", BASE_URL + "en/data/disclosed.json"]
    ids = [d["identifier"] for d in cat["dataset"]]
    assert len(ids) == len(set(ids))
    for d in cat["dataset"]:
        for key in ["title", "description", "keyword", "modified", "publisher", "contactPoint", "accessLevel"]:
            assert d.get(key), (d["identifier"], key)
        if "/2020-q4/" in d["identifier"]:
            assert d["temporal"] == "2020-10-01/2020-12-31"
        for dist in d["distribution"]:
            url = dist["downloadURL"]
            assert url.startswith(BASE_URL)
            assert (site / url[len(BASE_URL):]).is_file(), url
