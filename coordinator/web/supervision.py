"""Supervising departments' pages (审管联动): the inbox of pushed results and commitments to verify with
their lights, claiming (认领), recording a verification with evidence, the claim-rate report per department
and the leaders' list of flagged projects and companies (信用记录)."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.clock import current_clock
from coordinator.domain.errors import RuleBroken
from coordinator.domain.uploads import UploadRefused
from coordinator.extensions import db
from coordinator.models import Obligation, Project, ResultPush
from coordinator.services import obligation_reminders, obligations, supervision
from coordinator.services.calendar import app_calendar
from coordinator.services.projects import project_template
from coordinator.web.access import requires
from coordinator.web.projects import department_names, page_helpers

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


def today():
    return current_clock().today()


def act(action, done: str) -> bool:
    try:
        action()
        db.session.commit()
        flash(done, "info")
        return True
    except supervision.SupervisionRefused as exc:
        db.session.rollback()
        flash(_(str(exc)), "error")
    except RuleBroken as exc:
        db.session.rollback()
        flash(_("Refused by the rules: %(reason)s", reason=exc.reason), "error")
    except UploadRefused:
        db.session.rollback()
        flash(_("The evidence file was refused (type, size or content)."), "error")
    return False


def item_names(projects) -> dict[tuple[int, str], str]:
    """(project id, item key) -> the item's name, from each project's template (parsed once per process)."""
    english = page_helpers()["english"]
    out = {}
    for project in projects:
        for node in project_template(project).nodes:
            for item in node.items:
                out[(project.id, item.key)] = (item.name_en or item.name) if english else item.name
    return out


@bp.get("/")
@requires("supervision:inbox")
def inbox():
    dept, day = current_user.department_code, today()
    if dept and obligation_reminders.remind(day, dept):  # the first read of a new day sends what is due
        db.session.commit()
    pushes = supervision.pending_pushes(dept) if dept else []
    duties = obligations.department_obligations(dept) if dept else []
    projects = {p.id: p for _, p in pushes} | {p.id: p for _, p in duties}
    cal = app_calendar()
    return render_template(
        "supervision/inbox.html",
        pushes=[(push, project, supervision.claim_light(push, day, cal)) for push, project in pushes],
        duties=[(row, project, obligations.light(row, day, cal)) for row, project in duties],
        names=item_names(projects.values()), departments=department_names(), day=day, **page_helpers())


@bp.post("/pushes/<int:push_id>/claim")
@requires("supervision:claim")
def claim_push(push_id: int):
    push = db.session.get(ResultPush, push_id)
    if push is None or push.dept != current_user.department_code:
        abort(404)
    act(lambda: supervision.claim_push(push_id, current_user, today(), current_clock().now()), _("Result claimed."))
    return redirect(url_for("supervision.inbox"))


@bp.post("/obligations/<int:obligation_id>/claim")
@requires("supervision:claim")
def claim_obligation(obligation_id: int):
    _obligation(obligation_id)
    act(lambda: obligations.claim(obligation_id, current_user, today()), _("Commitment claimed for verification."))
    return redirect(url_for("supervision.obligation", obligation_id=obligation_id))


def _obligation(obligation_id: int) -> tuple[Obligation, Project]:
    """A commitment of the user's department (404 otherwise: other departments' work is not listed)."""
    row = db.session.get(Obligation, obligation_id)
    if row is None or row.verify_by != current_user.department_code:
        abort(404)
    return row, db.session.get(Project, row.project_id)


@bp.get("/obligations/<int:obligation_id>")
@requires("supervision:inbox")
def obligation(obligation_id: int):
    row, project = _obligation(obligation_id)
    day = today()
    return render_template("supervision/obligation.html", row=row, project=project,
                           name=item_names([project]).get((project.id, row.item)), light=obligations.light(row, day),
                           flags=obligations.project_flags(project.id), departments=department_names(), day=day,
                           **page_helpers())


@bp.post("/obligations/<int:obligation_id>/verify")
@requires("obligation:verify")
def verify(obligation_id: int):
    row = _obligation(obligation_id)[0]
    upload = request.files.get("evidence")
    evidence = (upload.filename, upload.stream) if upload and upload.filename else None
    outcome = request.form.get("outcome", "")
    done = _("Verification recorded: commitment breached; the project and the company are flagged.") \
        if outcome == "breached" else _("Verification recorded: commitment kept.")
    if row.kind != "commitment":
        done = _("Verification recorded against the target.")
    act(lambda: obligations.verify(obligation_id, outcome, request.form.get("finding", ""), current_user, today(),
                                   evidence, request.form.get("measured", "")), done)
    return redirect(url_for("supervision.obligation", obligation_id=obligation_id))


def _period(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/report")
@requires("supervision:report")
def report():
    start, end = _period("start"), _period("end")
    return render_template("supervision/report.html", rows=supervision.claim_report(start, end), start=start,
                           end=end, day=today(), **page_helpers())


@bp.get("/credit")
@requires("credit:view")
def credit():
    return render_template("supervision/credit.html", rows=obligations.flagged(), day=today(), **page_helpers())
