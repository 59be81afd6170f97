"""Calendars valid for iTIP (RFC 5546) as well as RFC 5545, read by a second parser
(`vobject`) beside `icalendar` (issue 22: `METHOD:PUBLISH` with no `ORGANIZER`, which
libical's iTIP check rejects and Outlook-family clients are strict about).

The rule, RFC 5546 §3.2.1: a calendar that says `METHOD:PUBLISH` names exactly one
ORGANIZER in every VEVENT, beside DTSTAMP, DTSTART, UID and SUMMARY. A calendar with no
METHOD is a plain RFC 5545 object and needs none. The bundled site publishes no contact
address, so its calendars carry no METHOD; a small synthetic site with `contact:` (test
data, not the office's content) carries both.
"""


import icalendar
import vobject

from conftest import build_small_site

CALENDARS = [
    "events.ics",
    "en/events.ics",
    "su-kien/ngay-phap-luat/ngay-phap-luat.ics",
    "en/su-kien/ngay-phap-luat/ngay-phap-luat.ics",
]


def itip_problems(raw):
    """What RFC 5546 §3.2.1 (PUBLISH) finds wrong with one calendar, read by vobject."""
    cal = vobject.readOne(raw.decode("utf-8"))
    problems = []
    methods = cal.contents.get("method", [])
    if not methods:
        return problems
    if [m.value for m in methods] != ["PUBLISH"]:
        problems.append(f"METHOD {[m.value for m in methods]}")
    events = cal.contents.get("vevent", [])
    if not events:
        problems.append("a PUBLISH with no VEVENT")
    for ev in events:
        uid = ev.uid.value if "uid" in ev.contents else "?"
        for prop in ("dtstamp", "dtstart", "uid", "summary"):
            if len(ev.contents.get(prop, [])) != 1:
                problems.append(f"{uid}: {prop.upper()} is not there exactly once")
        organizers = ev.contents.get("organizer", [])
        if len(organizers) != 1:
            problems.append(f"{uid}: {len(organizers)} ORGANIZER, a PUBLISH needs one")
            continue
        o = organizers[0]
        if not o.params.get("CN"):
            problems.append(f"{uid}: ORGANIZER without CN")
        if not o.value.lower().startswith(("mailto:", "http://", "https://", "tel:")):
            problems.append(f"{uid}: ORGANIZER {o.value!r} is not a URI")
    return problems


def test_the_itip_rule_catches_a_publish_without_organizer():
    # What the bundled calendars looked like before the fix.
    raw = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//VI\r\nMETHOD:PUBLISH\r\n"
        "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20201113T085100Z\r\nDTSTART;VALUE=DATE:20201015\r\n"
        "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    assert itip_problems(raw) == ["a@x: 0 ORGANIZER, a PUBLISH needs one"]


def test_bundled_calendars_make_no_itip_claim_they_cannot_keep(site):
    for rel in CALENDARS:
        raw = (site / rel).read_bytes()
        assert itip_problems(raw) == [], rel
        # No contact address in config.yaml: no ORGANIZER is made up, and no METHOD.
        assert b"METHOD:" not in raw and b"ORGANIZER" not in raw, rel
        # Both parsers read every event.
        cal = vobject.readOne(raw.decode("utf-8"))
        assert len(cal.contents.get("vevent", [])) == len(icalendar.Calendar.from_ical(raw).walk("VEVENT"))


CONFIG = """title: "Thử nghiệm"
base_url: "https://thu-nghiem.example/"
issuer: "Đơn vị thử nghiệm, phường: Tứ Liên"
office: "Văn phòng thử nghiệm"
contact: "vanphong@thu-nghiem.example"
theme: default
languages:
  - code: vi
    name: "Tiếng Việt"
"""

PAGES = {
    "_index.md": "---\ntitle: Trang chủ\n---\nXin chào.\n",
    "su-kien/_index.md": "---\ntitle: Sự kiện\n---\n",
    "su-kien/hop.md": (
        "---\ntitle: Họp\nkind: event\ndate: 2021-01-04T09:00:00+07:00\n"
        "start: 2021-01-05\norganizer: \"Ban tổ chức\"\n---\nNội dung.\n"
    ),
}


def test_a_site_with_a_contact_address_publishes_itip_with_its_issuer_as_organizer(tmp_path):
    out = build_small_site(tmp_path, CONFIG, PAGES)
    for rel in ["events.ics", "su-kien/hop/hop.ics"]:
        raw = (out / rel).read_bytes()
        assert itip_problems(raw) == [], rel
        cal = vobject.readOne(raw.decode("utf-8"))
        assert cal.method.value == "PUBLISH"
        (ev,) = cal.contents["vevent"]
        assert ev.organizer.value == "mailto:vanphong@thu-nghiem.example"
        assert ev.organizer.params["CN"] == ["Đơn vị thử nghiệm, phường: Tứ Liên"]
        # icalendar reads the same.
        (iev,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
        assert str(iev["ORGANIZER"]) == "mailto:vanphong@thu-nghiem.example"
        assert iev["ORGANIZER"].params["CN"] == "Đơn vị thử nghiệm, phường: Tứ Liên"
