"""The home page (the projects the viewer may see, with their graphs and lights) and language switch."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Project
from coordinator.services.project_access import visible_projects
from coordinator.services.projects import project_template, project_timelines
from coordinator.web.access import public
from coordinator.web.graph_svg import render_graph_svg
from coordinator.web.i18n import LANGUAGES
from coordinator.web.projects import is_english, page_helpers
from coordinator.web.timeline_view import next_deadline, worst_open_light

PER_PAGE = 25

bp = Blueprint("home", __name__)


@bp.get("/")
@public
def index():
    """Anonymous visitors get a login prompt only; others their visible projects, 25 a page."""
    if not current_user.is_authenticated:
        return render_template("home.html", page=None)
    query = visible_projects(current_user).options(selectinload(Project.events))
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    today = current_clock().today()
    cards = [project_card(project, timeline)
             for project, timeline in zip(page.items, project_timelines(page.items, today))]
    return render_template("home.html", page=page, cards=cards, **page_helpers())


def project_card(project: Project, timeline: dict) -> dict:
    """What the home page shows of one project: lights, next deadline, forecast, a small graph."""
    template = project_template(project)
    deadline = next_deadline(timeline)
    return {
        "project": project,
        "template": template,
        "timeline": timeline,
        "light": worst_open_light(timeline),
        "deadline": deadline and (deadline[0], template.node(deadline[1])),
        "graph": render_graph_svg(template, timeline, english=is_english(), translate=_, compact=True,
                                  id_prefix=f"card-{project.id}",
                                  title=_("Stage graph of %(name)s", name=project.name)),
    }


@bp.post("/lang")
@public
def set_language():
    """Switch the interface language and go back to a same-origin page."""
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("home.index")
    return redirect(target)
