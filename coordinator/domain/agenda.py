"""What a joint-approval meeting should discuss, read from the projects' timeline JSONs (formats/scenario.md):
items with an objection, overdue opinions, projects that can no longer meet their target, and the open tasks
of earlier meetings (they stay on the agenda until done). Pure: plain data in, suggestions out."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

REASONS = ("objection", "overdue_opinion", "past_target", "flagged", "task", "manual")
CLOSED_ITEM = ("approved", "rejected", "waived")


@dataclass(frozen=True)
class Suggestion:
    project_id: int
    reason: str
    node: str | None = None
    item: str | None = None
    dept: str | None = None
    note: str = ""

    @property
    def key(self) -> str:
        """A stable form value for the suggestion's checkbox."""
        return ":".join(str(part or "") for part in (self.project_id, self.reason, self.node, self.item, self.dept))


def parse_key(key: str) -> Suggestion:
    """The suggestion a checkbox value stands for (inverse of Suggestion.key)."""
    project_id, reason, node, item, dept = (key.split(":") + [""] * 5)[:5]
    if reason not in REASONS:
        raise ValueError(f"unknown agenda reason {reason!r}")
    return Suggestion(int(project_id), reason, node or None, item or None, dept or None)


def project_suggestions(project_id: int, timeline: dict) -> list[Suggestion]:
    """Objections and overdue opinions on items not yet decided, and an infeasible plan."""
    out = []
    for node_key, node in timeline["nodes"].items():
        for item_key, item in (node.get("items") or {}).items():
            if item["status"] in CLOSED_ITEM:
                continue
            for dept, opinion in item["opinions"].items():
                if opinion["decision"] == "object":
                    out.append(Suggestion(project_id, "objection", node_key, item_key, dept))
                elif opinion["finished"] is None and opinion["light"] == "red":
                    out.append(Suggestion(project_id, "overdue_opinion", node_key, item_key, dept,
                                          str(opinion["deadline"])))
    plan = timeline.get("plan")
    if plan and plan.get("feasible") is False:
        out.append(Suggestion(project_id, "past_target", note=str(plan.get("short_by") or "")))
    return out


def suggestions(timelines: Iterable[tuple[int, dict]], open_tasks: Iterable[dict] = (),
                already: Iterable[tuple] = (), flags: Iterable[tuple[int, str]] = ()) -> list[Suggestion]:
    """Every suggestion for the (project id, timeline) pairs, the flagged (project id, note) pairs, then the
    open tasks of earlier meetings (dicts with project_id, dept, text, due); `already` holds (project_id,
    reason, node, item, dept) tuples on another open meeting's agenda, which are left out. The app reads the
    stored rows and calls combine(); this is the reference they must equal (tests replay every project)."""
    found = [s for pid, timeline in timelines for s in project_suggestions(pid, timeline)]
    return combine(found, open_tasks, already, flags)


def combine(found: Iterable[Suggestion], open_tasks: Iterable[dict] = (), already: Iterable[tuple] = (),
            flags: Iterable[tuple[int, str]] = ()) -> list[Suggestion]:
    """The timelines' suggestions (already worked out, e.g. kept with a cached timeline), then the flags and
    the open tasks, less what another open meeting holds (see `suggestions`)."""
    taken = set(already)
    out = list(found)
    out += [Suggestion(pid, "flagged", note=note) for pid, note in flags]
    out += [Suggestion(task["project_id"], "task", dept=task["dept"], note=f"{task['text']} ({task['due']})")
            for task in open_tasks]
    return [s for s in out if (s.project_id, s.reason, s.node, s.item, s.dept) not in taken]


@dataclass(frozen=True)
class Group:
    """One reason's suggestions, the most urgent first: the `shown` head of `total`."""

    reason: str
    shown: tuple[Suggestion, ...]
    total: int


TIMELINE_REASONS = ("objection", "overdue_opinion", "past_target")  # kept as indexed rows (models/agenda_suggestions)
NOT_A_DATE = 10**7  # ranks after every date ordinal


def rank(s: Suggestion) -> int:
    """Urgency as one integer, smaller first (stored and indexed with the suggestion): an overdue opinion by its
    deadline (longest overdue first), a project that cannot meet its target by the working days it is short
    (furthest behind first); objections, flags and tasks keep their order (project, flag, due date)."""
    if s.reason == "overdue_opinion":
        try:
            return dt.date.fromisoformat(s.note).toordinal()
        except ValueError:
            return NOT_A_DATE
    if s.reason == "past_target":
        return -int(s.note) if s.note.lstrip("-").isdigit() else 0
    return 0


def grouped(found: Iterable[Suggestion], limits: dict[str, int], default: int) -> list[Group]:
    """The suggestions by reason (in REASONS order, empty reasons left out), each cut to its limit (the
    `default` unless `limits` says more) after sorting by urgency (`rank`)."""
    by_reason: dict[str, list[Suggestion]] = {}
    for s in found:
        by_reason.setdefault(s.reason, []).append(s)
    return [Group(reason, tuple(sorted(rows, key=rank)[:limits.get(reason, default)]), len(rows))
            for reason in REASONS if (rows := by_reason.get(reason))]


def merged(heads: Iterable[Group], others: Iterable[Suggestion], limits: dict[str, int], default: int) -> list[Group]:
    """The timeline reasons' groups (already cut, read most urgent first from their index) with the groups of the
    other suggestions (flags, tasks), in REASONS order."""
    found = {group.reason: group for group in (*heads, *grouped(others, limits, default)) if group.total}
    return [found[reason] for reason in REASONS if reason in found]


def task_light(started: dt.date, due: dt.date, done_on: dt.date | None, today: dt.date, count) -> str:
    """A task's light like any clock: on_time/late once done; red past due; yellow on its last working day or
    the one before; green otherwise. `count(a, b)` is the calendar's working days after a up to b."""
    if done_on is not None:
        return "on_time" if done_on <= due else "late"
    if today > due:
        return "red"
    if today < started:
        return "none"
    return "yellow" if count(today, due) <= 1 else "green"
