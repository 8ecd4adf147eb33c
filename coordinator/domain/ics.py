"""An RFC 5545 calendar invitation (.ics) for a meeting: CRLF line ends, text escaping, lines folded at 75
octets. Pure: values in, text out."""
from __future__ import annotations

import datetime as dt

PRODID = "-//Coordinator//Joint approval meetings//ZH"
TZID = "Asia/Shanghai"


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def param(text: str) -> str:
    """A parameter value (§3.2): quoted, since names may hold ':;,'; a double quote cannot appear in it."""
    return '"' + text.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a UTF-8 character (§3.1)."""
    pieces, current, size, limit = [], "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with one space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def invitation(*, uid: str, start: dt.datetime, minutes: int, summary: str, location: str, description: str,
               organizer: str, attendees: list[str], now: dt.datetime, sequence: int = 0) -> str:
    """One VEVENT with a local start (Asia/Shanghai, no DST) and the invited departments as attendees."""
    end = start + dt.timedelta(minutes=minutes)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:REQUEST",
             "BEGIN:VTIMEZONE", f"TZID:{TZID}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE",
             "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp(now)}", f"SEQUENCE:{sequence}",
             f"DTSTART;TZID={TZID}:{start:%Y%m%dT%H%M%S}", f"DTEND;TZID={TZID}:{end:%Y%m%dT%H%M%S}",
             f"SUMMARY:{escape(summary)}", f"LOCATION:{escape(location)}", f"DESCRIPTION:{escape(description)}",
             f"ORGANIZER;CN={param(organizer)}:urn:coordinator:organizer"]
    lines += [f"ATTENDEE;CN={param(name)};ROLE=REQ-PARTICIPANT:urn:coordinator:dept:{n}"
              for n, name in enumerate(attendees, start=1)]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
