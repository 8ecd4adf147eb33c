"""The .ics invitation: CRLF, escaping, folding at 75 octets without splitting a character."""
import datetime as dt

from coordinator.domain import ics


def body(**overrides):
    values = {"uid": "meeting-1@coordinator", "start": dt.datetime(2026, 6, 5, 9, 30), "minutes": 120,
                  "summary": "联审纪要〔2026〕1号 联审会", "location": "三楼, 301; 东侧", "description": "1. 学校\n2. 物流园",
                  "organizer": "王副市长", "attendees": ["消防救援大队", "气象局"],
                  "now": dt.datetime(2026, 6, 3, 8, tzinfo=dt.UTC)}
    return ics.invitation(**{**values, **overrides})


def test_lines_end_with_crlf_and_the_event_has_its_times():
    text = body()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART;TZID=Asia/Shanghai:20260605T093000\r\n" in text
    assert "DTEND;TZID=Asia/Shanghai:20260605T113000\r\n" in text and "DTSTAMP:20260603T080000Z\r\n" in text
    assert text.count("ATTENDEE;") == 2


def test_text_values_are_escaped():
    text = body()
    assert "LOCATION:三楼\\, 301\\; 东侧\r\n" in text
    assert "DESCRIPTION:1. 学校\\n2. 物流园\r\n" in text
    assert ics.escape("a\\b") == "a\\\\b"
    assert ics.param('x:"y"') == '"x:\'y\'"'


def test_long_lines_fold_at_75_octets_on_character_boundaries():
    text = body(description="审" * 100)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:" + "审" * 100 + "\r\n" in unfolded
