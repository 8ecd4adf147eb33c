"""The department inbox (/review/inbox) and the header badge counting it, on the review blueprint."""
from __future__ import annotations

from functools import cache

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam, func, select

from coordinator.domain.permissions import is_allowed
from coordinator.extensions import db
from coordinator.models import Project, ProjectEvent, User
from coordinator.services import inbox as inbox_svc
from coordinator.services import reminders, timeline_cache
from coordinator.services.templates import all_templates
from coordinator.web.access import requires
from coordinator.web.links import fill, url_template
from coordinator.web.projects import keep_cache, page_helpers
from coordinator.web.review import bp, today
from coordinator.web.timeline_view import display_name

_badges: dict[tuple, int] = {}
BADGE = "coordinator.inbox_badge"  # the inbox page's own count, for the header of the same request


def inbox_count(dept: str | None) -> int:
    """The header badge: the department's open requests and items, counted in the clock cache; the cache is
    brought up to date only when an event was added or the business date changed (one query otherwise). The
    inbox page counts them itself (BADGE)."""
    if dept is None:
        return 0
    if BADGE in request.environ:
        return request.environ[BADGE]
    day = today()
    stamp = db.session.execute(select(func.count(ProjectEvent.id), func.max(ProjectEvent.id))).one()
    key = (dept, day, *stamp)
    if key not in _badges:
        if len(_badges) > 1000:
            _badges.clear()
        keep_cache(inbox_svc.fresh(day))
        _badges[key] = inbox_svc.open_count(dept)
    return _badges[key]


@bp.app_context_processor
def review_badges():
    """The inbox count in the header, for department staff."""
    def count() -> int:
        if not current_user.is_authenticated or not is_allowed(current_user.role, "inbox:view"):
            return 0
        return inbox_count(current_user.department_code)
    return {"review_inbox_count": count}


@bp.get("/inbox")
@requires("inbox:view")
def inbox():
    """Everything waiting for the user's department, by deadline, with light and working days left: one page
    of the clock cache (the same number of queries for 1,000 or 20,000 projects)."""
    dept, args, day = current_user.department_code, request.args, today()
    keep_cache(inbox_svc.fresh(day))
    filters = inbox_svc.Filters(project_id=args.get("project", type=int), node=args.get("stage") or None,
                                light=args.get("light") or None, mine=current_user.id if args.get("mine") else None)
    templates = all_templates()
    found = inbox_svc.page(dept, filters, args.get("page", 1, type=int), day, templates)
    due = inbox_svc.unrecorded(found)
    acted = reminders.process_many(_with_timelines(due, day)) if due else []
    keep_cache(bool(acted) or found.replayed)
    if filters.project_id is None and filters.light is None and filters.mine is None:
        request.environ[BADGE] = found.unfiltered
    to_send, more_to_send = inbox_svc.to_send(dept, templates)
    assign = url_template("review.assign", ints=("project_id",), texts=("node",))
    to_send = [(fill(assign, project_id=pid, node=spec.key), name, spec) for pid, name, spec in to_send]
    helpers = page_helpers()
    department = current_user.department  # loaded with the user: no query
    dept_name = display_name(department, helpers["english"]) if department else ""
    lines = _lines(found, templates, helpers)
    return render_template("review/inbox.html", found=found, projects=found.projects, stages=found.stages,
                           lines=lines, to_send=to_send, more_to_send=more_to_send,
                           dept_name=dept_name, args=args, **helpers)


def _with_timelines(project_ids: set[int], day) -> list[tuple[Project, dict]]:
    """The projects (entities) with their timelines, for recording what their clocks call for."""
    timelines = timeline_cache.timelines(project_ids, day)
    projects = db.session.scalars(select(Project).where(Project.id.in_(project_ids))).all()
    return [(project, timelines[project.id]) for project in projects]


def _lines(found: inbox_svc.InboxPage, templates: dict, helpers: dict) -> list[tuple]:
    """The page's table rows as display strings, each word translated once per page: (light, deadline, light
    label, note class, note, paused since, project name, code, stage, item, link, link text, assigned to)."""
    names, routed = inbox_svc.row_names(found, templates, helpers["name_of"]), _routes(found.projects)
    lights = {light: helpers["light_label"](light) for light in {r.light for r in found.rows}}
    give, decide, queue, nth = _("Give opinion"), _("Decide the item"), _("Department queue"), _("round %(n)s")
    overdue, left, paused = _("%(days)s overdue"), _("%(days)s working days left"), _("paused since %(day)s")
    opinion = url_template("review.opinion", ints=("project_id",), texts=("node", "item", "dept"))
    board, out = url_template("review.board", ints=("project_id",), texts=("node",)), []
    for row in found.rows:
        project = found.projects[row.project_id]
        stage, item = names[(project.template_id, row.node, row.item)]
        if row.light == "red":
            note_class, note = "overdue", overdue % {"days": row.overdue}
        elif row.remaining is not None and row.light != "paused":
            note_class, note = "left", left % {"days": row.remaining}
        else:
            note_class, note = "", ""
        if row.kind == "opinion":
            link = fill(opinion, project_id=row.project_id, node=row.node, item=row.item, dept=row.dept)
            text = give + (f" ({nth % {'n': row.round}})" if row.round > 1 else "")
        else:
            link, text = fill(board, project_id=row.project_id, node=row.node), decide
        person = routed.get((row.project_id, row.node, row.item, row.dept))
        out.append((row.light, row.deadline or "—", lights[row.light], note_class, note,
                    paused % {"day": row.paused_since} if row.paused_since else "", project.name, project.code,
                    stage, item, link, text, person[1] if person else (queue if row.kind == "opinion" else "—")))
    return out


def _routes(project_ids) -> dict:
    """(project, node, item, dept) -> (id, display name) of the named reviewer (one query)."""
    if not project_ids:
        return {}
    rows = db.session.execute(_routes_statement(), {"ids": sorted(set(project_ids))}).all()
    return {tuple(r[:4]): (r[4], r[5]) for r in rows}


@cache
def _routes_statement():
    """Built once: SQLAlchemy then keys it once per process, not per page."""
    from coordinator.models import ReviewAssignment

    return (select(ReviewAssignment.project_id, ReviewAssignment.node, ReviewAssignment.item, ReviewAssignment.dept,
                   User.id, User.display_name)
            .join(User, User.id == ReviewAssignment.reviewer_id)
            .where(ReviewAssignment.project_id.in_(bindparam("ids", expanding=True))))
