"""Parallel review use cases (并联审批): send a stage's opinion requests, give and correct opinions, pause and
extend clocks, override, re-consult, decide items and complete the stage. Each checks who may act, records
engine events through append_event (which replays the whole log), audits, notifies, flushes, never commits."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from coordinator.domain import review as rules
from coordinator.domain.errors import RuleBroken
from coordinator.domain.events import PAUSE_REASONS
from coordinator.domain.templates import StageTemplate
from coordinator.extensions import db
from coordinator.models import (
    ExtensionRequest,
    OpinionRevision,
    Project,
    ReviewAssignment,
    ReviewDispatch,
    User,
)
from coordinator.services import audit
from coordinator.services import notifications as notes
from coordinator.services.projects import (
    append_event,
    project_state,
    project_template,
    project_timeline,
    project_timelines,
)


class ReviewRefused(Exception):
    """The action is refused; `message` is an English msgid (with `params`) for the person."""

    status = 422

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params


class NotVisible(ReviewRefused):
    """The object is not the user's to see (404)."""

    status = 404


class NotAllowed(ReviewRefused):
    """The user may see it but not do this (403)."""

    status = 403


class Conflict(ReviewRefused):
    """Someone else changed it first (409)."""

    status = 409


@dataclass
class Context:
    """A project with its template and timeline on `today` (every number shown comes from here)."""

    project: Project
    template: StageTemplate
    timeline: dict
    today: dt.date

    def node(self, key: str) -> dict:
        if not self.template.has_node(key) or self.template.node(key).kind != "stage":
            raise NotVisible("No such stage.")
        return self.timeline["nodes"][key]

    def item(self, node: str, item: str) -> dict:
        items = self.node(node)["items"]
        if item not in items:
            raise NotVisible("No such item.")
        return items[item]

    def opinion(self, node: str, item: str, dept: str) -> dict:
        opinion = self.item(node, item)["opinions"].get(dept)
        if opinion is None:
            raise NotVisible("No such opinion request.")
        return opinion

    def lead(self, node: str) -> str | None:
        return self.template.node(node).lead


def load(project_id: int, today: dt.date) -> Context:
    """The project (events loaded in the same round trip) and its timeline; NotVisible when missing."""
    project = db.session.scalar(select(Project).where(Project.id == project_id)
                                .options(selectinload(Project.events)))
    if project is None:
        raise NotVisible("No such project.")
    return context(project, today)


def context(project: Project, today: dt.date) -> Context:
    """The timeline is replayed from `project.events` (loaded by the caller with selectinload)."""
    return Context(project, project_template(project), project_timelines([project], today)[0], today)


def dept_of(actor) -> str | None:
    return getattr(actor, "department_code", None)


def _record(ctx: Context, event: dict, actor) -> None:
    """Append an engine event; the engine's refusal becomes a ReviewRefused with its reason."""
    try:
        append_event(ctx.project, event, actor, ctx.today)
    except RuleBroken as exc:
        raise ReviewRefused("The rules refuse this: %(reason)s", reason=exc.reason) from None


def _require_lead(ctx: Context, node: str, actor) -> None:
    ctx.node(node)
    if not rules.may_lead(dept_of(actor), ctx.lead(node)):
        raise NotAllowed("Only the stage's lead department may do this.")


def _link(project: Project, node: str) -> str:
    return f"/review/projects/{project.id}/stages/{node}/board"


def _opinion_link(project: Project, node: str, item: str, dept: str) -> str:
    return f"/review/projects/{project.id}/opinions/{node}/{item}/{dept}"


def project_version(project: Project) -> int:
    """The project's last event number (from the loaded events): a lead's stage actions check it."""
    return max((e.seq for e in project.events), default=0)


def opinion_version(project: Project, node: str, item: str, dept: str) -> int:
    """How many times this opinion changed (its events plus corrections): the API's version check."""
    events = sum(1 for e in project.events if (e.node, e.item, e.dept) == (node, item, dept))
    corrections = db.session.scalar(
        select(db.func.count(OpinionRevision.id)).where(
            OpinionRevision.project_id == project.id, OpinionRevision.node == node, OpinionRevision.item == item,
            OpinionRevision.dept == dept, OpinionRevision.number > 1)) or 0
    return events + corrections


# ------------------------------------------------------------------ sending the requests (抄告)


@dataclass(frozen=True)
class ExtraRequest:
    item: str
    dept: str
    days: int
    reason: str


def dispatch(ctx: Context, node: str, actor, *, extra: list[ExtraRequest] = (),
             shorten: dict[tuple[str, str], int] | None = None,
             routes: dict[tuple[str, str], int | None] | None = None) -> ReviewDispatch:
    """Send the stage's opinion requests: extra departments, shortened limits (same day only), routes."""
    _require_lead(ctx, node, actor)
    if ctx.node(node)["status"] not in ("accepted", "paused"):
        raise ReviewRefused("The stage has not been accepted yet.")
    if db.session.scalar(select(ReviewDispatch.id).filter_by(project_id=ctx.project.id, node=node)):
        raise Conflict("The opinion requests of this stage were already sent.")
    for (item, dept), days in sorted((shorten or {}).items()):
        if days != ctx.opinion(node, item, dept)["limit"]:
            _record(ctx, {"do": "shorten_opinion", "node": node, "item": item, "dept": dept, "days": days}, actor)
    for req in extra:
        if not req.reason.strip():
            raise ReviewRefused("Give the reason for asking a department the template does not name.")
        ctx.item(node, req.item)
        _record(ctx, {"do": "request_opinion", "node": node, "item": req.item, "dept": req.dept,
                      "days": req.days, "reason": req.reason.strip()}, actor)
    ctx.timeline = project_timeline(ctx.project, ctx.today)
    row = ReviewDispatch(project_id=ctx.project.id, node=node, sent_on=ctx.today, sent_by_id=actor.id)
    db.session.add(row)
    assigned = _route_all(ctx, node, routes or {})
    db.session.flush()
    audit.record("review:dispatch", actor, "project", ctx.project.id, node=node,
                 requests=[f"{i}/{d}" for i, d, _ in assigned], extra=[f"{r.item}/{r.dept}" for r in extra])
    _tell_departments(ctx, node, assigned)
    return row


def _route_all(ctx: Context, node: str, routes: dict) -> list[tuple[str, str, User | None]]:
    """One assignment row per opinion request of the stage; a named reviewer must belong to the department."""
    wanted = {uid for uid in routes.values() if uid}
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))} if wanted else {}
    out = []
    for item_key, item in ctx.node(node)["items"].items():
        for dept in item["opinions"]:
            reviewer = people.get(routes.get((item_key, dept)) or 0)
            if routes.get((item_key, dept)) and (reviewer is None or reviewer.department_code != dept):
                raise ReviewRefused("A request can only be routed to a person of the department asked.")
            db.session.add(ReviewAssignment(project_id=ctx.project.id, node=node, item=item_key, dept=dept,
                                            reviewer_id=reviewer.id if reviewer else None))
            out.append((item_key, dept, reviewer))
    return out


def _tell_departments(ctx: Context, node: str, assigned) -> None:
    queues = sorted({dept for _, dept, reviewer in assigned if reviewer is None})
    staff: dict[str, list[User]] = {}
    for user in notes.department_staff(queues):
        staff.setdefault(user.department_code, []).append(user)
    for item, dept, reviewer in assigned:
        deadline = ctx.opinion(node, item, dept)["deadline"]
        notes.notify([reviewer] if reviewer else staff.get(dept, []), "opinion_requested",
                     "Opinion requested on %(project_name)s, due %(deadline)s", project=ctx.project,
                     link=_opinion_link(ctx.project, node, item, dept), project_name=ctx.project.name,
                     deadline=deadline)


def take(ctx: Context, node: str, item: str, dept: str, actor) -> ReviewAssignment:
    """A person of the department takes a request from the department's queue (认领)."""
    opinion = _answerable(ctx, node, item, dept, actor)
    if opinion.get("finished"):
        raise ReviewRefused("This opinion is already closed.")
    row = assignments(ctx.project.id, node).get((node, item, dept))
    if row is None:
        raise ReviewRefused("The lead department has not sent this request yet.")
    taken = db.session.execute(update(ReviewAssignment).where(  # conditional: two at once, one wins
        ReviewAssignment.id == row.id, ReviewAssignment.reviewer_id.is_(None)).values(reviewer_id=actor.id))
    if taken.rowcount != 1:
        db.session.refresh(row)
        raise Conflict("%(name)s already handles this request.", name=row.reviewer.display_name)
    audit.record("review:take", actor, "project", ctx.project.id, node=node, item=item, dept=dept)
    return row


def assignments(project_id: int, node: str | None = None) -> dict[tuple[str, str, str], ReviewAssignment]:
    """(node, item, dept) -> routing, for one project (one query)."""
    query = select(ReviewAssignment).where(ReviewAssignment.project_id == project_id)
    if node:
        query = query.where(ReviewAssignment.node == node)
    return {(a.node, a.item, a.dept): a for a in db.session.scalars(query)}


# ------------------------------------------------------------------ opinions


def submit_opinion(ctx: Context, node: str, item: str, dept: str, actor, now: dt.datetime, *, decision: str,
                   conditions: str = "", basis: str = "", remarks: str = "", version: int | None = None,
                   attachment_id: int | None = None) -> OpinionRevision:
    """The department's signed opinion: the `opinion` event (the engine refuses a second one) and revision 1."""
    opinion = _answerable(ctx, node, item, dept, actor)
    if version is not None and version != opinion_version(ctx.project, node, item, dept):
        raise Conflict("The opinion changed since you loaded it; reload and check.")
    if opinion.get("decision") is not None:
        raise Conflict("This opinion was already given (%(decision)s); it cannot be given twice.",
                       decision=opinion["decision"])
    _check_text(decision, conditions, basis)
    event = {"do": "opinion", "node": node, "item": item, "dept": dept, "decision": decision}
    event.update({k: v.strip() for k, v in (("conditions", conditions), ("basis", basis)) if v.strip()})
    try:
        _record(ctx, event, actor)
    except ReviewRefused:
        now_given = project_timeline(ctx.project, ctx.today)["nodes"][node]["items"][item]["opinions"][dept]
        if now_given.get("decision") is not None:  # someone of the department was a moment faster
            raise Conflict("This opinion was already given (%(decision)s); it cannot be given twice.",
                           decision=now_given["decision"]) from None
        raise
    revision = OpinionRevision(project_id=ctx.project.id, node=node, item=item, dept=dept,
                               round=rules.opinion_round(opinion), number=1, decision=decision,
                               conditions=conditions.strip(), basis=basis.strip(), remarks=remarks.strip(),
                               signer_id=actor.id, signed_at=now, attachment_id=attachment_id)
    db.session.add(revision)
    db.session.flush()
    kind = "opinion_objection" if decision in ("object", "conditional") else "opinion_given"
    notes.notify(notes.department_staff([ctx.lead(node)], ("lead",)), kind,
                 "%(dept)s gave its opinion on %(project_name)s: %(decision)s", project=ctx.project,
                 link=_link(ctx.project, node), dept=dept, project_name=ctx.project.name, decision=decision)
    return revision


def _answerable(ctx: Context, node: str, item: str, dept: str, actor) -> dict:
    """The opinion request, if it was sent to the actor's department (else 404: not theirs to see)."""
    if dept_of(actor) != dept:
        raise NotVisible("No such opinion request.")
    return ctx.opinion(node, item, dept)


def _check_text(decision: str, conditions: str, basis: str) -> None:
    if decision not in ("consent", "conditional", "object"):
        raise ReviewRefused("Choose consent, conditional consent or objection.")
    missing = rules.missing_text(decision, conditions, basis)
    if missing == "conditions":
        raise ReviewRefused("A conditional consent must state its conditions.")
    if missing == "basis":
        raise ReviewRefused("An objection must cite its legal basis.")


def revisions(project_id: int, node: str | None = None) -> dict[tuple[str, str, str], list[OpinionRevision]]:
    """(node, item, dept) -> signed revisions, oldest first (one query)."""
    query = select(OpinionRevision).where(OpinionRevision.project_id == project_id)
    if node:
        query = query.where(OpinionRevision.node == node)
    out: dict[tuple[str, str, str], list[OpinionRevision]] = {}
    for row in db.session.scalars(query.order_by(OpinionRevision.round, OpinionRevision.number)):
        out.setdefault((row.node, row.item, row.dept), []).append(row)
    return out


def correct_opinion(ctx: Context, node: str, item: str, dept: str, actor, now: dt.datetime, *, number: int,
                    conditions: str, basis: str, remarks: str, reason: str) -> OpinionRevision:
    """A correction: a new revision of the same decision; every earlier revision stays visible. Changing the
    decision itself needs the lead's re-consultation (再次征求)."""
    opinion = _answerable(ctx, node, item, dept, actor)
    if ctx.item(node, item)["status"] in ("approved", "rejected"):
        raise ReviewRefused("The item is decided; its opinions can no longer be corrected.")
    rnd = rules.opinion_round(opinion)
    latest = db.session.scalar(select(OpinionRevision).filter_by(
        project_id=ctx.project.id, node=node, item=item, dept=dept, round=rnd).order_by(OpinionRevision.number.desc())
        .limit(1))
    if latest is None:
        raise ReviewRefused("There is no signed opinion to correct.")
    if latest.number != number:
        raise Conflict("Someone corrected this opinion first (revision %(number)s); reload and check.",
                       number=latest.number)
    if not reason.strip():
        raise ReviewRefused("Say why the opinion is corrected.")
    _check_text(latest.decision, conditions, basis)
    revision = OpinionRevision(project_id=ctx.project.id, node=node, item=item, dept=dept, round=rnd,
                               number=number + 1, decision=latest.decision, conditions=conditions.strip(),
                               basis=basis.strip(), remarks=remarks.strip(), correction_reason=reason.strip(),
                               signer_id=actor.id, signed_at=now)
    db.session.add(revision)
    db.session.flush()
    audit.record("opinion:correct", actor, "project", ctx.project.id, node=node, item=item, dept=dept,
                 round=rnd, revision=revision.number, reason=reason.strip())
    notes.notify(notes.department_staff([ctx.lead(node)], ("lead",)), "opinion_corrected",
                 "%(dept)s corrected its opinion on %(project_name)s", project=ctx.project,
                 link=_link(ctx.project, node), dept=dept, project_name=ctx.project.name)
    return revision


def override(ctx: Context, node: str, item: str, dept: str, actor, reason: str) -> None:
    """A leader closes an unanswered opinion with a reason, so the item can be decided."""
    ctx.opinion(node, item, dept)
    if not reason.strip():
        raise ReviewRefused("Give the reason for closing the opinion.")
    _record(ctx, {"do": "override", "node": node, "item": item, "dept": dept, "reason": reason.strip()}, actor)
    notes.notify(notes.department_staff([dept, ctx.lead(node)]), "opinion_overridden",
                 "A leader closed the open opinion of %(dept)s on %(project_name)s", project=ctx.project,
                 link=_link(ctx.project, node), dept=dept, project_name=ctx.project.name)


def reconsult(ctx: Context, node: str, item: str, dept: str, actor, days: int, message: str) -> None:
    """再次征求: ask a department again, with a message and a new clock (earlier rounds kept)."""
    _require_lead(ctx, node, actor)
    ctx.opinion(node, item, dept)
    if not message.strip():
        raise ReviewRefused("Write what the department is asked to look at again.")
    _record(ctx, {"do": "reconsult", "node": node, "item": item, "dept": dept, "days": days,
                  "message": message.strip()}, actor)
    routed = assignments(ctx.project.id, node).get((node, item, dept))
    people = [routed.reviewer] if routed and routed.reviewer else notes.department_staff([dept])
    notes.notify(people, "opinion_reconsulted", "Opinion asked again on %(project_name)s: %(text)s",
                 project=ctx.project, link=_opinion_link(ctx.project, node, item, dept),
                 project_name=ctx.project.name, text=message.strip())


# ------------------------------------------------------------------ results


def decide_item(ctx: Context, node: str, item: str, actor, *, result: str, permit_no: str = "",
                reason: str = "") -> None:
    """Issue an item's result (its deciding department or the stage's lead): approved with a permit number,
    or rejected with reasons."""
    _require_handler(ctx, node, item, actor)
    if result == "approved" and not permit_no.strip():
        raise ReviewRefused("An approval needs its permit number.")
    if result == "rejected" and not reason.strip():
        raise ReviewRefused("A refusal needs its reasons.")
    if result not in ("approved", "rejected"):
        raise ReviewRefused("Choose approved or rejected.")
    event = {"do": "decide", "node": node, "item": item, "result": result}
    event.update({k: v.strip() for k, v in (("permit_no", permit_no), ("reason", reason)) if v.strip()})
    _record(ctx, event, actor)
    notes.notify(notes.project_people(ctx.project), "item_decided",
                 "%(project_name)s: an item's result was issued (%(result)s)", project=ctx.project,
                 link=f"/projects/{ctx.project.id}", project_name=ctx.project.name, result=result)


def complete_stage(ctx: Context, node: str, actor) -> list[str]:
    """Issue the stage result; returns the stages it made ready, which the owner and the agent are told."""
    _require_lead(ctx, node, actor)
    before = {k: n["status"] for k, n in ctx.timeline["nodes"].items()}
    _record(ctx, {"do": "complete", "node": node}, actor)
    after = project_timeline(ctx.project, ctx.today)["nodes"]
    ready = [k for k, n in after.items() if n["status"] == "ready" and before.get(k) != "ready"]
    notes.notify(notes.project_people(ctx.project), "stage_completed",
                 "%(project_name)s: the stage result was issued; ready to apply: %(ready)s", project=ctx.project,
                 link=f"/projects/{ctx.project.id}", project_name=ctx.project.name,
                 ready=", ".join(ctx.template.node(k).name for k in ready) or "-")
    return ready


# ------------------------------------------------------------------ pauses and extensions


def _require_handler(ctx: Context, node: str, item: str, actor) -> None:
    ctx.item(node, item)
    spec = ctx.template.item(item)[1]
    if not rules.may_handle_item(dept_of(actor), spec.dept, ctx.lead(node)):
        raise NotAllowed("Only the deciding department may do this.")


def pause(ctx: Context, node: str, item: str, actor, reason: str, note: str = "") -> None:
    """Stop an item's clock (and its opinions') for a special procedure or a supplement request (R3)."""
    _require_handler(ctx, node, item, actor)
    if reason not in PAUSE_REASONS:
        raise ReviewRefused("Choose a reason from the list.")
    event = {"do": "pause", "node": node, "item": item, "reason": reason}
    if note.strip():
        event["note"] = note.strip()
    _record(ctx, event, actor)
    notes.notify(notes.project_people(ctx.project), "clock_paused",
                 "%(project_name)s: a review clock is paused (%(reason)s)", project=ctx.project,
                 link=f"/projects/{ctx.project.id}", project_name=ctx.project.name, reason=reason)


def resume(ctx: Context, node: str, item: str, actor, note: str = "") -> None:
    _require_handler(ctx, node, item, actor)
    event = {"do": "resume", "node": node, "item": item}
    if note.strip():
        event["note"] = note.strip()
    _record(ctx, event, actor)
    notes.notify(notes.project_people(ctx.project), "clock_resumed",
                 "%(project_name)s: the review clock runs again", project=ctx.project,
                 link=f"/projects/{ctx.project.id}", project_name=ctx.project.name)


def request_extension(ctx: Context, node: str, item: str, actor, days: int, reason: str) -> ExtensionRequest:
    """延期 asked by the deciding department; checked against the rules now (once, within the limit)."""
    _require_handler(ctx, node, item, actor)
    if not reason.strip():
        raise ReviewRefused("An extension needs a reason (the applicant sees it).")
    trial = {"date": ctx.today, "do": "extend", "node": node, "item": item, "days": days, "reason": reason}
    try:
        project_state(ctx.project, ctx.today, [trial])
    except RuleBroken as exc:
        raise ReviewRefused("The rules refuse this: %(reason)s", reason=exc.reason) from None
    if db.session.scalar(select(ExtensionRequest.id).filter_by(project_id=ctx.project.id, node=node, item=item,
                                                                open_marker="open")):
        raise Conflict("An extension of this item is already waiting for the head's decision.")
    row = ExtensionRequest(project_id=ctx.project.id, node=node, item=item, dept=ctx.template.item(item)[1].dept,
                           days=days, reason=reason.strip(), requested_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit.record("extension:request", actor, "extension_request", row.id, project=ctx.project.id, node=node,
                 item=item, days=days, reason=row.reason)
    notes.notify(notes.department_heads(row.dept), "extension_requested",
                 "Extension of %(days)s working days asked on %(project_name)s", project=ctx.project,
                 link="/review/extensions", days=days, project_name=ctx.project.name)
    return row


def decide_extension(request_id: int, actor, today: dt.date, now: dt.datetime, approve: bool) -> ExtensionRequest:
    """The department head approves (an `extend` event) or refuses a pending request."""
    row = db.session.get(ExtensionRequest, request_id)
    if row is None or dept_of(actor) != row.dept:
        raise NotVisible("No such extension request.")
    if not actor.is_head:
        raise NotAllowed("Only the department head decides extensions.")
    if row.status != "pending":
        raise Conflict("This request was already decided.")
    ctx = load(row.project_id, today)
    if approve:
        _record(ctx, {"do": "extend", "node": row.node, "item": row.item, "days": row.days, "reason": row.reason},
                actor)
    row.status, row.decided_by_id, row.decided_at, row.open_marker = (
        "approved" if approve else "refused", actor.id, now, None)
    db.session.flush()
    audit.record(f"extension:{row.status}", actor, "extension_request", row.id, project=row.project_id,
                 node=row.node, item=row.item, days=row.days)
    people = notes.project_people(ctx.project) + [row.requested_by]
    notes.notify(people, f"extension_{row.status}", "%(project_name)s: extension of %(days)s working days %(status)s",
                 project=ctx.project, link=f"/projects/{ctx.project.id}", project_name=ctx.project.name,
                 days=row.days, status=row.status)
    return row


def pending_extensions(dept: str) -> list[ExtensionRequest]:
    return list(db.session.scalars(select(ExtensionRequest).filter_by(dept=dept, status="pending")
                                   .order_by(ExtensionRequest.id)))
