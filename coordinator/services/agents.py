"""Agents (代办员): assignment and hand-over with history, the follow-up log, the target date, and the
cockpit (assigned projects, today's chase list) built in a constant number of queries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from coordinator.domain import timeline as engine
from coordinator.domain.backward import BackwardPlan, backward_plan
from coordinator.domain.chase import DueFollowUp, Entry, chase_list
from coordinator.domain.events import normalise_events
from coordinator.domain.output import timeline_json
from coordinator.domain.planning import forecast
from coordinator.domain.stage_ledger import StageDays, stage_ledger
from coordinator.domain.wallchart import Chart, chart
from coordinator.extensions import db
from coordinator.models import AgentAssignment, FollowUp, Project, User
from coordinator.services import audit, notifications
from coordinator.services.agencies import late_services
from coordinator.services.calendar import app_calendar
from coordinator.services.projects import (
    engine_project,
    project_state,
    project_template,
)


class AgentError(ValueError):
    """A refused agent action; the message is an English msgid for the page."""


def assign_agent(project: Project, agent: User, actor, today: dt.date, note: str = "") -> AgentAssignment:
    """Make `agent` the project's agent from today; the previous agent's period ends today (hand-over)."""
    if agent.role != "agent" or not agent.is_active_account:
        raise AgentError("Only an active agent account can be assigned")
    if project.agent_id == agent.id:
        raise AgentError("This agent is already assigned to the project")
    current = db.session.scalar(select(AgentAssignment).where(
        AgentAssignment.project_id == project.id, AgentAssignment.until.is_(None)))
    previous = project.agent_id
    if current is not None:
        current.until = today
    row = AgentAssignment(project_id=project.id, agent_id=agent.id, since=today,
                          assigned_by=getattr(actor, "id", None), note=note.strip()[:500])
    db.session.add(row)
    project.agent_id = agent.id
    db.session.flush()
    audit.record("agent:handover" if previous else "agent:assign", actor, "project", project.id,
                 agent=agent.id, previous=previous, note=row.note)
    notifications.notify([agent], "agent_assigned", "You now follow %(project_name)s as its agent",
                         project=project, link=f"/projects/{project.id}", project_name=project.name)
    return row


def assignment_history(project: Project) -> list[AgentAssignment]:
    """Every agent the project had, newest first (one query)."""
    return list(db.session.scalars(_history_statement(), {"project": project.id}))


@cache
def _history_statement():
    """The project's assignments, newest first; built once per process (the project id is bound per call)."""
    return (select(AgentAssignment).where(AgentAssignment.project_id == bindparam("project"))
            .order_by(AgentAssignment.since.desc(), AgentAssignment.id.desc()))


def agent_choices() -> list[User]:
    """Active agent accounts, by name."""
    return list(db.session.scalars(_choices_statement()))


@cache
def _choices_statement():
    """Active agents by name; built once per process, so the project page does not rebuild it."""
    return (select(User).where(User.role == "agent", User.is_active_account.is_(True))
            .order_by(User.display_name))


def log_follow_up(project: Project, actor, today: dt.date, *, contact: str, agreed: str = "",
                  next_action: str = "", next_action_on: dt.date | None = None, node: str | None = None) -> FollowUp:
    """Record a contact with what was agreed and the next action; it comes back on the chase list that day."""
    contact = contact.strip()
    if not contact:
        raise AgentError("Say who was contacted")
    if node and not project_template(project).has_node(node):
        raise AgentError("Unknown node")
    if next_action_on is not None and next_action_on < today:
        raise AgentError("The next action cannot be dated in the past")
    if next_action_on is not None and not next_action.strip():
        raise AgentError("Say what the next action is")
    row = FollowUp(project_id=project.id, node=node or None, day=today, contact=contact[:200],
                   agreed=agreed.strip(), next_action=next_action.strip()[:500], next_action_on=next_action_on,
                   author_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    audit.record("follow_up:log", actor, "project", project.id, follow_up=row.id, node=row.node,
                 next_action_on=next_action_on)
    return row


def close_follow_up(row: FollowUp, actor, today: dt.date) -> None:
    """The next action was done: it leaves the chase list."""
    if row.done_on is not None:
        raise AgentError("This follow-up is already done")
    row.done_on = today
    db.session.flush()
    audit.record("follow_up:done", actor, "project", row.project_id, follow_up=row.id)


def follow_ups(project: Project) -> list[FollowUp]:
    """The project's follow-up log, newest first (one query)."""
    return list(db.session.scalars(_follow_ups_statement(), {"project": project.id}))


@cache
def _follow_ups_statement():
    """The project's follow-ups, newest first; built once per process (the project id is bound per call)."""
    return (select(FollowUp).where(FollowUp.project_id == bindparam("project"))
            .order_by(FollowUp.day.desc(), FollowUp.id.desc()))


def set_target(project: Project, target: dt.date | None, actor) -> None:
    """Store the target date for the start of works (倒排的目标日期); audited with the old value."""
    old = project.target_date
    project.target_date = target
    db.session.flush()
    audit.record("project:target", actor, "project", project.id, old=old, new=target)


def plan_for(project: Project, today: dt.date, target: dt.date) -> BackwardPlan:
    """The backward plan of the project against `target`."""
    return backward_plan(project_state(project, today), today, target)


def chart_for(project: Project, today: dt.date) -> Chart:
    state = project_state(project, today)
    return chart(state, forecast(state, today), today, project.target_date)


def loaded_state(project: Project, today: dt.date, cal=None) -> engine.Replay:
    """The replay from `project.events`, which the caller loaded with selectinload(Project.events)."""
    return engine.replay(project_template(project), engine_project(project),
                         normalise_events([e.as_scenario_event() for e in project.events]), cal or app_calendar(),
                         today)


def ledger_for(state: engine.Replay, today: dt.date) -> list[StageDays]:
    """Who used the days, per stage."""
    return stage_ledger(state, today)


@dataclass
class CockpitRow:
    project: Project
    timeline: dict
    chart: Chart


@dataclass
class Cockpit:
    rows: list[CockpitRow]
    chase: list[Entry]
    follow_ups: dict[int, FollowUp]


def cockpit(agent: User, today: dt.date) -> Cockpit:
    """The agent's projects with their timelines and charts, and today's chase list (constant queries)."""
    projects = list(db.session.scalars(select(Project).where(Project.agent_id == agent.id)
                                       .options(selectinload(Project.events)).order_by(Project.id)))
    rows, cal = [], app_calendar()
    for project in projects:
        state = loaded_state(project, today, cal)
        rows.append(CockpitRow(project, timeline_json(state, today, project.target_date),
                               chart(state, forecast(state, today), today, project.target_date)))
    ids = [p.id for p in projects]
    due = list(db.session.scalars(select(FollowUp).where(
        FollowUp.project_id.in_(ids), FollowUp.done_on.is_(None), FollowUp.next_action_on <= today)))
    entries = chase_list({r.project.id: r.timeline for r in rows}, late_services(rows, today, cal),
                         [DueFollowUp(f.project_id, f.node, f.next_action, f.next_action_on, f.id) for f in due],
                         today)
    return Cockpit(rows, entries, {f.id: f for f in due})
