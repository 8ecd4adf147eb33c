"""The window's acceptance (一窗受理): the inbox of a lead department with the 5-working-day clock, and
its decisions (accept, accept with deferred materials 容缺受理, one-time notice 一次告知, reject), each
recorded as an event with its audit row; a stale form is refused, never applied over someone else's."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.clocks import Clock, Reading, read
from coordinator.domain.errors import RuleBroken
from coordinator.domain.templates import DEFAULT_WARNING_RATIO, NodeSpec
from coordinator.extensions import db
from coordinator.models import (
    Document,
    Project,
    ProjectEvent,
    StageReview,
    TemplateVersion,
)
from coordinator.services.applications import ACCEPTANCE_WINDOW
from coordinator.services.calendar import app_calendar
from coordinator.services.documents import store_upload
from coordinator.services.projects import append_event
from coordinator.services.templates import template_of

INBOX_VIEWS = ("pending", "deemed", "decided")
DECIDED_SHOWN = 100


class Stale(RuntimeError):
    """Someone acted on the project after the form was shown; nothing was written."""


class DecisionRefused(ValueError):
    """The decision breaks a rule (the engine's message) or its input is incomplete; `code` names which."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass
class InboxRow:
    """One line of the inbox: the review, its project, the acceptance clock and the project's last event."""

    review: StageReview
    stage: NodeSpec
    project_name: str
    project_code: str
    last_seq: int
    clock: Reading
    deemed: bool


def acceptance_clock(review: StageReview, today: dt.date, cal: WorkCalendar | None = None) -> tuple[Reading, bool]:
    """The 5-working-day acceptance clock (R4) on `today`, light by R7 with limit 5, and whether the window
    passed undecided (then the stage counts as accepted on the day received, `deemed_accepted`)."""
    clock = Clock(ACCEPTANCE_WINDOW)
    clock.start = review.received
    deemed = review.status == "pending" and today > review.window_end
    if review.status != "pending":
        clock.finished = review.decided_on
    elif deemed:
        clock.finished = review.received
    return read(clock, cal or app_calendar(), today, DEFAULT_WARNING_RATIO), deemed


def inbox(department_code: str, today: dt.date, view: str = "pending", text: str = "") -> list[InboxRow]:
    """The department's reviews in one query: pending ones by window deadline, deemed ones (window passed
    undecided), or the latest decided ones; `text` filters on project name or code."""
    last_seq = (select(func.max(ProjectEvent.seq)).where(ProjectEvent.project_id == StageReview.project_id)
                .correlate(StageReview).scalar_subquery())
    query = (select(StageReview, Project.name, Project.code, TemplateVersion, last_seq)
             .join(Project, Project.id == StageReview.project_id)
             .join(TemplateVersion, TemplateVersion.id == Project.template_id)
             .where(StageReview.lead == department_code))
    if view == "decided":
        query = (query.where(StageReview.status != "pending")
                 .order_by(StageReview.decided_on.desc(), StageReview.id.desc()).limit(DECIDED_SHOWN))
    elif view == "deemed":
        query = query.where(StageReview.status == "pending", StageReview.window_end < today)
    else:
        query = query.where(StageReview.status == "pending", StageReview.window_end >= today)
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(Project.name.like(like) | Project.code.like(like))
    if view != "decided":
        query = query.order_by(StageReview.window_end, StageReview.id)
    rows, cal = [], app_calendar()
    for review, name, code, version, seq in db.session.execute(query):
        clock, deemed = acceptance_clock(review, today, cal)
        rows.append(InboxRow(review, template_of(version).node(review.node), name, code, seq or 0, clock, deemed))
    return rows


def last_event_seq(project_id: int) -> int:
    """The project's newest event number: the version a decision form was shown with."""
    return db.session.scalar(select(func.max(ProjectEvent.seq)).where(ProjectEvent.project_id == project_id)) or 0


def _check_fresh(review: StageReview, shown_seq: int, today: dt.date) -> None:
    """Refuse a form shown before someone else acted, and any decision once the window has passed (R4:
    the stage is already accepted by law, so a `reject` would wrongly become a refusal of the permit)."""
    if review.status != "pending" or last_event_seq(review.project_id) != shown_seq:
        raise Stale(review.status)
    if today > review.window_end:
        raise DecisionRefused("deemed", review.received.isoformat())


def _record(review: StageReview, event: dict, actor, today: dt.date) -> None:
    try:
        row = append_event(db.session.get(Project, review.project_id), {**event, "node": review.node}, actor, today)
    except RuleBroken as exc:
        raise DecisionRefused("rule", exc.reason) from None
    review.decided_on, review.decided_by, review.event_seq = today, getattr(actor, "id", None), row.seq
    db.session.flush()


def accept(review: StageReview, shown_seq: int, actor, today: dt.date, deferred: list[str] = (),
           due: dt.date | None = None) -> None:
    """受理; with `deferred` materials (容缺受理) a promised date `due` (today or later) is required."""
    _check_fresh(review, shown_seq, today)
    deferred = list(dict.fromkeys(deferred))
    event: dict = {"do": "accept"}
    if deferred:
        if due is None or due < today:
            raise DecisionRefused("due")
        event.update(deferred=deferred, due=due)
    _record(review, event, actor, today)
    review.status, review.deferred, review.due = "accepted", deferred, due if deferred else None


def notify_missing(review: StageReview, shown_seq: int, actor, today: dt.date, materials: list[str],
                   note: str = "") -> None:
    """一次性告知: everything missing at once; the owner resubmits."""
    _check_fresh(review, shown_seq, today)
    materials = list(dict.fromkeys(materials))
    if not materials:
        raise DecisionRefused("materials")
    event = {"do": "notify_missing", "materials": materials}
    if note.strip():
        event["note"] = note.strip()
    _record(review, event, actor, today)
    review.status, review.missing, review.reason = "notified", materials, note.strip()


def reject(review: StageReview, shown_seq: int, actor, today: dt.date, reason: str) -> None:
    """不予受理 with its reasons."""
    _check_fresh(review, shown_seq, today)
    if not reason.strip():
        raise DecisionRefused("reason")
    _record(review, {"do": "reject", "reason": reason.strip()}, actor, today)
    review.status, review.reason = "rejected", reason.strip()


def supply(project: Project, node: str, material: str, filename: str, stream, actor, today: dt.date) -> Document:
    """A deferred material arrives: store the upload and record `supply` (one transaction, the caller's)."""
    document = store_upload(project, material, filename, stream, actor)
    try:
        append_event(project, {"do": "supply", "node": node, "material": material}, actor, today)
    except RuleBroken as exc:
        raise DecisionRefused("rule", exc.reason) from None
    return document


def deferred_light(started: dt.date, due: dt.date, supplied: dt.date | None, today: dt.date) -> Reading:
    """The promised-date clock of a deferred material: from acceptance to `due`, light by R7."""
    cal = app_calendar()
    clock = Clock(max(0, cal.count(started, due)))
    clock.start, clock.finished = started, supplied
    return read(clock, cal, today, DEFAULT_WARNING_RATIO)
