"""What to put on a joint meeting's agenda (联审议题): the suggestions kept as indexed rows (objections, overdue
opinions, projects past their target), open tasks of earlier meetings and projects flagged for a meeting, grouped
by reason with the most urgent first; and the project search and flag of the convening pages. Flushes, never
commits."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import Integer, bindparam, select, union_all

from coordinator.domain import agenda
from coordinator.extensions import db
from coordinator.models import AgendaItem, AgendaSuggestion, Meeting, MeetingFlag, Project
from coordinator.services import agenda_rows, audit, cockpit
from coordinator.services.meetings import MeetingRefused, open_tasks, require_projects


def with_notes(picked: tuple[agenda.Suggestion, ...], today: dt.date) -> tuple[agenda.Suggestion, ...]:
    """The picked suggestions (from the form's keys) with their notes, read for their projects only (not every
    suggestion of the city); a key no longer suggested keeps an empty note."""
    ids = {s.project_id for s in picked}
    if not ids:
        return picked
    notes = {s.key: s.note for s in suggestions(today, ids, leave_out_taken=False)}
    return tuple(agenda.Suggestion(s.project_id, s.reason, s.node, s.item, s.dept, notes.get(s.key, ""))
                 for s in picked)


def fresh_suggestions(today: dt.date) -> bool:
    """Bring the stored suggestions to `today` and the latest event: the cockpit's refresh replays what moved
    (new events; every project on a new business date or after a calendar change), then the projects marked
    pending. Stores what it replayed (the caller commits) and says whether it stored anything."""
    replayed = cockpit.refresh(today)
    return agenda_rows.catch_up(today) or replayed > 0


def suggestions(today: dt.date, ids: set[int] | None = None, leave_out_taken: bool = True) -> list[agenda.Suggestion]:
    """Every suggestion (or those of the projects `ids`): the stored timeline suggestions in project order, the
    flagged projects and the open tasks of signed meetings, less (unless told) what an unsigned meeting holds."""
    fresh_suggestions(today)
    tasks = [{"project_id": t.project_id, "dept": t.dept, "text": t.text, "due": t.due} for t in open_tasks()
             if ids is None or t.project_id in ids]
    flags = [(pid, note) for pid, note in _flags() if ids is None or pid in ids]
    return agenda.combine(agenda_rows.stored(ids), tasks, _taken() if leave_out_taken else (), flags)


def suggestion_groups(limits: dict[str, int], default: int) -> list[agenda.Group]:
    """The suggestions by reason, the most urgent first, each cut to its limit (`default` unless `limits` says
    more), with each reason's count: the timeline reasons' totals from their kept counts and the most urgent
    read first from their index (what an unsigned meeting holds taken off), flags and tasks as they are; a fixed number of
    queries at any city size. Call fresh_suggestions first."""
    taken = set(_taken())
    held = [s for s in agenda_rows.stored({pid for pid, *_ in taken}) if _key(s) in taken] if taken else []
    wanted = {reason: limits.get(reason, default) for reason in agenda.TIMELINE_REASONS}
    totals = agenda_rows.counts()
    held_by_reason = Counter(s.reason for s in held)
    heads = _heads({r: n + held_by_reason[r] for r, n in wanted.items() if totals.get(r)})
    groups = [agenda.Group(reason, tuple(s for s in heads.get(reason, []) if _key(s) not in taken)[:wanted[reason]],
                           totals.get(reason, 0) - held_by_reason[reason])
              for reason in agenda.TIMELINE_REASONS]
    tasks = [{"project_id": t.project_id, "dept": t.dept, "text": t.text, "due": t.due} for t in open_tasks()]
    return agenda.merged(groups, agenda.combine([], tasks, taken, _flags()), limits, default)


def _heads_query():
    """The first `:n_<reason>` stored suggestions of each timeline reason in urgency order, by the index."""
    row = AgendaSuggestion
    parts = [select(row.project_id, row.reason, row.node, row.item, row.dept, row.note, row.rank, row.ordinal)
             .where(row.reason == reason).order_by(row.rank, row.project_id, row.ordinal)
             .limit(bindparam(f"n_{reason}", type_=Integer)).subquery() for reason in agenda.TIMELINE_REASONS]
    return union_all(*(select(part) for part in parts))


HEADS = _heads_query()  # built once: building the subqueries per request cost more than running them


def _heads(limits: dict[str, int]) -> dict[str, list[agenda.Suggestion]]:
    """The first `limits[reason]` stored suggestions of each timeline reason in urgency order (one query)."""
    if not limits:
        return {}
    found = db.session.execute(HEADS, {f"n_{reason}": limits.get(reason, 0) for reason in agenda.TIMELINE_REASONS})
    out: dict[str, list[agenda.Suggestion]] = {}
    for row in sorted(found, key=lambda r: (r.reason, r.rank, r.project_id, r.ordinal)):
        out.setdefault(row.reason, []).append(agenda.Suggestion(*row[:6]))
    return out


def _key(s: agenda.Suggestion) -> tuple:
    return (s.project_id, s.reason, s.node, s.item, s.dept)


def _taken() -> list[tuple]:
    """(project, reason, node, item, dept) of what an unsigned meeting's agenda already holds."""
    return [tuple(row) for row in db.session.execute(
        select(AgendaItem.project_id, AgendaItem.reason, AgendaItem.node, AgendaItem.item, AgendaItem.dept)
        .join(Meeting).where(Meeting.signed_on.is_(None)))]


def _flags() -> list[tuple[int, str]]:
    """(project, note) of the flags no meeting has taken yet, in the order they were made."""
    return [tuple(row) for row in db.session.execute(select(MeetingFlag.project_id, MeetingFlag.note)
                                                     .where(MeetingFlag.meeting_id.is_(None)).order_by(MeetingFlag.id))]


def find_projects(text: str, limit: int) -> list:
    """Projects whose code (项目代码) or name contains `text`, by name: (id, name, code) rows, at most `limit`."""
    text = text.strip()
    if not text:
        return []
    return db.session.execute(select(Project.id, Project.name, Project.code)
                              .where(Project.code.contains(text, autoescape=True)
                                     | Project.name.contains(text, autoescape=True))
                              .order_by(Project.name, Project.id).limit(limit)).all()


def project_labels(ids: set[int]) -> dict[int, tuple]:
    """project id -> (name, code, template id) for the few projects a page shows."""
    if not ids:
        return {}
    rows = db.session.execute(select(Project.id, Project.name, Project.code, Project.template_id)
                              .where(Project.id.in_(ids)))
    return {row.id: (row.name, row.code, row.template_id) for row in rows}


def flag_project(project_id: int, note: str, actor) -> MeetingFlag:
    """Flag a project for the next meeting (标记上会), with the reason."""
    if not note.strip():
        raise MeetingRefused("Say why the project should go to a meeting.")
    require_projects({project_id})
    flag = MeetingFlag(project_id=project_id, note=note.strip(), flagged_by_id=getattr(actor, "id", None))
    db.session.add(flag)
    db.session.flush()
    audit.record("meeting:flag", actor, "project", project_id, note=flag.note)
    return flag
