"""The event vocabulary of formats/scenario.md: which fields each `do` takes, checked before any replay."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from coordinator.domain.calendar import FIRST_YEAR, LAST_YEAR
from coordinator.domain.errors import ScenarioInvalid

PAUSE_REASONS = ("supplement", "expert_review", "hearing", "public_notice", "testing", "tender_auction", "other")
DECISIONS = ("consent", "conditional", "object")
RESULTS = ("approved", "rejected")
OUTCOMES = ("kept", "breached")

# do -> (required fields, optional fields); every event also has `date` and `do`, and may carry a `note`.
FIELDS: dict[str, tuple[frozenset, frozenset]] = {
    "submit": (frozenset({"node"}), frozenset()),
    "accept": (frozenset({"node"}), frozenset({"deferred", "due"})),
    "reject": (frozenset({"node", "reason"}), frozenset()),
    "notify_missing": (frozenset({"node", "materials"}), frozenset()),
    "pause": (frozenset({"node", "reason"}), frozenset({"item"})),
    "resume": (frozenset({"node"}), frozenset({"item"})),
    "extend": (frozenset({"node", "days", "reason"}), frozenset({"item"})),
    "opinion": (frozenset({"node", "item", "dept", "decision"}), frozenset({"conditions", "basis"})),
    "override": (frozenset({"node", "item", "dept", "reason"}), frozenset()),
    "request_opinion": (frozenset({"node", "item", "dept", "days", "reason"}), frozenset()),
    "shorten_opinion": (frozenset({"node", "item", "dept", "days"}), frozenset()),
    "reconsult": (frozenset({"node", "item", "dept", "days", "message"}), frozenset()),
    "decide": (frozenset({"node", "item", "result"}), frozenset({"permit_no", "reason"})),
    "commit": (frozenset({"node", "item"}), frozenset({"signer"})),
    "supply": (frozenset({"node", "material"}), frozenset()),
    "verify": (frozenset({"node", "item", "outcome"}), frozenset()),
    "complete": (frozenset({"node"}), frozenset()),
    "start": (frozenset({"node"}), frozenset({"days"})),
    "deliver": (frozenset({"node"}), frozenset()),
}
ENUMS = {"reason": ("pause", PAUSE_REASONS), "decision": ("opinion", DECISIONS), "result": ("decide", RESULTS),
         "outcome": ("verify", OUTCOMES)}


def parse_date(value, where: str) -> dt.date:
    """A date from YAML (already a date) or JSON (an ISO string), in a year the calendar covers."""
    day = _as_date(value, where)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ScenarioInvalid(f"{where}: {day.isoformat()} is outside the calendar ({FIRST_YEAR}–{LAST_YEAR})")
    return day


def _as_date(value, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ScenarioInvalid(f"{where}: must be an ISO date YYYY-MM-DD, got {value!r}")


def normalise_events(raw) -> list[dict]:
    """Check every event's shape (not yet its rules) and return them with real dates."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ScenarioInvalid("events: must be a list")
    return [_event(i, ev) for i, ev in enumerate(raw, 1)]


def _event(position: int, raw) -> dict:
    where = f"events[{position}]"
    if not isinstance(raw, Mapping):
        raise ScenarioInvalid(f"{where}: must be a mapping")
    ev = dict(raw)
    if "on" in ev or True in ev:
        raise ScenarioInvalid(f"{where}: use `date`, not `on` (YAML 1.1 reads `on` as true)")
    do = ev.get("do")
    if do not in FIELDS:
        raise ScenarioInvalid(f"{where}.do: unknown event {do!r}; expected one of {', '.join(FIELDS)}")
    if "date" not in ev:
        raise ScenarioInvalid(f"{where}.date: missing required field")
    ev["date"] = parse_date(ev["date"], f"{where}.date")
    required, optional = FIELDS[do]
    for key in sorted(required - set(ev)):
        raise ScenarioInvalid(f"{where}.{key}: missing required field for `{do}`")
    for key in sorted(set(ev) - required - optional - {"date", "do", "note"}):
        raise ScenarioInvalid(f"{where}.{key}: unknown field for `{do}`")
    _check_values(ev, where)
    return ev


def _check_values(ev: dict, where: str) -> None:
    do = ev["do"]
    for key, (owner, allowed) in ENUMS.items():
        if owner == do and ev.get(key) not in allowed:
            raise ScenarioInvalid(f"{where}.{key}: must be one of {', '.join(allowed)}, got {ev.get(key)!r}")
    if "days" in ev and (isinstance(ev["days"], bool) or not isinstance(ev["days"], int)):
        raise ScenarioInvalid(f"{where}.days: must be a whole number of working days")
    for key in ("deferred", "materials"):
        if key in ev and (not isinstance(ev[key], list) or not all(isinstance(m, str) for m in ev[key])):
            raise ScenarioInvalid(f"{where}.{key}: must be a list of material keys")
    for key in ("node", "item", "dept", "material"):
        if key in ev and not isinstance(ev[key], str):
            raise ScenarioInvalid(f"{where}.{key}: must be a key (text)")
    if "due" in ev:
        ev["due"] = parse_date(ev["due"], f"{where}.due")
