"""The leaders' cockpit: keeps the summary cache (models/cockpit.py) in step with the event log and the
business date, then answers every cockpit table with a few aggregate queries over it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import selectinload

from coordinator.domain import metrics
from coordinator.extensions import db
from coordinator.models import (
    ClockSummary,
    CockpitState,
    Project,
    ProjectEvent,
    ProjectSummary,
)
from coordinator.services.projects import project_template, project_timelines

BATCH = 500
RED_PAGE = 50


# ------------------------------------------------------------------ the cache
def refresh(today: dt.date) -> int:
    """Bring the cache to `today` and the latest event; returns how many projects were replayed.

    A new business date replays every project (lights move with the date); otherwise only projects with
    an event newer than the watermark. Projects without events are summarised too (all `waiting`)."""
    state = db.session.get(CockpitState, 1)
    top = db.session.scalar(select(func.max(ProjectEvent.id))) or 0
    if state is not None and state.as_of == today and state.last_event_id == top:
        return 0
    if state is None or state.as_of != today:
        ids = list(db.session.scalars(select(Project.id).order_by(Project.id)))
    else:
        ids = list(db.session.scalars(select(ProjectEvent.project_id).where(ProjectEvent.id > state.last_event_id)
                                      .distinct()))
    for start in range(0, len(ids), BATCH):
        _summarise(ids[start:start + BATCH], today)
    if state is None:
        db.session.add(CockpitState(id=1, as_of=today, last_event_id=top))
    else:
        state.as_of, state.last_event_id = today, top
    db.session.flush()
    return len(ids)


def _summarise(ids: list[int], today: dt.date) -> None:
    """Replace the summary rows of these projects with their figures on `today`."""
    projects = db.session.scalars(select(Project).where(Project.id.in_(ids))
                                  .options(selectinload(Project.events))
                                  .execution_options(populate_existing=True)).all()
    db.session.execute(delete(ClockSummary).where(ClockSummary.project_id.in_(ids)))
    db.session.execute(delete(ProjectSummary).where(ProjectSummary.project_id.in_(ids)))
    summaries, clocks = [], []
    for project, timeline in zip(projects, project_timelines(projects, today)):
        summary, project_clocks = _rows(project, timeline)
        summaries.append(summary)
        clocks.extend(project_clocks)
    if summaries:
        db.session.execute(insert(ProjectSummary), summaries)
    if clocks:
        db.session.execute(insert(ClockSummary), clocks)


def _rows(project: Project, timeline: dict) -> tuple[dict, list[dict]]:
    template = project_template(project)
    target = template.reform_target and (template.reform_target.node, template.reform_target.working_days)
    figures = metrics.project_figures(timeline, target, bool(project.standard_land))
    summary = {"project_id": project.id, "template_key": template.key, "standard_land": bool(project.standard_land),
               **{field: getattr(figures, field) for field in (
                   "stage", "light", "elapsed", "government", "agency", "owner", "target_days", "target_reached")}}
    item_dept = {item.key: item.dept for node in template.nodes for item in node.items}
    clocks = [{"project_id": project.id, "kind": c.kind, "node": c.node, "item": c.item, "dept": c.dept,
               "month": c.month, "finished": c.finished and dt.date.fromisoformat(c.finished), "used": c.used,
               "limit": c.limit, "extended": c.extended, "deemed": c.deemed, "light": c.light,
               "overridden": c.overridden, "overdue": c.overdue}
              for c in metrics.clocks(timeline, item_dept)]
    return summary, clocks


# ------------------------------------------------------------------ the tables
def pipeline() -> list[dict]:
    """Projects by stage and light: [{stage, red, yellow, green, none, total}] by stage."""
    rows = db.session.execute(select(ProjectSummary.stage, ProjectSummary.light, func.count())
                              .group_by(ProjectSummary.stage, ProjectSummary.light)).all()
    table: dict[str, dict] = {}
    for stage, light, count in rows:
        entry = table.setdefault(stage, {"stage": stage, "red": 0, "yellow": 0, "green": 0, "none": 0, "total": 0})
        entry[light if light in entry else "none"] += count
        entry["total"] += count
    return sorted(table.values(), key=lambda e: (-e["red"], -e["total"], e["stage"]))


def red_clocks(page: int = 1, per_page: int = RED_PAGE) -> tuple[list[dict], int]:
    """Open red clocks, longest red first, with the project and the department holding them; and the total."""
    where = (ClockSummary.light == "red", ClockSummary.finished.is_(None))
    total = db.session.scalar(select(func.count()).select_from(ClockSummary).where(*where))
    rows = db.session.execute(
        select(ClockSummary.project_id, Project.code, Project.name, ClockSummary.kind, ClockSummary.node,
               ClockSummary.item, ClockSummary.dept, ClockSummary.overdue, ClockSummary.used, ClockSummary.limit)
        .join(Project, Project.id == ClockSummary.project_id).where(*where)
        .order_by(ClockSummary.overdue.desc(), ClockSummary.id).limit(per_page).offset((page - 1) * per_page)).all()
    return [row._asdict() for row in rows], total


def months() -> list[str]:
    """The months with finished clocks, newest first."""
    return list(db.session.scalars(select(ClockSummary.month).where(ClockSummary.month.is_not(None))
                                   .distinct().order_by(ClockSummary.month.desc())))


def scorecard(month: str) -> list[metrics.Score]:
    """Every department's finished items and opinions in `month` (YYYY-MM)."""
    rows = db.session.execute(select(ClockSummary.dept, ClockSummary.used, ClockSummary.limit,
                                     ClockSummary.extended, ClockSummary.deemed, ClockSummary.light,
                                     ClockSummary.overridden).where(ClockSummary.month == month)).all()
    return metrics.scorecard(rows)


def monthly_trend(limit: int = 12) -> list[dict]:
    """Finished clocks and how many on time, per month (the newest `limit` months, oldest first)."""
    timely = func.sum(case((ClockSummary.light.in_(("on_time", "green")), 1), else_=0))
    rows = db.session.execute(select(ClockSummary.month, func.count(), timely)
                              .where(ClockSummary.month.is_not(None)).group_by(ClockSummary.month)
                              .order_by(ClockSummary.month.desc()).limit(limit)).all()
    return [{"month": m, "handled": n, "on_time": int(t or 0), "rate": metrics.rate(int(t or 0), n)}
            for m, n, t in reversed(rows)]


def performance(page: int = 1, per_page: int = RED_PAGE, standard_land: bool | None = None) -> tuple[list[dict], int]:
    """Projects with a target, furthest over it first: three clocks, the target and its status; and the total."""
    where = [ProjectSummary.target_days.is_not(None)]
    if standard_land is not None:
        where.append(ProjectSummary.standard_land.is_(standard_land))
    total = db.session.scalar(select(func.count()).select_from(ProjectSummary).where(*where))
    over = ProjectSummary.government - ProjectSummary.target_days
    rows = db.session.execute(
        select(ProjectSummary, Project.code, Project.name).join(Project, Project.id == ProjectSummary.project_id)
        .where(*where).order_by(over.desc(), ProjectSummary.project_id)
        .limit(per_page).offset((page - 1) * per_page)).all()
    return [_performance_row(summary, code, name) for summary, code, name in rows], total


def _performance_row(summary: ProjectSummary, code: str, name: str) -> dict:
    return {"project_id": summary.project_id, "code": code, "name": name, "template": summary.template_key,
            "stage": summary.stage, "light": summary.light, "government": summary.government,
            "agency": summary.agency, "owner": summary.owner, "elapsed": summary.elapsed,
            "target_days": summary.target_days, "standard_land": summary.standard_land,
            "status": metrics.target_status(summary.government, summary.target_days, summary.target_reached)}


def targets_by_template() -> list[dict]:
    """Per template (and 标准地 apart): projects, average three clocks, how many met / missed the target."""
    reached = ProjectSummary.target_reached
    in_time = ProjectSummary.government <= ProjectSummary.target_days
    rows = db.session.execute(select(
        ProjectSummary.template_key, ProjectSummary.standard_land, func.max(ProjectSummary.target_days), func.count(),
        func.avg(ProjectSummary.government), func.avg(ProjectSummary.agency), func.avg(ProjectSummary.owner),
        func.sum(case((reached & in_time, 1), else_=0)), func.sum(case((reached & ~in_time, 1), else_=0)),
        func.sum(case((~reached & ~in_time, 1), else_=0)))
        .where(ProjectSummary.target_days.is_not(None))
        .group_by(ProjectSummary.template_key, ProjectSummary.standard_land)
        .order_by(ProjectSummary.template_key, ProjectSummary.standard_land)).all()
    return [{"template": t, "standard_land": s, "target_days": d, "projects": n,
             "government": round(float(g or 0), 1), "agency": round(float(a or 0), 1),
             "owner": round(float(o or 0), 1), "met": int(met or 0), "missed": int(missed or 0),
             "over": int(over or 0)} for t, s, d, n, g, a, o, met, missed, over in rows]


def stage_days() -> list[dict]:
    """Per stage: finished items, average working days used against the average promise, on-time rate."""
    timely = func.sum(case((ClockSummary.light.in_(("on_time", "green")), 1), else_=0))
    rows = db.session.execute(select(ClockSummary.node, func.count(), func.avg(ClockSummary.used),
                                     func.avg(ClockSummary.limit + ClockSummary.extended), timely)
                              .where(ClockSummary.kind == "item", ClockSummary.finished.is_not(None))
                              .group_by(ClockSummary.node).order_by(ClockSummary.node)).all()
    return [{"node": node, "handled": n, "used": round(float(used), 1), "promised": round(float(promised), 1),
             "on_time_rate": metrics.rate(int(t or 0), n)} for node, n, used, promised, t in rows]
