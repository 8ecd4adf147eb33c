"""The window's pages (综合窗口 / 牵头部门): the acceptance inbox of the user's department and the decision
on one submitted stage; a form shown before someone else acted gets 409 and the current state."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError

from coordinator.clock import current_clock
from coordinator.domain.bundle import bundle_materials
from coordinator.extensions import db
from coordinator.models import Application, Project, StageReview
from coordinator.services import acceptance
from coordinator.services.documents import current_documents
from coordinator.services.projects import project_template
from coordinator.web.access import requires
from coordinator.web.messages import problem_text
from coordinator.web.projects import page_helpers

bp = Blueprint("window", __name__, url_prefix="/window")


@bp.get("/")
@requires("acceptance:inbox")
def inbox():
    """The department's received applications with their acceptance clocks (one query)."""
    view = request.args.get("view", "pending")
    if view not in acceptance.INBOX_VIEWS:
        view = "pending"
    text = request.args.get("q", "")[:100]
    rows = acceptance.inbox(current_user.department_code or "", current_clock().today(), view, text)
    return render_template("window/inbox.html", rows=rows, view=view, q=text, views=acceptance.INBOX_VIEWS,
                           **page_helpers())


def _review(review_id: int) -> StageReview:
    """A review sent to the user's department; 404 for any other."""
    review = db.session.get(StageReview, review_id)
    if review is None or review.lead != current_user.department_code:
        abort(404)
    return review


@bp.get("/reviews/<int:review_id>")
@requires("acceptance:inbox")
def review(review_id: int):
    """One submitted stage: the form values, the checklist with the files, and the decision forms."""
    return _render_review(_review(review_id))


def _render_review(review: StageReview, problem: str = "", status: int = 200):
    project = db.session.get(Project, review.project_id)
    application = db.session.get(Application, review.application_id)
    template = project_template(project)
    today = current_clock().today()
    clock, deemed = acceptance.acceptance_clock(review, today)
    return render_template(
        "window/review.html", review=review, project=project, application=application, template=template,
        node=template.node(review.node), materials=bundle_materials(template, [review.node]),
        documents=current_documents(project.id), clock=clock, deemed=deemed, problem=problem,
        seq=acceptance.last_event_seq(project.id), today=today, form=request.form, **page_helpers()), status


@bp.post("/reviews/<int:review_id>/decide")
@requires("acceptance:decide")
def decide(review_id: int):
    """Accept (with or without deferred materials), send the one-time notice, or refuse."""
    review = _review(review_id)
    today = current_clock().today()
    try:
        _apply(review, request.form, today)
        db.session.commit()
    except acceptance.Stale:
        db.session.rollback()
        db.session.refresh(review)
        return _render_review(review, _("Someone else acted on this project after you opened the page: "
                                        "nothing was changed. Check the current state below."), 409)
    except (IntegrityError, OperationalError):  # two decisions raced (same event number, or SQLite locked)
        db.session.rollback()
        return _render_review(_review(review_id), _("Someone else acted on this project at the same moment: "
                                                    "nothing was changed."), 409)
    except acceptance.DecisionRefused as exc:
        db.session.rollback()
        return _render_review(_review(review_id), problem_text(exc.code, exc.detail), 422)
    flash(_("Decision recorded."), "info")
    return redirect(url_for("window.review", review_id=review.id))


def _apply(review: StageReview, form, today: dt.date) -> None:
    action = form.get("action", "")
    seq = form.get("seq", type=int, default=-1)
    if action == "accept":
        acceptance.accept(review, seq, current_user, today)
    elif action == "defer":
        if not form.getlist("deferred"):
            raise acceptance.DecisionRefused("materials")
        acceptance.accept(review, seq, current_user, today, form.getlist("deferred"), _date(form.get("due")))
    elif action == "notify":
        acceptance.notify_missing(review, seq, current_user, today, form.getlist("missing"), form.get("note", ""))
    elif action == "reject":
        acceptance.reject(review, seq, current_user, today, form.get("reason", ""))
    else:
        abort(400)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None
