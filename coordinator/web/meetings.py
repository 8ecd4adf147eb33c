"""Joint-approval meeting pages (联审会议): the list with open tasks, convening from the suggestions, the meeting
board (positions, attendance, discussion, resolutions, signing), the printable minutes and the .ics invitation.
Thin: parse the form, call coordinator.services.meetings, commit once, redirect; a stale form answers 409."""
from __future__ import annotations

import datetime as dt
from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from coordinator.clock import current_clock
from coordinator.domain import agenda, ics, minutes
from coordinator.domain.permissions import is_allowed
from coordinator.extensions import db
from coordinator.models import Department, Meeting, MeetingTask, Project, User
from coordinator.services import meeting_agenda as agenda_svc
from coordinator.services import meetings as svc
from coordinator.services.calendar import app_calendar
from coordinator.services.projects import project_template
from coordinator.services.templates import templates_by_id
from coordinator.web import meeting_board as board
from coordinator.web.access import deny, requires
from coordinator.web.projects import is_english, keep_cache
from coordinator.web.timeline_view import display_name

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


def today() -> dt.date:
    return current_clock().today()


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def load(meeting_id: int) -> Meeting:
    meeting = svc.board(meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def act(meeting: Meeting, action, done: str):
    """Run `action`, commit, redirect to the board; refusals are flashed, a stale form gets 409."""
    try:
        action()
        db.session.commit()
        flash(done, "info")
    except svc.NotAllowed as exc:
        deny(request.endpoint or "meetings", "meeting", exc.message)
    except svc.Stale as exc:
        db.session.rollback()
        return render_template("meetings/conflict.html", meeting_id=meeting.id,
                               message=_(exc.message, **exc.params)), 409
    except svc.MeetingRefused as exc:
        db.session.rollback()
        flash(_(exc.message, **exc.params), "error")
    except (IntegrityError, OperationalError):
        db.session.rollback()
        flash(_("Someone else changed this at the same moment; reload and check."), "error")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


def version() -> int:
    return _int(request.form.get("version"), -1)


# ------------------------------------------------------------------ list and convening

SHOWN_PER_REASON, MOST_SHOWN, SEARCH_SHOWN = 20, 500, 20  # suggestions per reason (more on request), search hits


@bp.get("/")
@requires("meeting:view")
def index():
    tasks = svc.open_tasks()
    projects = {p.id: p for p in db.session.scalars(select(Project).where(
        Project.id.in_({t.project_id for t in tasks})))} if tasks else {}
    search = project_search(is_allowed(current_user.role, "meeting:convene"))
    return render_template("meetings/index.html", meetings=svc.meeting_list(), tasks=tasks, projects=projects,
                           **search,
                           lights=svc.task_lights(tasks, today()), names=svc.department_names(),
                           number_label=minutes.number_label, today=today())


def project_search(allowed: bool = True) -> dict:
    """The hand search by 项目代码 or name (?q=): the query, at most SEARCH_SHOWN hits and whether more match."""
    query = request.args.get("q", "").strip()[:100]
    found = agenda_svc.find_projects(query, SEARCH_SHOWN + 1) if allowed else []
    return {"query": query, "found": found[:SEARCH_SHOWN], "more_found": len(found) > SEARCH_SHOWN}


@bp.post("/flags")
@requires("meeting:convene")
def flag():
    try:
        agenda_svc.flag_project(_int(request.form.get("project_id"), 0), request.form.get("note", ""), current_user)
        db.session.commit()
        flash(_("The project is suggested for the next meeting."), "info")
    except svc.MeetingRefused as exc:
        db.session.rollback()
        flash(_(exc.message, **exc.params), "error")
    return redirect(url_for("meetings.index"))


@bp.get("/new")
@requires("meeting:convene")
def new():
    """The convening form: the suggestions by reason, most urgent first, each reason cut to a page (more on
    request), and a search for projects to add by hand; its size does not grow with the city."""
    limits = {reason: min(MOST_SHOWN, max(SHOWN_PER_REASON, _int(request.args.get(reason), 0)))
              for reason in agenda.REASONS if request.args.get(reason)}
    keep_cache(agenda_svc.fresh_suggestions(today()))  # what the caches behind the suggestions refreshed
    groups = agenda_svc.suggestion_groups(limits, SHOWN_PER_REASON)
    search = project_search()
    query = search["query"]
    shown = [s for group in groups for s in group.shown]
    projects = agenda_svc.project_labels({s.project_id for s in shown})
    templates = templates_by_id({template_id for _name, _code, template_id in projects.values()})
    english = is_english()
    where = {s.key: template_where(templates[projects[s.project_id][2]], s.node, s.item, english)
             for s in shown if s.node}
    chairs = db.session.execute(CHAIRS).all()
    departments = db.session.execute(DEPARTMENTS).all()  # (code, name) by name: the invitations and the items' names
    more = {group.reason: url_for("meetings.new", **{**limits, group.reason: len(group.shown) + SHOWN_PER_REASON},
                                  **({"q": query} if query else {}))
            for group in groups if len(group.shown) < min(group.total, MOST_SHOWN)}
    return render_template("meetings/new.html", groups=groups, projects=projects, where=where, more=more,
                           limits=limits, **search, reasons=board.reason_labels(), chairs=chairs,
                           names={code: name for code, name in departments}, departments=departments,
                           default_day=app_calendar().deadline(today(), 3))  # notice: 3 working days


# built once per process, not per request
CHAIRS = (select(User.id, User.display_name).where(User.role == "leader", User.is_active_account.is_(True))
          .order_by(User.display_name))
DEPARTMENTS = select(Department.code, Department.name).order_by(Department.name)


@bp.post("/new")
@requires("meeting:convene")
def create():
    form = request.form
    try:
        picked = tuple(agenda.parse_key(key) for key in form.getlist("suggestion"))
        day = dt.date.fromisoformat(form.get("day", ""))
        start = dt.time.fromisoformat(form.get("start", "09:00")).strftime("%H:%M")
    except ValueError:
        flash(_("Check the date, the time and the agenda."), "error")
        return redirect(url_for("meetings.new"))
    picked = agenda_svc.with_notes(picked, today())
    manual = [(pid, form.get("manual_note", "").strip()) for pid in
              {_int(v) for v in form.getlist("manual_project")} if pid]
    plan = svc.Convening(title=form.get("title", ""), day=day, start=start, place=form.get("place", ""),
                         chair_id=_int(form.get("chair_id"), 0), departments=tuple(form.getlist("dept")),
                         picked=picked)
    try:
        meeting = svc.convene(plan, manual, current_user, current_clock().now())
        db.session.commit()
    except svc.MeetingRefused as exc:
        db.session.rollback()
        flash(_(exc.message, **exc.params), "error")
        return redirect(url_for("meetings.new"))
    flash(_("Meeting convened; the departments were invited."), "info")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


# ------------------------------------------------------------------ the board


@bp.get("/<int:meeting_id>")
@requires("meeting:view")
def show(meeting_id: int):
    found = svc.board_view(meeting_id)
    if found is None:
        abort(404)
    meeting, rows = found
    names, labels = svc.department_names(), board.board_labels()
    invites = [(invite.dept, names.get(invite.dept, invite.dept)) for invite in meeting.invites]
    pieces = board.cell_pieces(invites, labels)
    cells = {row.id: board.position_cells(row, *pieces) for row in rows}
    agenda = partial(board.agenda_html, rows, board.board_shown(meeting.id, rows, labels, names), board_where(rows),
                     cells, labels)
    return render_template("meetings/show.html", meeting=meeting, invites=invites, labels=labels, names=names,
                           label=minutes.number_label(meeting.year, meeting.number), agenda=agenda, Forms=board.Forms,
                           my_dept=current_user.department_code, invited={dept for dept, _name in invites})


def board_where(rows: list[svc.BoardItem]) -> dict[int, str]:
    """Each item's stage and item names, the templates read once for the page."""
    templates, english = templates_by_id({row.template_id for row in rows}), is_english()
    return {row.id: template_where(templates[row.template_id], row.node, row.item, english) for row in rows}


@bp.post("/<int:meeting_id>/items/<int:item_id>/position")
@requires("meeting:position")
def position(meeting_id: int, item_id: int):
    meeting = load(meeting_id)
    form = request.form
    return act(meeting, lambda: svc.record_position(meeting, current_user, item_id, form.get("stance", ""),
                                                    form.get("text", ""), version()), _("Position recorded."))


@bp.post("/<int:meeting_id>/attendance")
@requires("meeting:record")
def attendance(meeting_id: int):
    meeting = load(meeting_id)
    form = request.form
    return act(meeting, lambda: svc.record_attendance(meeting, current_user, form.get("dept", ""),
                                                      form.get("attendance", ""), form.get("attendee", ""),
                                                      form.get("reason", ""), version()),
               _("Attendance recorded."))


@bp.post("/<int:meeting_id>/discussion")
@requires("meeting:record")
def discussion(meeting_id: int):
    meeting = load(meeting_id)
    return act(meeting, lambda: svc.record_discussion(meeting, current_user, request.form.get("text", ""),
                                                      version()), _("Discussion recorded."))


@bp.post("/<int:meeting_id>/items/<int:item_id>/resolutions")
@requires("meeting:resolve")
def resolve(meeting_id: int, item_id: int):
    meeting = load(meeting_id)
    form = request.form
    fields = {"kind": form.get("kind", ""), "text": form.get("text", ""), "basis": form.get("basis", ""),
              "days": _int(form.get("days")), "dept": form.get("dept", "")}
    return act(meeting, lambda: svc.add_resolution(meeting, current_user, item_id, fields, version()),
               _("Decision recorded; it acts when the chair signs."))


@bp.post("/<int:meeting_id>/resolutions/<int:resolution_id>/remove")
@requires("meeting:resolve")
def unresolve(meeting_id: int, resolution_id: int):
    meeting = load(meeting_id)
    return act(meeting, lambda: svc.remove_resolution(meeting, current_user, resolution_id, version()),
               _("Decision removed."))


@bp.post("/<int:meeting_id>/sign")
@requires("meeting:sign")
def sign(meeting_id: int):
    meeting = load(meeting_id)
    return act(meeting, lambda: svc.sign(meeting, current_user, today(), current_clock().now(), version()),
               _("Minutes signed; the decisions now act on the projects."))


@bp.post("/tasks/<int:task_id>/done")
@requires("meeting:position")
def task_done(task_id: int):
    task = db.session.get(MeetingTask, task_id)
    if task is None:
        abort(404)
    try:
        svc.complete_task(task, current_user, today())
        db.session.commit()
        flash(_("Task reported done."), "info")
    except svc.NotAllowed as exc:
        deny(request.endpoint or "meetings", "meeting_task", exc.message)
    except svc.MeetingRefused as exc:
        db.session.rollback()
        flash(_(exc.message, **exc.params), "error")
    return redirect(url_for("meetings.index"))


# ------------------------------------------------------------------ minutes and invitation


def minutes_record(meeting: Meeting) -> dict:
    """The plain record the minutes are generated from."""
    names = svc.department_names()
    return {"year": meeting.year, "number": meeting.number, "title": meeting.title, "day": meeting.day,
            "start": meeting.start, "place": meeting.place, "chair": meeting.chair.display_name,
            "discussion": meeting.discussion, "signed_on": meeting.signed_on,
            "invites": [{"name": names.get(i.dept, i.dept), "attendance": i.attendance, "attendee": i.attendee,
                         "absence_reason": i.absence_reason} for i in meeting.invites],
            "items": [{"title": item_title(row, names),
                       "positions": [{"name": names.get(p.dept, p.dept), "stance": p.stance, "text": p.text}
                                     for p in row.positions],
                       "resolutions": [{"kind": r.kind, "text": r.text, "basis": r.basis, "days": r.days,
                                        "dept": names.get(r.dept or row.dept or "", r.dept or row.dept),
                                        "dept_name": names.get(r.dept or "", r.dept)}
                                       for r in row.resolutions]}
                      for row in meeting.items]}


def where_text(project: Project, node_key: str | None, item_key: str | None) -> str:
    """A stage and item of the project by their names in the interface language (keys if unknown)."""
    return template_where(project_template(project), node_key, item_key, is_english())


def template_where(template, node_key: str | None, item_key: str | None, english: bool) -> str:
    try:
        node, item = template.item(item_key) if item_key else (None, None)
    except KeyError:
        node = None
    if node is not None:
        return f"{display_name(node, english)} / {display_name(item, english)}"
    if node_key and template.has_node(node_key):
        return display_name(template.node(node_key), english)
    return " / ".join(part for part in (node_key, item_key) if part)


def item_title(row, names: dict) -> str:
    where = where_text(row.project, row.node, row.item)
    dept = f"（{names.get(row.dept, row.dept)}）" if row.dept else ""
    return f"{row.project.name} {row.project.code} {where}{dept}".strip()


@bp.get("/<int:meeting_id>/minutes")
@requires("meeting:view")
def minutes_page(meeting_id: int):
    meeting = load(meeting_id)
    text = minutes.minutes_text(minutes_record(meeting))
    return render_template("meetings/minutes.html", meeting=meeting, text=text,
                           label=minutes.number_label(meeting.year, meeting.number))


@bp.get("/<int:meeting_id>/invitation.ics")
@requires("meeting:view")
def invitation(meeting_id: int):
    meeting = load(meeting_id)
    names = svc.department_names()
    start = dt.datetime.combine(meeting.day, dt.time.fromisoformat(meeting.start))
    agenda_lines = "\n".join(f"{n}. {item_title(row, names)}" for n, row in enumerate(meeting.items, start=1))
    body = ics.invitation(uid=f"meeting-{meeting.id}@coordinator", start=start, minutes=120,
                          summary=f"{minutes.number_label(meeting.year, meeting.number)} {meeting.title}",
                          location=meeting.place, description=agenda_lines, organizer=meeting.chair.display_name,
                          attendees=[names.get(i.dept, i.dept) for i in meeting.invites],
                          now=current_clock().now(), sequence=meeting.version)
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'})
