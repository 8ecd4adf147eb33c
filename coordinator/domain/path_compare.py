"""The normal path beside each fast path, for one project: the same recorded events replayed under each
(an event that has no place under a path — a `commit` on the normal path, a report a path waives — is left
out and counted), and the R10 forecast of every milestone (开工, 桩基先行开工) with the working days it takes
from the project's first event, the items that become commitments and the nodes that are waived."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordinator.domain import timeline as engine
from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.errors import RuleBroken
from coordinator.domain.planning import forecast
from coordinator.domain.templates import StageTemplate


@dataclass(frozen=True)
class Milestone:
    key: str
    finish: dt.date | None
    days: int | None  # working days from the first event (or today) to the forecast finish


@dataclass(frozen=True)
class Obligation:
    item: str
    verify_by: str | None
    within: int


@dataclass(frozen=True)
class Variant:
    path: str | None  # None: the normal path
    milestones: tuple[Milestone, ...]
    commitments: tuple[Obligation, ...]
    waived: tuple[tuple[str, str], ...]  # (node key, reason)
    skipped: int
    blocked_by: tuple[str, ...] = ()

    def milestone(self, key: str) -> Milestone | None:
        return next((m for m in self.milestones if m.key == key), None)


def applicable(template: StageTemplate, project: engine.Project, events: list[dict],
               cal: WorkCalendar) -> tuple[list[dict], int]:
    """The events that replay under `project`'s paths, in order, and how many had to be left out."""
    kept: list[dict] = []
    skipped = 0
    for event in events:
        try:
            engine.replay(template, project, kept + [event], cal, event["date"])
        except RuleBroken:
            skipped += 1
            continue
        kept.append(event)
    return kept, skipped


def variant(template: StageTemplate, base: engine.Project, path: str | None, events: list[dict],
            cal: WorkCalendar, today: dt.date) -> Variant:
    """One column of the comparison: the project under `path` (or under none)."""
    spec = template.fast_paths[path] if path else None
    attributes = {**base.attributes, **(spec.when if spec else {})}
    project = engine.Project(base.name, attributes, (path,) if path else (), base.target_date)
    kept, skipped = applicable(template, project, events, cal)
    state = engine.replay(template, project, kept, cal, today)
    fc = forecast(state, today)
    since = events[0]["date"] if events else today
    milestones = tuple(
        Milestone(key, fc.earliest_finish.get(key), _days(cal, since, fc.earliest_finish.get(key)))
        for key, node in state.nodes.items() if node.kind == "milestone" and node.mode != "waived")
    commitments = tuple(Obligation(item, change.verify_by, change.verify_within_days or 0)
                        for item, change in (spec.items.items() if spec else ()) if change.mode == "commitment")
    waived = tuple((key, node.reason) for key, node in state.nodes.items() if node.mode == "waived")
    return Variant(path, milestones, commitments, waived, skipped, tuple(fc.blocked_by))


def _days(cal: WorkCalendar, since: dt.date, finish: dt.date | None) -> int | None:
    if finish is None:
        return None
    return cal.count(since, finish) if finish > since else 0


def compare(template: StageTemplate, base: engine.Project, events: list[dict], cal: WorkCalendar,
            today: dt.date, paths: list[str]) -> list[Variant]:
    """The normal path first, then each of `paths`."""
    return [variant(template, base, path, events, cal, today) for path in [None, *paths]]


def gain(normal: Variant, fast: Variant, milestone: str) -> int | None:
    """Working days a fast path saves to `milestone` (negative when it costs days); None when unknown."""
    a, b = normal.milestone(milestone), fast.milestone(milestone)
    if a is None or b is None or a.days is None or b.days is None:
        return None
    return a.days - b.days
