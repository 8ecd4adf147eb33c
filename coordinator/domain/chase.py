"""The agent's chase list for today, ordered by impact: red and yellow clocks on the critical path first,
then missing and deferred materials, then agencies behind their contracts, then other red and yellow clocks,
then follow-ups whose next action is due. Pure: timeline JSON (formats/scenario.md) and plain facts in."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CRITICAL_CLOCK, MATERIAL, AGENCY_LATE, OTHER_CLOCK, FOLLOW_UP = range(5)
LIGHT_WEIGHT = {"red": 0, "yellow": 1}


@dataclass(frozen=True)
class Entry:
    category: int
    project_id: int
    node: str | None
    light: str = ""
    due: str | None = None  # ISO date, as in the timeline
    overdue: int = 0
    item: str | None = None
    dept: str | None = None
    materials: tuple[str, ...] = ()
    text: str = ""  # the follow-up's next action
    ref: int | None = None  # the follow-up's or contract's id

    def sort_key(self) -> tuple:
        return (self.category, LIGHT_WEIGHT.get(self.light, 2), -self.overdue, self.due or "9999",
                self.project_id, self.node or "", self.item or "", self.dept or "")


@dataclass(frozen=True)
class LateService:
    """An agency service read against its contract (see agency_services.service_reading)."""

    project_id: int
    node: str
    light: str
    deadline: dt.date | None
    overdue: int
    contract_id: int


@dataclass(frozen=True)
class DueFollowUp:
    project_id: int
    node: str | None
    next_action: str
    next_action_on: dt.date
    follow_up_id: int


def clock_entries(project_id: int, timeline: dict) -> list[Entry]:
    """Red and yellow open clocks of stages, items and opinions (services are judged by their contract);
    a stage's own clock is left out when one of its items shows the same light and deadline."""
    critical = set(timeline["forecast"]["critical_path"])
    out = []
    for key, node in timeline["nodes"].items():
        if node["kind"] != "stage":
            continue
        category = CRITICAL_CLOCK if key in critical else OTHER_CLOCK
        entries = [Entry(category, project_id, key, clock["light"], clock.get("deadline"), _overdue(clock), item, dept)
                   for clock, item, dept in _clocks(node)
                   if clock["light"] in LIGHT_WEIGHT and clock.get("finished") is None]
        shown_by_items = {(e.light, e.due) for e in entries if e.item and not e.dept}
        out += [e for e in entries if e.item or (e.light, e.due) not in shown_by_items]
    return out


def _overdue(clock: dict) -> int:
    return max(0, (clock.get("used") or 0) - clock["limit"] - (clock.get("extended") or 0))


def _clocks(node: dict):
    yield node, None, None
    for item_key, item in (node.get("items") or {}).items():
        yield item, item_key, None
        for dept, opinion in (item.get("opinions") or {}).items():
            yield opinion, item_key, dept


def material_entries(project_id: int, timeline: dict) -> list[Entry]:
    """A one-time notice the owner has not answered yet, and deferred (容缺) materials still missing."""
    out = []
    for key, node in timeline["nodes"].items():
        if node["kind"] != "stage":
            continue
        if node.get("notice") and node["status"] == "ready":
            out.append(Entry(MATERIAL, project_id, key, materials=tuple(node["notice"])))
        missing = sorted({m for item in (node.get("items") or {}).values() for m in item["missing_materials"]})
        if missing:
            out.append(Entry(MATERIAL, project_id, key, due=node.get("deferred_due"), materials=tuple(missing)))
    return out


def service_entries(services: Iterable[LateService]) -> list[Entry]:
    return [Entry(AGENCY_LATE, s.project_id, s.node, s.light, s.deadline and s.deadline.isoformat(), s.overdue,
                  ref=s.contract_id) for s in services if s.light in LIGHT_WEIGHT]


def follow_up_entries(follow_ups: Iterable[DueFollowUp], today: dt.date) -> list[Entry]:
    return [Entry(FOLLOW_UP, f.project_id, f.node, due=f.next_action_on.isoformat(),
                  overdue=(today - f.next_action_on).days, text=f.next_action, ref=f.follow_up_id)
            for f in follow_ups if f.next_action_on <= today]


def chase_list(timelines: dict[int, dict], services: Iterable[LateService], follow_ups: Iterable[DueFollowUp],
               today: dt.date) -> list[Entry]:
    """Every entry for the agent's projects, most urgent first."""
    entries = [e for pid, tl in timelines.items() for e in clock_entries(pid, tl) + material_entries(pid, tl)]
    entries += service_entries(services) + follow_up_entries(follow_ups, today)
    return sorted(entries, key=Entry.sort_key)
