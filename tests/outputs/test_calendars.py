"""The iCalendar files, read by the `icalendar` library."""

import datetime

import icalendar

LANG_CALENDARS = ["events.ics", "en/events.ics"]
LAW_DAY = ["su-kien/ngay-phap-luat/ngay-phap-luat.ics", "en/su-kien/ngay-phap-luat/ngay-phap-luat.ics"]


def load(site, rel):
    raw = (site / rel).read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    assert not cal.errors, cal.errors
    for ev in cal.walk("VEVENT"):
        assert not ev.errors, (rel, ev.errors)
    return raw, cal


def events(cal):
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_lines_are_crlf_and_folded_within_75_octets(site):
    for rel in LANG_CALENDARS + LAW_DAY:
        raw, _ = load(site, rel)
        assert raw.endswith(b"\r\n")
        for line in raw.split(b"\r\n"):
            assert b"\n" not in line and b"\r" not in line
            assert len(line) <= 75, (rel, line)
            # A fold never cuts a character: every physical line is valid UTF-8 alone.
            line.decode("utf-8")


def test_law_day_has_an_exclusive_end(site):
    for rel in LAW_DAY:
        _, cal = load(site, rel)
        (ev,) = cal.walk("VEVENT")
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        # All-day: dates, not date-times.
        assert type(start) is datetime.date and type(end) is datetime.date
        assert start == datetime.date(2020, 10, 15)
        assert end == datetime.date(2020, 11, 16)
        assert str(ev["UID"]) == "su-kien/ngay-phap-luat@congkhai.example"
        assert ev.decoded("DTSTAMP") == datetime.datetime(2020, 11, 13, 8, 51, tzinfo=datetime.timezone.utc)
        assert str(ev["STATUS"]) == "CONFIRMED"
        assert str(ev["URL"]).startswith("https://congkhai.example/")
    _, vi = load(site, LAW_DAY[0])
    assert str(vi.walk("VEVENT")[0]["SUMMARY"]) == "Chuỗi hoạt động hưởng ứng Ngày Pháp luật"


def test_language_calendars_hold_the_four_dated_events(site):
    expected = {
        "su-kien/giai-phong-thu-do@congkhai.example": (datetime.date(2020, 10, 10), datetime.date(2020, 10, 11)),
        "su-kien/ngay-phap-luat@congkhai.example": (datetime.date(2020, 10, 15), datetime.date(2020, 11, 16)),
        "su-kien/mat-tran-to-quoc@congkhai.example": (datetime.date(2020, 11, 18), datetime.date(2020, 11, 19)),
        "su-kien/thanh-lap-quan-tay-ho@congkhai.example": (datetime.date(2020, 12, 27), datetime.date(2020, 12, 28)),
    }
    for rel in LANG_CALENDARS:
        _, cal = load(site, rel)
        evs = cal.walk("VEVENT")
        uids = [str(e["UID"]) for e in evs]
        assert len(uids) == len(set(uids)), "UIDs must be unique"
        got = {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND")) for e in evs}
        assert got == expected, rel


def test_escaped_text_reads_back(site):
    # The task group title has commas and semicolons; they must come back as written.
    _, cal = load(site, LAW_DAY[0])
    desc = str(cal.walk("VEVENT")[0]["DESCRIPTION"])
    assert "tiếp tục đẩy mạnh công tác cải cách hành chính; công tác thanh tra, tư pháp;" in desc
    assert "\n\nhttps://congkhai.example/su-kien/ngay-phap-luat/" in desc


def test_uids_are_stable_across_builds(site, site_again):
    for rel in LANG_CALENDARS:
        _, one = load(site, rel)
        _, two = load(site_again, rel)
        assert list(events(one)) == list(events(two))
        for uid, ev in events(one).items():
            assert events(two)[uid].to_ical() == ev.to_ical()
