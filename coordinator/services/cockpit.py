"""The leaders' cockpit: keeps the summary cache (models/cockpit.py) in step with the event log, the
business date and the calendar, with the page counts moved by the difference of the replayed rows; then
answers every cockpit table from those counts (tens of rows) or an indexed page of the cache."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select, update

from coordinator.domain import cockpit_counts as counts
from coordinator.domain import metrics
from coordinator.extensions import db
from coordinator.models import (
    AgendaCount,
    AgendaItem,
    AgendaPending,
    AgendaSuggestion,
    ClockSummary,
    CockpitState,
    Meeting,
    Project,
    ProjectEvent,
    ProjectSummary,
    Resolution,
)
from coordinator.models.cockpit import (
    OPEN_RED,
    MonthCount,
    MonthDays,
    OpenCount,
    PipelineCount,
    StageCount,
    TargetCount,
)
from coordinator.models.inserts import insert_ignoring_conflicts
from coordinator.services import agenda_rows
from coordinator.services.projects import loaded_for_replay, project_template, project_timelines

BATCH = 500
RED_PAGE = 50
MONTH_FIELDS = ("handled", "on_time", "early", "extensions", "deemed", "overturned")  # the scorecard_counts order


# ------------------------------------------------------------------ the cache
def refresh(today: dt.date) -> int:
    """Bring the cache to `today` and the latest event; returns how many projects were replayed."""
    return brought_up_to(today)[1]


def brought_up_to(today: dt.date) -> tuple[CockpitState, int]:
    """The cache's state brought to `today` and the latest event, and how many projects were replayed.

    A new business date or a calendar change (`stale`, see cockpit_stale.py) replays every project (lights
    and working-day counts move); otherwise only projects with an event newer than the watermark. Projects
    without events are summarised too (all `waiting`). The page counts follow the replayed rows."""
    state, top = _watermark(lock=False)
    if _current(state, top, today):
        return state, 0
    if state is not None:  # one refresher at a time: the counts move by difference
        state, top = _watermark(lock=True)
        if _current(state, top, today):
            return state, 0
    if state is None:  # the first refresh ever: concurrent requests create the row once, then queue on it
        db.session.execute(insert_ignoring_conflicts(db.engine.dialect.name, CockpitState, ["id"]),
                           {"id": 1, "as_of": today, "last_event_id": 0, "stale": True, "red_clocks": 0})
        state, top = _watermark(lock=True)
        if _current(state, top, today):
            return state, 0
    if state.stale or state.as_of != today:
        _clear(state)
        ids = list(db.session.scalars(select(Project.id).order_by(Project.id)))
    else:
        ids = list(db.session.scalars(select(ProjectEvent.project_id).where(ProjectEvent.id > state.last_event_id)
                                      .distinct()))
    for start in range(0, len(ids), BATCH):
        _summarise(ids[start:start + BATCH], today, state)
    state.as_of, state.last_event_id, state.stale = today, top, False
    db.session.flush()
    return state, len(ids)


def _watermark(lock: bool) -> tuple[CockpitState | None, int]:
    """The cache's state (re-read: mark_stale() updates in bulk) and the newest event id, in one query; with
    `lock`, read under the state row's lock, which the refresher holds until it commits."""
    newest = select(func.max(ProjectEvent.id))
    query = select(CockpitState, newest.scalar_subquery()).where(CockpitState.id == 1)
    if lock and db.engine.dialect.name == "sqlite":  # no row locks: take the database's write lock first
        db.session.execute(TAKE_WRITE_LOCK)
    elif lock:
        query = query.with_for_update(of=CockpitState)
    found = db.session.execute(query.execution_options(populate_existing=True)).first()
    state, top = found if found else (None, db.session.scalar(newest))
    return state, top or 0


# a write that changes nothing: SQLite's reads outside a write do not start a transaction, so without it two
# requests could both read the cache as behind and both move the counts (the second from a stale tally)
TAKE_WRITE_LOCK = update(CockpitState.__table__).where(CockpitState.id == 1).values(id=CockpitState.id)


def _current(state: CockpitState | None, top: int, today: dt.date) -> bool:
    return state is not None and state.as_of == today and state.last_event_id == top and not state.stale


def _clear(state: CockpitState) -> None:
    """Empty the cache and its counts before every project is replayed, the agenda suggestions and their counts
    too (all worked out again: any drift is gone after a new business date or a calendar change)."""
    for model in (ClockSummary, ProjectSummary, AgendaPending, AgendaSuggestion, AgendaCount,
                  *(model for model, _keys, _fields in COUNT_TABLES.values())):
        db.session.execute(delete(model))
    state.red_clocks = 0


def _summarise(ids: list[int], today: dt.date, state: CockpitState) -> None:
    """Replace the summary rows of these projects with their figures on `today`, and move the page counts
    by the difference."""
    projects = loaded_for_replay(ids)
    before = _stored_tally(ids)
    db.session.execute(delete(ClockSummary).where(ClockSummary.project_id.in_(ids)))
    db.session.execute(delete(ProjectSummary).where(ProjectSummary.project_id.in_(ids)))
    overturned = _overturned(ids)
    summaries, clocks, timelines = [], [], project_timelines(projects, today)
    for project, timeline in zip(projects, timelines):
        summary, project_clocks = _rows(project, timeline, overturned)
        summaries.append(summary)
        clocks.extend(project_clocks)
    agenda_rows.replace(zip((p.id for p in projects), timelines))  # the meeting suggestions follow the same replay
    if summaries:
        db.session.execute(insert(ProjectSummary), summaries)
    if clocks:
        db.session.execute(insert(ClockSummary), clocks)
    after = counts.tally([tuple(row[f] for f in counts.PROJECT) for row in summaries],
                         [tuple(row[f] for f in counts.CLOCK) for row in clocks])
    _apply(counts.difference(after, before), state)


def _overturned(ids: list[int]) -> set[tuple]:
    """(project, node, item, dept) of the opinions set aside by an override resolution of signed minutes."""
    return set(db.session.execute(
        select(AgendaItem.project_id, AgendaItem.node, AgendaItem.item, AgendaItem.dept)
        .join(Resolution, Resolution.agenda_item_id == AgendaItem.id).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.project_id.in_(ids), Resolution.kind == "override", Resolution.applied_seq.is_not(None),
               Meeting.signed_on.is_not(None))).all())


def _rows(project: Project, timeline: dict, overturned: set[tuple]) -> tuple[dict, list[dict]]:
    template = project_template(project)
    target = template.reform_target and (template.reform_target.node, template.reform_target.working_days)
    figures = metrics.project_figures(timeline, target, bool(project.standard_land))
    summary = {"project_id": project.id, "template_key": template.key, "standard_land": bool(project.standard_land),
               **{field: getattr(figures, field) for field in (
                   "stage", "light", "elapsed", "government", "agency", "owner", "target_days", "target_reached")},
               "days_over_target": None if figures.target_days is None else figures.government - figures.target_days}
    item_dept = {item.key: item.dept for node in template.nodes for item in node.items}
    clocks = [{"project_id": project.id, "kind": c.kind, "node": c.node, "item": c.item, "dept": c.dept,
               "month": c.month, "finished": c.finished and dt.date.fromisoformat(c.finished), "used": c.used,
               "limit": c.limit, "extended": c.extended, "deemed": c.deemed, "light": c.light,
               "overridden": c.overridden, "overdue": c.overdue,
               "overturned": c.kind == "opinion" and (project.id, c.node, c.item, c.dept) in overturned}
              for c in metrics.clocks(timeline, item_dept)]
    return summary, clocks


def _stored_tally(ids: list[int]) -> counts.Tally:
    """The counts these projects' current summary rows stand for (before they are replaced)."""
    projects = db.session.execute(select(*(getattr(ProjectSummary, f) for f in counts.PROJECT))
                                  .where(ProjectSummary.project_id.in_(ids))).all()
    clocks = db.session.execute(select(*(getattr(ClockSummary, f) for f in counts.CLOCK))
                                .where(ClockSummary.project_id.in_(ids))).all()
    return counts.tally([tuple(row) for row in projects], [tuple(row) for row in clocks])


def _apply(delta: counts.Tally, state: CockpitState) -> None:
    """Move the stored page counts by `delta` (rows that fall to zero are removed)."""
    state.red_clocks += delta.get("red", {}).get((), [0])[0]
    for table, (model, keys, fields) in COUNT_TABLES.items():
        _merge(model, keys, fields, delta.get(table, {}))


def _merge(model, keys: tuple[str, ...], fields: tuple[str, ...], delta: dict[tuple, list[int]]) -> None:
    if not delta:
        return
    first = getattr(model, keys[0])
    stored = {tuple(getattr(row, k) for k in keys): row
              for row in db.session.scalars(select(model).where(first.in_({key[0] for key in delta})))}
    for key, moved in delta.items():
        row = stored.get(key)
        if row is None:
            row = model(**dict(zip(keys, key)), **dict.fromkeys(fields, 0))
            db.session.add(row)
        for field, change in zip(fields, moved):
            setattr(row, field, getattr(row, field) + change)
        if any(getattr(row, field) for field in fields):
            continue
        if key in stored:
            db.session.delete(row)
        else:
            db.session.expunge(row)


COUNT_TABLES = {  # the tables of domain/cockpit_counts.py: model, key columns, count columns (in order)
    "pipeline": (PipelineCount, ("stage", "light"), ("projects",)),
    "months": (MonthCount, ("month", "dept"), MONTH_FIELDS),
    "days": (MonthDays, ("month", "dept", "days"), ("used", "promised")),
    "targets": (TargetCount, ("template_key", "standard_land", "target_days"),
                ("projects", "government", "agency", "owner", "met", "missed", "over")),
    "stages": (StageCount, ("node",), ("handled", "used", "promised", "on_time")),
    "open": (OpenCount, ("dept", "node", "light"), ("clocks",)),
}


# ------------------------------------------------------------------ the tables
def pipeline() -> list[dict]:
    """Projects by stage and light: [{stage, red, yellow, green, none, total}] by stage."""
    table: dict[str, dict] = {}
    for stage, light, count in db.session.execute(select(PipelineCount.stage, PipelineCount.light,
                                                         PipelineCount.projects)):
        entry = table.setdefault(stage, {"stage": stage, "red": 0, "yellow": 0, "green": 0, "none": 0, "total": 0})
        entry[light if light in entry else "none"] += count
        entry["total"] += count
    return sorted(table.values(), key=lambda e: (-e["red"], -e["total"], e["stage"]))


def red_clocks(page: int = 1, per_page: int = RED_PAGE) -> list:
    """Open red clocks, longest red first (the page read alone in the order of ix_cockpit_clocks_red_list,
    with or without planner statistics), with the project and the department holding them (their number is
    CockpitState.red_clocks)."""
    order = (ClockSummary.overdue.desc(), ClockSummary.id)
    ids = select(ClockSummary.id).where(OPEN_RED).order_by(*order).limit(per_page) \
        .offset((page - 1) * per_page).subquery()
    return db.session.execute(
        select(ClockSummary.project_id, Project.code, Project.name, ClockSummary.kind, ClockSummary.node,
               ClockSummary.item, ClockSummary.dept, ClockSummary.overdue, ClockSummary.used, ClockSummary.limit)
        .join(ids, ids.c.id == ClockSummary.id).join(Project, Project.id == ClockSummary.project_id)
        .order_by(*order)).all()


def months() -> list[str]:
    """The months with finished clocks, newest first."""
    return list(db.session.scalars(select(MonthCount.month).distinct().order_by(MonthCount.month.desc())))


def scorecard(month: str) -> list[metrics.Score]:
    """Every department's finished items and opinions in `month` (YYYY-MM), from the stored counts."""
    used: dict[str, dict[int, int]] = {}
    promised: dict[str, dict[int, int]] = {}
    for dept, days, n_used, n_promised in db.session.execute(
            select(MonthDays.dept, MonthDays.days, MonthDays.used, MonthDays.promised).where(MonthDays.month == month)):
        used.setdefault(dept, {})[days] = n_used
        promised.setdefault(dept, {})[days] = n_promised
    rows = db.session.scalars(select(MonthCount).where(MonthCount.month == month).order_by(MonthCount.dept))
    return [counts.score(row.dept, tuple(getattr(row, f) for f in MONTH_FIELDS), used.get(row.dept, {}),
                                   promised.get(row.dept, {})) for row in rows]


def monthly_trend(limit: int = 12) -> list[dict]:
    """Finished clocks and how many on time, per month (the newest `limit` months, oldest first)."""
    rows = db.session.execute(select(MonthCount.month, func.sum(MonthCount.handled), func.sum(MonthCount.on_time))
                              .group_by(MonthCount.month).order_by(MonthCount.month.desc()).limit(limit)).all()
    return [{"month": m, "handled": int(n), "on_time": int(t), "rate": metrics.rate(int(t), int(n))}
            for m, n, t in reversed(rows)]


def performance(page: int = 1, per_page: int = RED_PAGE, standard_land: bool | None = None) -> list[dict]:
    """Projects with a target, furthest over it first (ix_cockpit_projects_over / _land_over order): three
    clocks, the target and its status (their number: with_target)."""
    where = [ProjectSummary.days_over_target.is_not(None)]
    if standard_land is not None:
        where.append(ProjectSummary.standard_land == standard_land)
    order = (ProjectSummary.days_over_target.desc(), ProjectSummary.project_id)
    # the page first, alone (the planner then reads it in index order, with or without statistics), then names
    ids = select(ProjectSummary.project_id).where(*where).order_by(*order).limit(per_page) \
        .offset((page - 1) * per_page).subquery()
    s = ProjectSummary
    rows = db.session.execute(
        select(s.project_id, Project.code, Project.name, s.template_key, s.stage, s.light, s.government, s.agency,
               s.owner, s.elapsed, s.target_days, s.standard_land, s.target_reached)
        .join(ids, ids.c.project_id == s.project_id).join(Project, Project.id == s.project_id).order_by(*order)).all()
    return [_performance_row(row) for row in rows]


def with_target(targets: list[dict], standard_land: bool | None = None) -> int:
    """How many projects have a target (标准地 or not), from targets_by_template()."""
    return sum(t["projects"] for t in targets if standard_land in (None, t["standard_land"]))


def _performance_row(row) -> dict:
    out = row._asdict()
    out["template"] = out.pop("template_key")
    out["status"] = metrics.target_status(row.government, row.target_days, out.pop("target_reached"))
    return out


def targets_by_template() -> list[dict]:
    """Per template (and 标准地 apart) and target: projects, average three clocks, how many met / missed the
    target or are over it and still running."""
    rows = db.session.scalars(select(TargetCount).order_by(TargetCount.template_key, TargetCount.standard_land,
                                                           TargetCount.target_days))
    return [{"template": t.template_key, "standard_land": t.standard_land, "target_days": t.target_days,
             "projects": t.projects, "government": _average(t.government, t.projects),
             "agency": _average(t.agency, t.projects), "owner": _average(t.owner, t.projects), "met": t.met,
             "missed": t.missed, "over": t.over} for t in rows]


def stage_days() -> list[dict]:
    """Per stage: finished items, average working days used against the average promise, on-time rate."""
    return [{"node": s.node, "handled": s.handled, "used": _average(s.used, s.handled),
             "promised": _average(s.promised, s.handled), "on_time_rate": metrics.rate(s.on_time, s.handled)}
            for s in db.session.scalars(select(StageCount).order_by(StageCount.node))]


def _average(total: int, count: int) -> float:
    return round(total / count, 1) if count else 0.0
