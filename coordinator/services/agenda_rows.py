"""Keeps the timelines' meeting suggestions as indexed rows (models/agenda_suggestions): rewritten with the
cockpit's summary rows whenever a project is replayed there (a new event, a new business date, a calendar
change), and for the projects marked pending (created, or an engine field changed without an event) before
they are read. The caller commits."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, func, insert, select, update

from coordinator.domain import agenda
from coordinator.extensions import db
from coordinator.models import AgendaCount, AgendaPending, AgendaSuggestion
from coordinator.models.inserts import insert_ignoring_conflicts
from coordinator.services.projects import loaded_for_replay, project_timelines


def replace(timelines: Iterable[tuple[int, dict]]) -> None:
    """Replace the suggestion rows of these (project id, timeline) pairs with what the timelines suggest, and
    move each reason's count by the difference."""
    timelines = list(timelines)
    if not timelines:
        return
    ids = [p for p, _ in timelines]
    before = dict(db.session.execute(select(AgendaSuggestion.reason, func.count())
                                     .where(AgendaSuggestion.project_id.in_(ids)).group_by(AgendaSuggestion.reason)).all())
    db.session.execute(delete(AgendaSuggestion).where(AgendaSuggestion.project_id.in_(ids)))
    rows = [{"project_id": pid, "ordinal": n, "reason": s.reason, "rank": agenda.rank(s), "node": s.node,
             "item": s.item, "dept": s.dept, "note": s.note}
            for pid, timeline in timelines for n, s in enumerate(agenda.project_suggestions(pid, timeline))]
    if rows:
        db.session.execute(insert(AgendaSuggestion), rows)
    after = Counter(row["reason"] for row in rows)
    _move_counts({reason: after[reason] - before.get(reason, 0) for reason in {*after, *before}})


def _move_counts(difference: dict[str, int]) -> None:
    """Add the difference to each reason's count (its row created at 0 the first time; an atomic increment,
    so concurrent replays of different projects both count)."""
    moved = [{"r": reason, "d": d} for reason, d in sorted(difference.items()) if d]
    if not moved:
        return
    db.session.execute(insert_ignoring_conflicts(db.engine.dialect.name, AgendaCount, ["reason"]),
                       [{"reason": m["r"], "suggestions": 0} for m in moved])
    db.session.execute(MOVE_COUNT, moved)


def counts() -> dict[str, int]:
    """Each reason's number of stored suggestions."""
    return dict(db.session.execute(select(AgendaCount.reason, AgendaCount.suggestions)).all())


MOVE_COUNT = (update(AgendaCount.__table__).where(AgendaCount.reason == bindparam("r"))
              .values(suggestions=AgendaCount.suggestions + bindparam("d")))


def catch_up(today: dt.date) -> bool:
    """Work out again the suggestions of the projects marked pending (one query when there are none); call after
    the cockpit's refresh to `today`, which keeps every other project's rows. Says whether it wrote anything."""
    if db.session.scalar(select(AgendaPending.project_id).limit(1)) is None:
        return False
    # claim the marks by deleting them first: a concurrent catch-up waits on these rows, then finds them gone
    # and leaves those projects to this one (no two requests rewrite the same rows)
    ids = list(db.session.scalars(delete(AgendaPending).returning(AgendaPending.project_id)))
    if not ids:
        return False
    projects = loaded_for_replay(ids)
    replace(zip((p.id for p in projects), project_timelines(projects, today)))
    return True


def stored(ids: Iterable[int] | None = None) -> list[agenda.Suggestion]:
    """The stored suggestions (of these projects, or all) in project order, each project's in its timeline's."""
    query = select(AgendaSuggestion.project_id, AgendaSuggestion.reason, AgendaSuggestion.node,
                   AgendaSuggestion.item, AgendaSuggestion.dept, AgendaSuggestion.note)
    if ids is not None:
        query = query.where(AgendaSuggestion.project_id.in_(set(ids)))
    return [agenda.Suggestion(*row) for row in
            db.session.execute(query.order_by(AgendaSuggestion.project_id, AgendaSuggestion.ordinal))]
