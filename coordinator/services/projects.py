"""Projects and their events: every number shown comes from replaying the event log through the engine."""
from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from coordinator.domain import timeline as engine
from coordinator.domain.errors import RuleBroken
from coordinator.domain.events import normalise_events
from coordinator.domain.output import timeline_json
from coordinator.domain.templates import StageTemplate
from coordinator.extensions import db
from coordinator.models import Project, ProjectEvent, TemplateVersion
from coordinator.services import audit, event_hooks
from coordinator.services.calendar import app_calendar
from coordinator.services.templates import template_of


def project_template(project: Project) -> StageTemplate:
    """The template version the project started with."""
    return template_of(project.template)


def engine_project(project: Project) -> engine.Project:
    """The attributes the engine needs (fast paths' `when`, opted-in paths, target date)."""
    attributes = {"standard_land": bool(project.standard_land), "name": project.name}
    return engine.Project(project.name, attributes, tuple(project.fast_paths or ()), project.target_date)


def project_events(project: Project) -> list[dict]:
    """The project's events in order, as the engine reads them."""
    rows = db.session.query(ProjectEvent).filter_by(project_id=project.id).order_by(ProjectEvent.seq)
    return [row.as_scenario_event() for row in rows]


def project_state(project: Project, today: dt.date, extra: list[dict] | None = None) -> engine.Replay:
    """Replay the project's events (and `extra` ones not yet stored) as of `today`."""
    events = normalise_events(project_events(project) + list(extra or []))
    return engine.replay(project_template(project), engine_project(project), events, app_calendar(), today)


def project_timeline(project: Project, today: dt.date) -> dict:
    """The timeline JSON of formats/scenario.md for the project on `today`."""
    state = project_state(project, today)
    return timeline_json(state, today, project.target_date)


def loaded_for_replay(ids) -> list[Project]:
    """The projects `ids` with their events read afresh (two queries), for project_timelines: a cache that
    replays them must not use events an earlier read of this session left behind."""
    return list(db.session.scalars(select(Project).where(Project.id.in_(ids)).options(selectinload(Project.events))
                                   .execution_options(populate_existing=True)))


def project_timelines(projects: list[Project], today: dt.date) -> list[dict]:
    """Timelines for a list page without a query per project: one calendar for all, and each project's
    events taken from `Project.events`, which the caller loads with selectinload(Project.events)."""
    calendar = app_calendar()
    return [timeline_json(engine.replay(project_template(project), engine_project(project),
                                        normalise_events([row.as_scenario_event() for row in project.events]),
                                        calendar, today), today, project.target_date)
            for project in projects]


def append_event(project: Project, event: dict, actor, today: dt.date) -> ProjectEvent:
    """Record one event dated `today` after checking it against every rule by replaying the whole log.

    The after-event hooks (services/event_hooks: results pushed for supervision, commitments become
    obligations) then run in the same transaction. Raises RuleBroken (nothing written) when the event breaks
    a rule. Two people recording at once both compute the same next sequence number; the unique
    (project_id, seq) constraint lets exactly one win.
    """
    event = {**event, "date": today}
    try:
        state = project_state(project, today, [event])
    except RuleBroken as exc:
        raise RuleBroken(exc.reason, exc.rule) from None
    seq = (db.session.query(func.max(ProjectEvent.seq)).filter_by(project_id=project.id).scalar() or 0) + 1
    fields = {k: v for k, v in event.items() if k not in ("date", "do", "node", "item", "dept")}
    row = ProjectEvent(project_id=project.id, seq=seq, date=today, do=event["do"], node=event.get("node"),
                       item=event.get("item"), dept=event.get("dept"), data=_jsonable(fields),
                       actor_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    audit.record(f"event:{event['do']}", actor, "project", project.id, seq=seq, node=event.get("node"),
                 item=event.get("item"), dept=event.get("dept"), **fields)
    event_hooks.run(project, row, state, actor, today)
    return row


def _jsonable(fields: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}


def create_project(*, code: str, name: str, template: TemplateVersion, actor, company_id: int | None = None,
                   **attributes) -> Project:
    """Register a project bound to one template version, with a public query code (一码全知)."""
    project = Project(code=code, name=name, template=template, company_id=company_id,
                      public_code=secrets.token_urlsafe(9), fast_paths=[], **attributes)
    db.session.add(project)
    db.session.flush()
    audit.record("project:create", actor, "project", project.id, code=code, template=template.key,
                 version=template.version)
    return project
