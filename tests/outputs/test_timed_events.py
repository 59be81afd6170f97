"""Timed events: Vietnam-time starts carry TZID=Asia/Ho_Chi_Minh with its VTIMEZONE,
other offsets are written in UTC. The bundled site has no timed event, so this builds a
small synthetic one (test data, not the office's content)."""

import datetime

import icalendar

from conftest import build_small_site

CONFIG = """title: "Thử nghiệm"
base_url: "https://thu-nghiem.example/sub/"
issuer: "Đơn vị thử nghiệm"
office: "Văn phòng thử nghiệm"
theme: default
languages:
  - code: vi
    name: "Tiếng Việt"
"""

PAGES = {
    "_index.md": "---\ntitle: Trang chủ\n---\nXin chào.\n",
    "su-kien/_index.md": "---\ntitle: Sự kiện\n---\n",
    "su-kien/hop-sang.md": (
        "---\ntitle: \"Họp sáng; thử, nghiệm\"\nkind: event\ndate: 2021-01-04T09:00:00+07:00\n"
        "start: 2021-01-05T08:30:00+07:00\nend: 2021-01-05T11:00:00+07:00\nlocation: \"Phòng 1, tầng 2\"\n---\nNội dung.\n"
    ),
    "su-kien/goi-utc.md": (
        "---\ntitle: Gọi trực tuyến\nkind: event\ndate: 2021-01-04T09:00:00+07:00\n"
        "start: 2021-01-06T02:00:00Z\n---\nNội dung.\n"
    ),
}


def build(tmp_path):
    return build_small_site(tmp_path, CONFIG, PAGES)


def test_vietnam_time_uses_tzid_and_other_offsets_utc(tmp_path):
    out = build(tmp_path)
    raw = (out / "events.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    assert not cal.errors
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Asia/Ho_Chi_Minh"
    evs = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    # The sub-path of base_url stays in the UID, apart from the host.
    assert set(evs) == {"sub/su-kien/hop-sang@thu-nghiem.example", "sub/su-kien/goi-utc@thu-nghiem.example"}

    hop = evs["sub/su-kien/hop-sang@thu-nghiem.example"]
    assert hop["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    start, end = hop.decoded("DTSTART"), hop.decoded("DTEND")
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert start.astimezone(datetime.timezone.utc) == datetime.datetime(2021, 1, 5, 1, 30, tzinfo=datetime.timezone.utc)
    assert end - start == datetime.timedelta(hours=2, minutes=30)
    assert str(hop["SUMMARY"]) == "Họp sáng; thử, nghiệm"
    assert str(hop["LOCATION"]) == "Phòng 1, tầng 2"
    assert str(hop["URL"]) == "https://thu-nghiem.example/sub/su-kien/hop-sang/"

    goi = evs["sub/su-kien/goi-utc@thu-nghiem.example"]
    assert "TZID" not in goi["DTSTART"].params
    assert goi.decoded("DTSTART") == datetime.datetime(2021, 1, 6, 2, 0, tzinfo=datetime.timezone.utc)
    assert "DTEND" not in goi
    assert b"DTSTART:20210106T020000Z\r\n" in raw

    # The per-event file exists beside the page and holds the same event.
    one = icalendar.Calendar.from_ical((out / "su-kien/hop-sang/hop-sang.ics").read_bytes())
    assert [str(e["UID"]) for e in one.walk("VEVENT")] == ["sub/su-kien/hop-sang@thu-nghiem.example"]
