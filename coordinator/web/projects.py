"""The project page: stage graph, clocks and lights of every node, item and opinion, totals, forecast, events."""
from __future__ import annotations

from functools import cache

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Department, Project, TemplateVersion, User
from coordinator.services import timeline_cache
from coordinator.services.agents import loaded_state
from coordinator.services.project_access import can_see_project
from coordinator.services.projects import project_template
from coordinator.web.access import requires
from coordinator.web.graph_svg import render_graph_svg
from coordinator.web.timeline_view import (
    display_name,
    label_helpers,
    next_deadline,
    worst_open_light,
)

bp = Blueprint("projects", __name__, url_prefix="/projects")


def is_english() -> bool:
    """True when the interface language is English."""
    return str(get_locale()) == "en"


def page_helpers() -> dict:
    """Label functions for the page templates, in the interface language."""
    return label_helpers(is_english(), _)


def page_replay(project: Project):
    """The engine's replay of the project on today's date, once per request for all the page's panels (from
    `project.events`, loaded when first needed)."""
    key = f"coordinator.replay.{project.id}"
    if key not in request.environ:
        request.environ[key] = loaded_state(timeline_cache.with_events(project), current_clock().today())
    return request.environ[key]


def page_kept(project: Project, what: str, make):
    """What a panel derives from the project's replay alone (`make()`), kept per timeline (digest and content):
    no replay while the events, date, calendar and project fields stand (outside the project page: made each
    time)."""
    key = request.environ.get(f"coordinator.page_key.{project.id}")
    return make() if key is None else timeline_cache.kept(("page", what), project.id, key, make)


@bp.get("/<int:project_id>")
@requires("project:view")
def show(project_id: int):
    """One project's full timeline; 404 when it does not exist or the user may not see it. The timeline and
    the sections drawn from it alone are read from the caches while the events, date and calendar stand."""
    project = db.session.scalar(_project_statement(), {"id": project_id})
    if project is None or not can_see_project(current_user, project):
        abort(404)
    template, english = project_template(project), is_english()
    lang = "en" if english else "zh"
    page = timeline_cache.project_page(project, current_clock().today(), lang)
    request.environ[f"coordinator.page_key.{project.id}"] = page.key
    item_names = {item.key: display_name(item, english) for node in template.nodes for item in node.items}
    if page.upper is None:
        upper, lower = _sections(project, template, page.timeline, item_names)
        timeline_cache.keep_page(project, lang, page, upper, lower)
    else:
        upper, lower = page.upper, page.lower
    html = render_template(
        "projects/show.html", project=project, template=template, timeline=page.timeline, upper=upper,
        lower=lower, light=worst_open_light(page.timeline), deadline=next_deadline(page.timeline),
        item_names=item_names, **page_helpers())
    if page.stored:
        keep_cache(True)  # after rendering: a commit expires the project the panels read
    return html


@cache
def _project_statement():
    """The project with its template row (the content is parsed once per process: read on a miss); built once,
    so SQLAlchemy builds and keys it once per process, not per page."""
    return select(Project).where(Project.id == bindparam("id")).options(
        joinedload(Project.template).defer(TemplateVersion.content))


def _sections(project: Project, template, timeline: dict, item_names: dict[str, str]) -> tuple[str, str]:
    """The forecast, graph and totals; the clocks, commitments and events (they depend on the timeline only)."""
    english = is_english()
    timeline_cache.with_events(project)
    graph = render_graph_svg(template, timeline, english=english, translate=_, id_prefix=f"project-{project.id}",
                             title=_("Stage graph of %(name)s", name=project.name))
    context = dict(project=project, template=template, timeline=timeline, graph=graph,
                   events=sorted(project.events, key=lambda event: event.seq, reverse=True),
                   people=_people(project.events), departments=_departments(template),
                   item_names=item_names, **page_helpers())
    return render_template("projects/_upper.html", **context), render_template("projects/_lower.html", **context)


def keep_cache(changed: bool) -> bool:
    """Commit what a page's read refreshed in the caches (when `changed`); a concurrent reader that stored it
    first is no loss. Says whether there was anything to keep."""
    if not changed:
        return False
    try:
        db.session.commit()
    except (IntegrityError, OperationalError):
        db.session.rollback()
    return True


def _people(events) -> dict[int, str]:
    """Display names of the users who recorded the events (one query)."""
    ids = {event.actor_id for event in events if event.actor_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _departments(template) -> dict[str, str]:
    """code -> name (in the interface language) of the departments the template mentions (one query)."""
    codes = {node.lead for node in template.nodes if node.lead}
    codes |= {item.dept for node in template.nodes for item in node.items}
    codes |= {opinion.dept for node in template.nodes for item in node.items for opinion in item.opinions}
    codes |= {change.verify_by for path in template.fast_paths.values() for change in path.items.values()
              if change.verify_by}
    return department_names(codes)


def department_names(codes: set[str] | None = None) -> dict[str, str]:
    """code -> name in the interface language of every department, or of `codes` (one query)."""
    rows = db.session.execute(DEPARTMENTS if codes is None else DEPARTMENTS.where(Department.code.in_(codes))).all()
    english = is_english()
    return {code: (name_en or name) if english else name for code, name, name_en in rows}


DEPARTMENTS = select(Department.code, Department.name, Department.name_en)  # built once per process
