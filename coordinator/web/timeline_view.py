"""Words and small derived numbers for showing a timeline (formats/scenario.md) to people.

Labels are English msgids; callers translate them (flask_babel.gettext in pages, identity in tests).
"""
from __future__ import annotations

# node/item/agency/milestone status -> English msgid (translated in parts/ui.po)
STATUS_LABELS: dict[str, str] = {
    "waiting": "Waiting for prerequisites",
    "ready": "Ready to apply",
    "submitted": "Submitted, awaiting acceptance",
    "accepted": "Under review",
    "running": "Under way",
    "pending": "Not started yet",
    "paused": "Clock paused",
    "done": "Result issued",
    "approved": "Approved",
    "rejected": "Refused",
    "waived": "Waived",
    "delivered": "Delivered",
    "reached": "Milestone reached",
}

LIGHT_LABELS: dict[str, str] = {
    "green": "Green light",
    "yellow": "Yellow light (warning)",
    "red": "Red light (overdue)",
    "paused": "Paused (clock stopped)",
    "on_time": "Finished on time",
    "late": "Finished late",
    "none": "Not started",
}

DECISION_LABELS: dict[str, str] = {
    "consent": "Consent",
    "conditional": "Consent with conditions",
    "object": "Objection",
    "deemed_consent": "Deemed consent (no answer in time)",
    "overridden": "Closed by a leader or joint meeting",
}

COMMITMENT_LABELS: dict[str, str] = {
    "open": "Awaiting verification",
    "kept": "Commitment kept",
    "breached": "Commitment breached",
}

KIND_LABELS: dict[str, str] = {
    "stage": "Approval stage",
    "agency": "Intermediary service",
    "milestone": "Milestone",
}

# how bad an OPEN light is; closed lights (on_time/late) and none are not open
OPEN_LIGHT_RANK: dict[str, int] = {"red": 4, "yellow": 3, "green": 2, "paused": 1}


def display_name(spec, english: bool) -> str:
    """The node's or item's name in the interface language (Chinese when no English name is given)."""
    return (getattr(spec, "name_en", "") or spec.name) if english else spec.name


def overdue_days(clock: dict) -> int:
    """Working days past the (extended) deadline: used − (limit + extension), never negative.

    Paused days are already left out of `used` and moved the deadline, so this equals R7's overdue(T)
    for an open clock and "the days over" for a clock that finished late.
    """
    used, limit = clock.get("used"), clock.get("limit")
    if used is None or limit is None:
        return 0
    return max(0, used - limit - (clock.get("extended") or 0))


def is_open(clock: dict) -> bool:
    """A clock that has started and not finished."""
    return clock.get("started") is not None and clock.get("finished") is None


def open_clocks(timeline: dict):
    """Every open clock of the project as (node key, item key or None, dept or None, clock)."""
    for node_key, node in timeline["nodes"].items():
        if is_open(node):
            yield node_key, None, None, node
        for item_key, item in (node.get("items") or {}).items():
            if is_open(item):
                yield node_key, item_key, None, item
            for dept, opinion in (item.get("opinions") or {}).items():
                if is_open(opinion):
                    yield node_key, item_key, dept, opinion


def worst_open_light(timeline: dict) -> str:
    """The worst light among open clocks (red > yellow > green > paused), or "none"."""
    lights = [clock["light"] for *_, clock in open_clocks(timeline) if clock["light"] in OPEN_LIGHT_RANK]
    return max(lights, key=OPEN_LIGHT_RANK.__getitem__, default="none")


def next_deadline(timeline: dict) -> tuple[str, str] | None:
    """(deadline, node key) of the earliest deadline among running (not paused) open clocks."""
    running = [(clock["deadline"], node_key) for node_key, _, _, clock in open_clocks(timeline)
               if clock.get("deadline") and clock["light"] != "paused"]
    return min(running, default=None)

EVENT_LABELS: dict[str, str] = {
    "submit": "Application submitted",
    "accept": "Application accepted",
    "reject": "Application or permit refused",
    "notify_missing": "One-time notice of missing materials",
    "pause": "Clock paused",
    "resume": "Clock resumed",
    "extend": "Time limit extended",
    "opinion": "Opinion given",
    "override": "Opinion closed by a leader",
    "decide": "Decision on an item issued",
    "commit": "Commitment signed",
    "supply": "Deferred material supplied",
    "verify": "Commitment verified",
    "complete": "Stage result issued",
    "start": "Intermediary service started",
    "deliver": "Intermediary service delivered",
}

PAUSE_REASON_LABELS: dict[str, str] = {
    "supplement": "Supplement requested during review",
    "expert_review": "Expert review",
    "hearing": "Hearing",
    "public_notice": "Public notice",
    "testing": "Testing, inspection, quarantine or appraisal",
    "tender_auction": "Tender or auction",
    "other": "Other reason",
}


def label_helpers(english: bool, translate) -> dict:
    """Functions the page templates use to turn timeline codes into translated words."""
    def pick(table: dict[str, str]):
        return lambda code: translate(table[code]) if code in table else (code or "")

    return {
        "status_label": pick(STATUS_LABELS),
        "light_label": pick(LIGHT_LABELS),
        "decision_label": pick(DECISION_LABELS),
        "commitment_label": pick(COMMITMENT_LABELS),
        "kind_label": pick(KIND_LABELS),
        "event_label": pick(EVENT_LABELS),
        "reason_label": pick(PAUSE_REASON_LABELS),
        "name_of": lambda spec: display_name(spec, english),
        "overdue_days": overdue_days,
        "english": english,
    }
