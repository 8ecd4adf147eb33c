"""Opinions over the JSON API: read the opinions the caller may see (with their versions), give an opinion
and sign a correction. A stale version or a second opinion answers 409 with the current opinion; a broken
rule 422; an opinion not sent to the caller's department 404. Same services and rules as the pages."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError

from coordinator.clock import current_clock
from coordinator.domain import review as rules
from coordinator.extensions import db
from coordinator.services import review as svc
from coordinator.services.project_access import can_see_project
from coordinator.web.access import requires

bp = Blueprint("api_review", __name__, url_prefix="/api/v1/projects")

SUBMIT_FIELDS = {"node", "item", "dept", "decision", "conditions", "basis", "remarks", "version"}
CORRECT_FIELDS = {"node", "item", "dept", "number", "conditions", "basis", "remarks", "reason"}
OPINION_KEYS = ("started", "limit", "deadline", "finished", "used", "paused", "remaining", "light", "decision",
                "deemed", "conditions", "basis", "override_reason", "extra_reason", "message")


def _error(status: int, message: str, **details):
    return jsonify({"error": {"status": status, "message": message, **details}}), status


def _context(project_id: int) -> svc.Context | None:
    try:
        ctx = svc.load(project_id, current_clock().today())
    except svc.NotVisible:
        return None
    return ctx if can_see_project(current_user, ctx.project) else None


def _visible(ctx: svc.Context, node: str, dept: str) -> bool:
    """Leaders and the stage's lead see every opinion; a department only those sent to it."""
    mine = current_user.department_code
    return current_user.role == "leader" or rules.may_lead(mine, ctx.lead(node)) or mine == dept


def _opinion_json(ctx: svc.Context, node: str, item: str, dept: str, revisions: dict) -> dict:
    op = ctx.opinion(node, item, dept)
    return {"node": node, "item": item, "dept": dept, "round": rules.opinion_round(op),
            "version": svc.opinion_version(ctx.project, node, item, dept),
            **{key: op.get(key) for key in OPINION_KEYS},
            "revisions": [{"round": r.round, "number": r.number, "decision": r.decision, "conditions": r.conditions,
                           "basis": r.basis, "remarks": r.remarks, "correction_reason": r.correction_reason,
                           "signer": r.signer.display_name, "signed_at": r.signed_at.isoformat()}
                          for r in revisions.get((node, item, dept), [])]}


@bp.get("/<int:project_id>/opinions")
@requires("project:view")
def opinions(project_id: int):
    """Every opinion request the caller may see, numbers from the timeline."""
    ctx = _context(project_id)
    if ctx is None:
        return _error(404, "no such project")
    revisions = svc.revisions(project_id)
    rows = [_opinion_json(ctx, node_key, item_key, dept, revisions)
            for node_key, node in ctx.timeline["nodes"].items() for item_key, item in (node.get("items") or {}).items()
            for dept in item["opinions"] if current_user.role != "owner" and _visible(ctx, node_key, dept)]
    return jsonify({"as_of": ctx.timeline["as_of"], "project_version": svc.project_version(ctx.project),
                    "opinions": rows})


def _body(allowed: set[str]):
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return None, _error(422, "the body must be a JSON object", field="body")
    unknown = sorted(set(body) - allowed)
    if unknown:
        return None, _error(422, f"unknown field: {unknown[0]}", field=unknown[0])
    for key in ("node", "item", "dept"):
        if not isinstance(body.get(key), str):
            return None, _error(422, f"{key} is required", field=key)
    return body, None


def _run(project_id: int, body: dict, action):
    """Run and commit; a concurrent writer that won gets one retry, then 409. Errors become JSON."""
    for attempt in (1, 2):
        ctx = _context(project_id)
        if ctx is None:
            return _error(404, "no such project")
        try:
            action(ctx)
            db.session.commit()
            return None
        except svc.ReviewRefused as exc:
            db.session.rollback()
            status = exc.status
            details = {}
            if status == 409:
                fresh = _context(project_id)
                details["current"] = _opinion_json(fresh, body["node"], body["item"], body["dept"],
                                                   svc.revisions(project_id))
            return _error(status, str(exc), **details)
        except (IntegrityError, OperationalError):
            db.session.rollback()
            if attempt == 2:
                return _error(409, "changed by someone else at the same moment; reload")
    return None


@bp.post("/<int:project_id>/opinions")
@requires("opinion:submit")
def submit(project_id: int):
    """Give an opinion: `version` (from GET) is required; 201 with the opinion as recorded."""
    body, problem = _body(SUBMIT_FIELDS)
    if problem:
        return problem
    if not isinstance(body.get("version"), int) or isinstance(body.get("version"), bool):
        return _error(422, "version is required (the opinion's version from GET .../opinions)", field="version")
    texts = {key: body.get(key, "") for key in ("conditions", "basis", "remarks")}
    if not all(isinstance(v, str) for v in texts.values()) or not isinstance(body.get("decision"), str):
        return _error(422, "decision, conditions, basis and remarks must be text", field="decision")
    error = _run(project_id, body, lambda ctx: svc.submit_opinion(
        ctx, body["node"], body["item"], body["dept"], current_user, current_clock().now(),
        decision=body["decision"], version=body["version"], **texts))
    if error:
        return error
    ctx = _context(project_id)
    return jsonify(_opinion_json(ctx, body["node"], body["item"], body["dept"], svc.revisions(project_id))), 201


@bp.post("/<int:project_id>/opinions/revisions")
@requires("opinion:submit")
def correct(project_id: int):
    """Sign a correction; `number` is the latest revision the caller saw (409 when someone was first)."""
    body, problem = _body(CORRECT_FIELDS)
    if problem:
        return problem
    if not isinstance(body.get("number"), int):
        return _error(422, "number is required (the latest revision you saw)", field="number")
    texts = {key: body.get(key, "") for key in ("conditions", "basis", "remarks", "reason")}
    if not all(isinstance(v, str) for v in texts.values()):
        return _error(422, "texts must be strings", field="reason")
    error = _run(project_id, body, lambda ctx: svc.correct_opinion(
        ctx, body["node"], body["item"], body["dept"], current_user, current_clock().now(), number=body["number"],
        **texts))
    if error:
        return error
    ctx = _context(project_id)
    return jsonify(_opinion_json(ctx, body["node"], body["item"], body["dept"], svc.revisions(project_id))), 201


def _stage_action(project_id: int, node: str, allowed: set[str], action):
    """A lead's action on a stage: `version` is the project_version from GET .../opinions (409 when stale)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(422, "the body must be a JSON object", field="body")
    unknown = sorted(set(body) - allowed - {"version"})
    if unknown:
        return _error(422, f"unknown field: {unknown[0]}", field=unknown[0])
    if not isinstance(body.get("version"), int) or not all(isinstance(body.get(k, ""), str) for k in allowed):
        return _error(422, "version (an integer) is required; other fields are text", field="version")
    ctx = _context(project_id)
    if ctx is None:
        return _error(404, "no such project")
    try:
        ctx.node(node)
        if body["version"] != svc.project_version(ctx.project):
            return _error(409, "the project changed since you loaded it; reload",
                          current={"project_version": svc.project_version(ctx.project)})
        action(ctx, body)
        db.session.commit()
    except svc.ReviewRefused as exc:
        db.session.rollback()
        return _error(exc.status, str(exc))
    except (IntegrityError, OperationalError):
        db.session.rollback()
        return _error(409, "changed by someone else at the same moment; reload")
    fresh = _context(project_id)
    return jsonify({"project_version": svc.project_version(fresh.project), "stage": fresh.node(node)}), 201


@bp.post("/<int:project_id>/stages/<node>/items/<item>/result")
@requires("item:decide")
def decide(project_id: int, node: str, item: str):
    """Issue an item's result: {result: approved|rejected, permit_no, reason, version}."""
    return _stage_action(project_id, node, {"result", "permit_no", "reason"}, lambda ctx, body: svc.decide_item(
        ctx, node, item, current_user, result=body.get("result", ""), permit_no=body.get("permit_no", ""),
        reason=body.get("reason", "")))


@bp.post("/<int:project_id>/stages/<node>/complete")
@requires("stage:complete")
def complete(project_id: int, node: str):
    """Issue the stage result: {version}; the answer names the stage's new state."""
    return _stage_action(project_id, node, set(), lambda ctx, body: svc.complete_stage(ctx, node, current_user))
