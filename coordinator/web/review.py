"""Parallel review pages (并联审批): sending a stage's opinion requests, the opinion form, the lead's board
with its actions, extension approvals and the overdue list (the department inbox is in review_inbox). Thin:
parse the form, call coordinator.services.review, commit once (retrying once when a concurrent write won),
redirect."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from coordinator.clock import current_clock
from coordinator.domain import review as rules
from coordinator.domain.events import PAUSE_REASONS
from coordinator.domain.uploads import UploadRefused
from coordinator.extensions import db
from coordinator.models import Project, ReviewDispatch, User
from coordinator.services import reminders
from coordinator.services import review as svc
from coordinator.services.documents import store_upload
from coordinator.services.notifications import department_staff
from coordinator.services.projects import project_template, project_timelines
from coordinator.web.access import deny, requires
from coordinator.web.messages import upload_problem_text
from coordinator.web.projects import department_names, page_helpers

bp = Blueprint("review", __name__, url_prefix="/review")


# ------------------------------------------------------------------ plumbing


def today():
    return current_clock().today()


def refusal_text(exc: svc.ReviewRefused) -> str:
    return _(exc.message, **exc.params)


def run(action, done_message: str) -> bool:
    """Run `action` and commit; a concurrent writer that won (unique event number, locked SQLite) gets
    one retry on fresh data, then a clear message. Refusals roll back and are flashed."""
    for attempt in (1, 2):
        try:
            action()
            db.session.commit()
            flash(done_message, "info")
            return True
        except svc.NotVisible:
            db.session.rollback()
            abort(404)
        except svc.NotAllowed as exc:
            deny(request.endpoint or "review", "project", exc.message)
        except svc.ReviewRefused as exc:
            db.session.rollback()
            flash(refusal_text(exc), "error")
            return False
        except (IntegrityError, OperationalError):
            db.session.rollback()
            if attempt == 2:
                flash(_("Someone else changed this at the same moment; reload and check."), "error")
    return False


def load(project_id: int) -> svc.Context:
    try:
        return svc.load(project_id, today())
    except svc.NotVisible:
        abort(404)


def record_on_read(pairs) -> None:
    """Deemed consents and escalations the clock has reached are recorded once, even if cron did not run."""
    try:
        if reminders.process_many(pairs):
            db.session.commit()
    except (IntegrityError, OperationalError):
        db.session.rollback()  # a concurrent reader recorded them; nothing is lost


def back_to_board(ctx: svc.Context, node: str):
    return redirect(url_for("review.board", project_id=ctx.project.id, node=node))


def _int(name: str, default: int = 0) -> int:
    try:
        return int(request.form.get(name, default))
    except (TypeError, ValueError):
        return default


def active() -> list[tuple[Project, dict]]:
    """Projects under review with their timelines, once per request."""
    cache = request.environ  # per request (an app context may outlive a request in tests)
    if "coordinator.review_active" not in cache:
        projects = reminders.active_projects()
        cache["coordinator.review_active"] = list(zip(projects, project_timelines(projects, today())))
    return cache["coordinator.review_active"]


# ------------------------------------------------------------------ sending the requests (抄告)


@bp.route("/projects/<int:project_id>/stages/<node>/assign", methods=["GET", "POST"])
@requires("review:assign")
def assign(project_id: int, node: str):
    """The template's requests preselected; add a department, shorten a limit, route to a named reviewer."""
    ctx = load(project_id)
    _lead_only(ctx, node)
    if request.method == "POST" and run(lambda: _dispatch(ctx, node), _("Opinion requests sent.")):
        return back_to_board(ctx, node)
    asked = {dept for item in ctx.node(node)["items"].values() for dept in item["opinions"]}
    staff: dict[str, list[User]] = {}
    for user in department_staff(asked):
        staff.setdefault(user.department_code, []).append(user)
    sent = db.session.scalar(select(ReviewDispatch).filter_by(project_id=project_id, node=node))
    return render_template("review/assign.html", ctx=ctx, node=node, spec=ctx.template.node(node), staff=staff,
                           sent=sent, names=department_names(), form=request.form, **page_helpers())


def _lead_only(ctx: svc.Context, node: str) -> None:
    try:
        ctx.node(node)
    except svc.NotVisible:
        abort(404)
    if not rules.may_lead(current_user.department_code, ctx.lead(node)):
        abort(404)


def _dispatch(ctx: svc.Context, node: str) -> None:
    form = request.form
    shorten, routes, extra = {}, {}, []
    for item_key, item in ctx.node(node)["items"].items():
        for dept in item["opinions"]:
            shorten[(item_key, dept)] = _int(f"days-{item_key}-{dept}", item["opinions"][dept]["limit"])
            routes[(item_key, dept)] = _int(f"reviewer-{item_key}-{dept}") or None
    for n in (1, 2):
        if form.get(f"extra-dept-{n}"):
            extra.append(svc.ExtraRequest(form.get(f"extra-item-{n}", ""), form[f"extra-dept-{n}"],
                                          _int(f"extra-days-{n}"), form.get(f"extra-reason-{n}", "")))
    svc.dispatch(ctx, node, current_user, extra=extra, shorten=shorten, routes=routes)


# ------------------------------------------------------------------ the opinion form


@bp.get("/projects/<int:project_id>/opinions/<node>/<item>/<dept>")
@requires("opinion:submit")
def opinion(project_id: int, node: str, item: str, dept: str):
    ctx = load(project_id)
    return _opinion_page(ctx, node, item, dept)


def _opinion_page(ctx: svc.Context, node: str, item: str, dept: str, status: int = 200):
    if current_user.department_code != dept:
        abort(404)
    try:
        op = ctx.opinion(node, item, dept)
    except svc.NotVisible:
        abort(404)
    record_on_read([(ctx.project, ctx.timeline)])
    history = svc.revisions(ctx.project.id, node).get((node, item, dept), [])
    routed = svc.assignments(ctx.project.id, node).get((node, item, dept))
    return render_template(
        "review/opinion.html", ctx=ctx, node=node, item=item, dept=dept, op=op, revisions=history,
        item_clock=ctx.item(node, item), spec=ctx.template.item(item)[1], names=department_names(),
        round=rules.opinion_round(op), version=svc.opinion_version(ctx.project, node, item, dept), routed=routed,
        form=request.form, **page_helpers()), status


@bp.post("/projects/<int:project_id>/opinions/<node>/<item>/<dept>")
@requires("opinion:submit")
def submit(project_id: int, node: str, item: str, dept: str):
    """Sign and send the opinion; a second person of the department is told it was already given."""
    upload = request.files.get("attachment")
    content = upload.read() if upload and upload.filename else None  # re-read on the retry

    def act():
        ctx = load(project_id)
        attachment = None
        if content is not None:
            attachment = _store(ctx, node, item, dept, upload.filename, content)
        svc.submit_opinion(ctx, node, item, dept, current_user, current_clock().now(),
                           decision=request.form.get("decision", ""), conditions=request.form.get("conditions", ""),
                           basis=request.form.get("basis", ""), remarks=request.form.get("remarks", ""),
                           version=_int("version", -1) if request.form.get("version") else None,
                           attachment_id=attachment)
    if run(act, _("Opinion signed and sent.")):
        return redirect(url_for("review.opinion", project_id=project_id, node=node, item=item, dept=dept))
    return _opinion_page(load(project_id), node, item, dept, 422)


@bp.post("/projects/<int:project_id>/opinions/<node>/<item>/<dept>/take")
@requires("opinion:submit")
def take(project_id: int, node: str, item: str, dept: str):
    """Take a request from the department's queue."""
    run(lambda: svc.take(load(project_id), node, item, dept, current_user), _("You now handle this request."))
    return redirect(url_for("review.opinion", project_id=project_id, node=node, item=item, dept=dept))


def _store(ctx: svc.Context, node: str, item: str, dept: str, filename: str, content: bytes) -> int:
    """Keep the signed opinion's attachment with the project's documents (checked, hashed, audited)."""
    if current_user.department_code != dept:
        raise svc.NotVisible("No such opinion request.")
    material = f"opinion:{node}/{item}/{dept}"[:64]
    try:
        return store_upload(ctx.project, material, filename, io.BytesIO(content), current_user).id
    except UploadRefused as exc:
        raise svc.ReviewRefused("The attachment was refused: %(why)s", why=upload_problem_text(exc.problem)) from None


@bp.post("/projects/<int:project_id>/opinions/<node>/<item>/<dept>/correct")
@requires("opinion:submit")
def correct(project_id: int, node: str, item: str, dept: str):
    """A correction: a new revision; the old one stays visible."""
    def act():
        ctx = load(project_id)
        svc.correct_opinion(ctx, node, item, dept, current_user, current_clock().now(), number=_int("number"),
                            conditions=request.form.get("conditions", ""), basis=request.form.get("basis", ""),
                            remarks=request.form.get("remarks", ""), reason=request.form.get("reason", ""))
    run(act, _("Correction signed; the earlier revision stays on record."))
    return redirect(url_for("review.opinion", project_id=project_id, node=node, item=item, dept=dept))


# ------------------------------------------------------------------ the lead's board


@bp.get("/projects/<int:project_id>/stages/<node>/board")
@requires("board:view")
def board(project_id: int, node: str):
    """Department × item grid: state, light, decision, conditions; objections and conditions stand out."""
    ctx = load(project_id)
    try:
        ctx.node(node)
    except svc.NotVisible:
        abort(404)
    mine, lead = current_user.department_code, ctx.lead(node)
    handles = {i.key for i in ctx.template.node(node).items if rules.may_handle_item(mine, i.dept, lead)}
    if current_user.role != "leader" and not handles:
        abort(404)  # neither the lead nor a deciding department of this stage
    record_on_read([(ctx.project, ctx.timeline)])
    grid = rules.board(ctx.template, ctx.timeline, node)
    sent = db.session.scalar(select(ReviewDispatch.id).filter_by(project_id=project_id, node=node))
    return render_template("review/board.html", ctx=ctx, node=node, grid=grid, stage=ctx.node(node),
                           spec=ctx.template.node(node), names=department_names(), sent=sent, handles=handles,
                           reasons=PAUSE_REASONS, is_lead=rules.may_lead(mine, lead), **page_helpers())


def _board_action(project_id: int, node: str, done: str, action):
    ctx = load(project_id)
    run(lambda: action(load(project_id)), done)
    return back_to_board(ctx, node)


@bp.post("/projects/<int:project_id>/opinions/<node>/<item>/<dept>/override")
@requires("opinion:override")
def override(project_id: int, node: str, item: str, dept: str):
    return _board_action(project_id, node, _("Opinion closed by override."), lambda ctx: svc.override(
        ctx, node, item, dept, current_user, request.form.get("reason", "")))


@bp.post("/projects/<int:project_id>/opinions/<node>/<item>/<dept>/reconsult")
@requires("opinion:reconsult")
def reconsult(project_id: int, node: str, item: str, dept: str):
    return _board_action(project_id, node, _("The department is asked again."), lambda ctx: svc.reconsult(
        ctx, node, item, dept, current_user, _int("days"), request.form.get("message", "")))


@bp.post("/projects/<int:project_id>/items/<node>/<item>/decide")
@requires("item:decide")
def decide(project_id: int, node: str, item: str):
    form = request.form
    return _board_action(project_id, node, _("Item result issued."), lambda ctx: svc.decide_item(
        ctx, node, item, current_user, result=form.get("result", ""), permit_no=form.get("permit_no", ""),
        reason=form.get("reason", "")))


@bp.post("/projects/<int:project_id>/stages/<node>/complete")
@requires("stage:complete")
def complete(project_id: int, node: str):
    return _board_action(project_id, node, _("Stage result issued; the owner is told which stages are ready."),
                         lambda ctx: svc.complete_stage(ctx, node, current_user))


@bp.post("/projects/<int:project_id>/items/<node>/<item>/pause")
@requires("clock:pause")
def pause(project_id: int, node: str, item: str):
    return _board_action(project_id, node, _("Clock paused."), lambda ctx: svc.pause(
        ctx, node, item, current_user, request.form.get("reason", ""), request.form.get("note", "")))


@bp.post("/projects/<int:project_id>/items/<node>/<item>/resume")
@requires("clock:pause")
def resume(project_id: int, node: str, item: str):
    return _board_action(project_id, node, _("Clock resumed."), lambda ctx: svc.resume(
        ctx, node, item, current_user, request.form.get("note", "")))


@bp.post("/projects/<int:project_id>/items/<node>/<item>/extension")
@requires("extension:request")
def request_extension(project_id: int, node: str, item: str):
    return _board_action(project_id, node, _("Extension requested; the department head decides."),
                         lambda ctx: svc.request_extension(ctx, node, item, current_user, _int("days"),
                                                           request.form.get("reason", "")))


# ------------------------------------------------------------------ extensions and overdue list


@bp.get("/extensions")
@requires("extension:approve")
def extensions():
    """Pending extension requests of the head's department."""
    if not current_user.is_head:
        abort(404)
    rows = svc.pending_extensions(current_user.department_code)
    projects = {p.id: p for p in db.session.scalars(select(Project).where(
        Project.id.in_({r.project_id for r in rows})))} if rows else {}
    return render_template("review/extensions.html", rows=rows, projects=projects, template_of=project_template,
                           **page_helpers())


@bp.post("/extensions/<int:request_id>")
@requires("extension:approve")
def decide_extension(request_id: int):
    approve = request.form.get("approve") == "1"
    run(lambda: svc.decide_extension(request_id, current_user, today(), current_clock().now(), approve),
        _("Extension approved.") if approve else _("Extension refused."))
    return redirect(url_for("review.extensions"))


@bp.get("/overdue")
@requires("board:view")
def overdue():
    """Red opinions and items: a leader sees all, a lead department the stages it leads."""
    pairs = active()
    projects = [p for p, _ in pairs]
    record_on_read(pairs)
    rows = []
    for project, timeline in pairs:
        template = project_template(project)
        for dept_rows in _red_rows(project, template, timeline):
            if current_user.role == "leader" or template.node(dept_rows.node).lead == current_user.department_code:
                rows.append(dept_rows)
    return render_template("review/overdue.html", rows=sorted(rows, key=rules.InboxRow.sort_key),
                           projects={p.id: p for p in projects}, names=department_names(),
                           template_of=project_template, **page_helpers())


def _red_rows(project: Project, template, timeline: dict) -> list[rules.InboxRow]:
    depts = {d for node in timeline["nodes"].values() for item in (node.get("items") or {}).values()
             for d in item["opinions"]} | {i.dept for n in template.nodes for i in n.items}
    seen, out = set(), []
    for dept in sorted(depts):
        for row in rules.inbox_rows(project.id, template, timeline, dept):
            if row.light == "red" and (row.node, row.item, row.dept) not in seen:
                seen.add((row.node, row.item, row.dept))
                out.append(row)
    return out


from coordinator.web import review_inbox  # noqa: F401  the inbox page and header badge, on this blueprint
