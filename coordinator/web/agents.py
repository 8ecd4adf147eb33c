"""Agent pages: the cockpit with today's chase list, the follow-up log, assignment and hand-over, the
backward plan (倒排) and the wall charts (挂图作战); plus the agent/agency panel on the project page."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from coordinator.clock import current_clock
from coordinator.domain.agent_rules import initiation_lead, may_assign_agent
from coordinator.domain.permissions import is_allowed
from coordinator.extensions import db
from coordinator.models import Department, FollowUp, Project, User
from coordinator.services import agencies as agency_service
from coordinator.services import agents as service
from coordinator.services.project_access import can_see_project
from coordinator.services.projects import project_template
from coordinator.web.access import ensure, requires
from coordinator.web.form_actions import attempt
from coordinator.web.projects import is_english, page_helpers, page_kept, page_replay
from coordinator.web.timeline_view import next_deadline, worst_open_light
from coordinator.web.wallchart_svg import render_wallchart

bp = Blueprint("agents", __name__)


def visible_project(project_id: int) -> Project:
    """The project when the user may see it (404 otherwise: an agent sees only assigned projects)."""
    project = db.session.get(Project, project_id)
    if project is None or not can_see_project(current_user, project):
        abort(404)
    return project


def form_date(name: str) -> dt.date | None:
    """An ISO date from the form, None when empty; 'bad' raises ValueError."""
    value = (request.form.get(name) or "").strip()
    return dt.date.fromisoformat(value) if value else None


def _refusal(exc: Exception) -> str:
    """The sentence for a refused agent action: its message (an English msgid), or a malformed date."""
    return _(str(exc)) if isinstance(exc, service.AgentError) else _("Enter a date as YYYY-MM-DD.")


# ------------------------------------------------------------------ cockpit


@bp.get("/agent")
@requires("agent:cockpit")
def cockpit():
    """The agent's projects (next deadline, worst light, forecast start of works) and today's chase list."""
    today = current_clock().today()
    data = service.cockpit(current_user, today)
    cards = []
    for row in data.rows:
        template = project_template(row.project)
        deadline = next_deadline(row.timeline)
        cards.append({"project": row.project, "template": template, "timeline": row.timeline,
                      "light": worst_open_light(row.timeline),
                      "deadline": deadline and (deadline[0], template.node(deadline[1]))})
    templates = {card["project"].id: card["template"] for card in cards}
    projects = {card["project"].id: card["project"] for card in cards}
    departments = dict(db.session.execute(select(Department.code, Department.name)).all())
    return render_template("agents/cockpit.html", cards=cards, chase=data.chase, templates=templates,
                           projects=projects, departments=departments, follow_ups=data.follow_ups, today=today,
                           **page_helpers())


@bp.get("/agent/wallchart")
@requires("agent:cockpit")
def my_wallchart():
    """One wall chart for all the agent's projects."""
    today = current_clock().today()
    groups = [(row.project.name, project_template(row.project), row.chart)
              for row in service.cockpit(current_user, today).rows]
    return _wallchart_page(None, groups, today, title=_("Wall chart of my projects"))


# ------------------------------------------------------------------ project: wall chart, plan, target


@bp.get("/projects/<int:project_id>/wallchart")
@requires("project:view")
def wallchart(project_id: int):
    project = visible_project(project_id)
    today = current_clock().today()
    groups = [(project.name, project_template(project), service.chart_for(project, today))]
    return _wallchart_page(project, groups, today, title=_("Wall chart of %(name)s", name=project.name),
                           id_prefix=f"wc-{project.id}")


def _wallchart_page(project: Project | None, groups: list, today: dt.date, **options):
    """The wall-chart page of one project, or (project None) of all the agent's; no chart when nothing to draw."""
    svg = render_wallchart(groups, english=is_english(), translate=_, **options) if groups else None
    return render_template("agents/wallchart.html", svg=svg, project=project, today=today, **page_helpers())


@bp.get("/projects/<int:project_id>/plan")
@requires("project:view")
def plan(project_id: int):
    """The backward plan against the stored target date, or against ?target= to try another one."""
    project = visible_project(project_id)
    today = current_clock().today()
    try:
        target = dt.date.fromisoformat(request.args["target"]) if request.args.get("target") else project.target_date
    except ValueError:
        target = project.target_date
        flash(_("Enter a date as YYYY-MM-DD."), "error")
    result = service.plan_for(project, today, target) if target else None
    return render_template("agents/plan.html", project=project, template=project_template(project), plan=result,
                           target=target, today=today, **page_helpers())


@bp.post("/projects/<int:project_id>/target")
@requires("plan:edit")
def set_target(project_id: int):
    project = visible_project(project_id)
    try:
        target = form_date("target")
    except ValueError:
        flash(_("Enter a date as YYYY-MM-DD."), "error")
        return redirect(url_for("agents.plan", project_id=project.id))
    service.set_target(project, target, current_user)
    db.session.commit()
    flash(_("Target date saved."), "success")
    return redirect(url_for("agents.plan", project_id=project.id))


# ------------------------------------------------------------------ assignment, follow-ups


def may_assign(project: Project) -> bool:
    """The object rule of agent:assign (approval bureau, the 立项 lead department, leaders)."""
    return is_allowed(current_user.role, "agent:assign") and may_assign_agent(
        current_user.role, current_user.department_code, initiation_lead(project_template(project).nodes))



@bp.post("/projects/<int:project_id>/agent")
@requires("agent:assign")
def assign(project_id: int):
    project = visible_project(project_id)
    ensure(may_assign(project), permission="agent:assign", object_type="project", object_id=project.id)
    agent = db.session.get(User, request.form.get("agent_id", type=int) or 0)
    if agent is None:
        abort(400)
    attempt(lambda: service.assign_agent(project, agent, current_user, current_clock().today(),
                                         request.form.get("note", "")),
            _("Agent assigned."), (service.AgentError,), _refusal)
    return redirect(url_for("projects.show", project_id=project.id) + "#agent-h")


@bp.post("/projects/<int:project_id>/follow-ups")
@requires("followup:write")
def log_follow_up(project_id: int):
    project = visible_project(project_id)

    def log():
        next_on = form_date("next_action_on")
        service.log_follow_up(project, current_user, current_clock().today(), contact=request.form.get("contact", ""),
                              agreed=request.form.get("agreed", ""), next_action=request.form.get("next_action", ""),
                              next_action_on=next_on, node=request.form.get("node") or None)

    attempt(log, _("Follow-up recorded."), (ValueError,), _refusal)
    return redirect(url_for("projects.show", project_id=project.id) + "#followups-h")


@bp.post("/follow-ups/<int:follow_up_id>/done")
@requires("followup:write")
def follow_up_done(follow_up_id: int):
    row = db.session.get(FollowUp, follow_up_id)
    if row is None:
        abort(404)
    visible_project(row.project_id)
    attempt(lambda: service.close_follow_up(row, current_user, current_clock().today()), None,
            (service.AgentError,), _refusal)
    return redirect(request.form.get("next") if request.form.get("next", "").startswith("/agent")
                    else url_for("projects.show", project_id=row.project_id) + "#followups-h")


# ------------------------------------------------------------------ the panel on the project page


@bp.app_template_global()
def agent_panel_data(project: Project) -> dict:
    """What the agents/agencies panel on the project page shows (its own few queries)."""
    role = current_user.role
    today = current_clock().today()
    template = project_template(project)
    agency_nodes = [n for n in template.nodes if n.kind == "agency"]
    # contracts are recorded for agency nodes only, and the panel shows them by node: none to read without one
    contracts = agency_service.contracts_of(project) if agency_nodes else {}
    services = {row.contract.node: row for row in agency_service.service_rows(
        list(contracts.values()), today, {project.id: (project, page_replay(project))})} if contracts else {}
    can_contract = is_allowed(role, "contract:record")
    return {
        "history": service.assignment_history(project),
        "agents": service.agent_choices() if may_assign(project) else [],
        "follow_ups": service.follow_ups(project) if role in ("agent", "owner") or is_allowed(role, "agent:assign")
        else [],
        "ledger": page_kept(project, "ledger", lambda: service.ledger_for(page_replay(project), today)),
        "agency_nodes": agency_nodes,
        "services": services,
        "notes": agency_service.notes_of([c.id for c in contracts.values()]),
        "choices": _choices(agency_nodes) if can_contract else {},
        "scores": agency_service.scores(today) if can_contract else {},
        "today": today,
    }


def _choices(agency_nodes) -> dict:
    """node key -> agencies offering its service (the register read once)."""
    register = agency_service.agencies_for()
    return {n.key: [a for a in register if not n.service or n.service in (a.services or [])] for n in agency_nodes}
