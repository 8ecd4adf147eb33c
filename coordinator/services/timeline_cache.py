"""Timeline JSONs for the few projects a page shows, read from `timeline_cache` when nothing they depend on
changed (business date, last event, calendar, the project's engine fields) and replayed otherwise, so a page
of 50 inbox rows or one project page costs a lookup instead of a replay. The caller commits (or rolls back:
the cache is only ever a copy)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm.attributes import set_committed_value

from coordinator.extensions import db
from coordinator.models import Project, ProjectEvent, ProjectPageCache, TimelineCache
from coordinator.models.inserts import insert_ignoring_conflicts
from coordinator.models.project import ENGINE_FIELDS
from coordinator.services.calendar import calendar_stamp
from coordinator.services.projects import loaded_for_replay, project_timelines


def digest(today: dt.date, stamp: tuple, row) -> str:
    """What a timeline depends on besides the events' content (events are append-only: the last seq will do)."""
    parts = (today, stamp, row.name, row.last, *(getattr(row, name) for name in ENGINE_FIELDS))
    return hashlib.sha1(repr(parts).encode()).hexdigest()


@dataclass
class Read:
    """What a read did: the ids it replayed and stored (the caller commits when there are any)."""

    replayed: list[int] = field(default_factory=list)


def timelines(ids, today: dt.date, read: Read | None = None, stamp: tuple | None = None) -> dict[int, dict]:
    """project id -> timeline JSON on `today` (two queries when all are cached; stale ones replayed and stored)."""
    return derived(ids, today, None, lambda pid, timeline: timeline, read, stamp)


# (what, project id, the stored timeline's own hash) -> what `derive` made of that timeline, in this process:
# keyed by the content, not only by the digest, so an entry is never stale (not even for another database
# whose project has the same digest, as in tests), only unused
_derived: dict[tuple, object] = {}
DERIVED_MAX = 50_000


def body_hash(body: str) -> str:
    """The stored timeline JSON's hash: what a kept value is keyed by."""
    return hashlib.sha1(body.encode()).hexdigest()


def derived(ids, today: dt.date, what: tuple | None, derive, read: Read | None = None,
            stamp: tuple | None = None) -> dict[int, object]:
    """project id -> `derive(project id, timeline)` on `today`, kept per stored timeline under `what` (None:
    not kept), so a page that needs a few fields of each timeline decodes none of them while they stand;
    the same two queries as `timelines`."""
    ids = set(ids)
    if not ids:
        return {}
    stamp = stamp or calendar_stamp()
    rows = db.session.execute(_rows_statement(), {"ids": list(ids)}).all()
    out, stale = {}, {}
    for row in rows:
        wanted = digest(today, stamp, row)
        if row.digest != wanted:
            stale[row.id] = (wanted, row.digest is not None)
        elif what is None:
            out[row.id] = derive(row.id, json.loads(row.body))
        else:
            out[row.id] = _kept((what, row.id, body_hash(row.body)),
                                lambda row=row: derive(row.id, json.loads(row.body)))
    if stale:
        out.update({pid: derive(pid, timeline) for pid, timeline in _replay(stale, today).items()})
        if read is not None:
            read.replayed.extend(stale)
    return out


@cache
def _rows_statement():
    """The projects' engine fields, last event and cached timeline; built once per process (ids bound per call)."""
    return (select(Project.id, Project.name, *(getattr(Project, name) for name in ENGINE_FIELDS),
                   _last().label("last"), TimelineCache.digest, TimelineCache.body)
            .outerjoin(TimelineCache, TimelineCache.project_id == Project.id)
            .where(Project.id.in_(bindparam("ids", expanding=True))))


def kept(what: tuple, project_id: int, key: str, make):
    """What `make()` derives from the project's replay, made once per process for a `Page.key`."""
    return _kept((what, project_id, key), make)


def _kept(key: tuple, make):
    """The kept value under `key`, made once."""
    if key not in _derived:
        if len(_derived) >= DERIVED_MAX:
            _derived.clear()
        _derived[key] = make()
    return _derived[key]


@dataclass
class Page:
    """The project page's timeline and its rendered sections (None: render them and `keep` them)."""

    digest: str
    timeline: dict
    upper: str | None
    lower: str | None
    stored: bool  # something was written: the caller commits
    key: str = ""  # the digest and the stored timeline's hash: what the page's panels keep their values by


def project_page(project: Project, today: dt.date, lang: str) -> Page:
    """The timeline and the cached sections of a project (two queries when cached: the calendar's stamp and the
    cache rows with the last event's number; the events are loaded only to replay)."""
    cached = db.session.execute(_page_statement(), {"id": project.id, "lang": lang}).one()
    row = SimpleNamespace(name=project.name, last=cached[5], **{name: getattr(project, name) for name in ENGINE_FIELDS})
    wanted = digest(today, calendar_stamp(), row)
    if cached[0] == wanted:
        page = Page(wanted, json.loads(cached[1]), None, None, False, f"{wanted}:{body_hash(cached[1])}")
    else:
        page = Page(wanted, project_timelines([with_events(project)], today)[0], None, None, True)
        body = _body(page.timeline)
        page.key = f"{wanted}:{body_hash(body)}"
        db.session.execute(delete(TimelineCache).where(TimelineCache.project_id == project.id))
        db.session.execute(_store(TimelineCache, ["project_id"]), {"project_id": project.id, "digest": wanted,
                                                                    "body": body})
    if cached[2] == wanted:
        page.upper, page.lower = cached[3], cached[4]
    return page


@cache
def _page_statement():
    """The project's cached timeline and sections with its last event; built once per process (bound id, lang)."""
    return (select(TimelineCache.digest, TimelineCache.body, ProjectPageCache.digest, ProjectPageCache.upper,
                   ProjectPageCache.lower, _last()).select_from(Project)
            .outerjoin(TimelineCache, TimelineCache.project_id == Project.id)
            .outerjoin(ProjectPageCache, (ProjectPageCache.project_id == Project.id)
                       & (ProjectPageCache.lang == bindparam("lang")))
            .where(Project.id == bindparam("id")))


def with_events(project: Project) -> Project:
    """The project with `events` loaded (one query the first time: a cached page does not need them)."""
    if "events" not in project.__dict__:
        set_committed_value(project, "events", list(db.session.scalars(
            select(ProjectEvent).where(ProjectEvent.project_id == project.id).order_by(ProjectEvent.seq))))
    return project


def keep_page(project: Project, lang: str, page: Page, upper: str, lower: str) -> None:
    """Store the sections just rendered for the page's digest."""
    db.session.execute(delete(ProjectPageCache).where(ProjectPageCache.project_id == project.id,
                                                      ProjectPageCache.lang == lang))
    db.session.execute(_store(ProjectPageCache, ["project_id", "lang"]),
                       {"project_id": project.id, "lang": lang, "digest": page.digest, "upper": upper, "lower": lower})
    page.stored = True


def _store(model, keys: list[str]):
    """The insert of a cache row that skips a row another request stored first (two readers of the same stale
    project: the second's delete finds nothing to delete, its insert would otherwise fail on the key)."""
    return insert_ignoring_conflicts(db.engine.dialect.name, model, keys)


def _body(timeline: dict) -> str:
    """What is kept of a timeline: its compact JSON."""
    return json.dumps(timeline, separators=(",", ":"))


def _last():
    """The project's last event number (correlated with the outer query's project)."""
    return select(func.max(ProjectEvent.seq)).where(ProjectEvent.project_id == Project.id).scalar_subquery()


def _replay(stale: dict[int, tuple[str, bool]], today: dt.date) -> dict[int, dict]:
    """Replay the stale projects and store their timelines."""
    projects = loaded_for_replay(stale)
    fresh = dict(zip((p.id for p in projects), project_timelines(projects, today)))
    old = [pid for pid, (_, cached) in stale.items() if cached]
    if old:
        db.session.execute(delete(TimelineCache).where(TimelineCache.project_id.in_(old)))
    db.session.execute(_store(TimelineCache, ["project_id"]), [
        {"project_id": pid, "digest": stale[pid][0], "body": _body(timeline)}
        for pid, timeline in fresh.items()])
    return fresh
