"""Timeline JSONs for the few projects a page shows, read from `timeline_cache` when nothing they depend on
changed (business date, last event, calendar, the project's engine fields) and replayed otherwise, so a page
of 50 inbox rows or one project page costs a lookup instead of a replay. The caller commits (or rolls back:
the cache is only ever a copy)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import selectinload

from coordinator.extensions import db
from coordinator.models import Project, ProjectEvent, TimelineCache
from coordinator.services.calendar import _stamp as calendar_stamp
from coordinator.services.projects import project_timelines


def digest(today: dt.date, stamp: tuple, row) -> str:
    """What a timeline depends on besides the events' content (events are append-only: the last seq will do)."""
    parts = (today, stamp, row.template_id, row.name, row.standard_land, row.fast_paths, row.target_date, row.last)
    return hashlib.sha1(repr(parts).encode()).hexdigest()


@dataclass
class Read:
    """What a read did: the ids it replayed and stored (the caller commits when there are any)."""

    replayed: list[int] = field(default_factory=list)


def timelines(ids, today: dt.date, read: Read | None = None) -> dict[int, dict]:
    """project id -> timeline JSON on `today` (two queries when all are cached; stale ones replayed and stored)."""
    ids = set(ids)
    if not ids:
        return {}
    stamp = calendar_stamp()
    last = select(func.max(ProjectEvent.seq)).where(ProjectEvent.project_id == Project.id).scalar_subquery()
    rows = db.session.execute(
        select(Project.id, Project.template_id, Project.name, Project.standard_land, Project.fast_paths,
               Project.target_date, last.label("last"), TimelineCache.digest, TimelineCache.body)
        .outerjoin(TimelineCache, TimelineCache.project_id == Project.id).where(Project.id.in_(ids))).all()
    out, stale = {}, {}
    for row in rows:
        wanted = digest(today, stamp, row)
        if row.digest == wanted:
            out[row.id] = json.loads(row.body)
        else:
            stale[row.id] = (wanted, row.digest is not None)
    if stale:
        out.update(_replay(stale, today))
        if read is not None:
            read.replayed.extend(stale)
    return out


def project_timeline(project: Project, today: dt.date) -> dict:
    """One project's timeline, from the cache when current (the project page)."""
    return timelines([project.id], today)[project.id]


def _replay(stale: dict[int, tuple[str, bool]], today: dt.date) -> dict[int, dict]:
    """Replay the stale projects and store their timelines."""
    projects = list(db.session.scalars(select(Project).where(Project.id.in_(stale))
                                       .options(selectinload(Project.events))
                                       .execution_options(populate_existing=True)))
    fresh = dict(zip((p.id for p in projects), project_timelines(projects, today)))
    old = [pid for pid, (_, cached) in stale.items() if cached]
    if old:
        db.session.execute(delete(TimelineCache).where(TimelineCache.project_id.in_(old)))
    db.session.execute(insert(TimelineCache), [
        {"project_id": pid, "digest": stale[pid][0], "body": json.dumps(timeline, separators=(",", ":"))}
        for pid, timeline in fresh.items()])
    return fresh
