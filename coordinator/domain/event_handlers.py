"""What each event of formats/scenario.md checks and changes in a replay's state (rules R3–R10, fast paths).

Every handler checks its rules before it changes anything, so a broken rule (RuleBroken) leaves the state
as it was; the replay adds the event's position.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from coordinator.domain.clocks import Clock, Pause
from coordinator.domain.errors import RuleBroken
from coordinator.domain.replay_state import Commitment, ItemState, NodeState, OpinionState

if TYPE_CHECKING:
    from coordinator.domain.timeline import Replay

ACCEPTANCE_WINDOW = 5  # R4
STAGE_EXTENSION = 10  # R5


def live_node(r: Replay, key: str) -> NodeState:
    """The event's node: it must exist and not be waived."""
    if key not in r.nodes:
        raise RuleBroken(f"unknown node {key!r}", "unknown key")
    state = r.nodes[key]
    if state.mode == "waived":
        raise RuleBroken(f"node {key!r} is waived ({state.reason})", "fast paths")
    return state


def _stage(r: Replay, state: NodeState) -> NodeState:
    if state.kind != "stage":
        raise RuleBroken(f"{state.key!r} is a {state.kind}, not a stage", "unknown key")
    return state


def _item(r: Replay, state: NodeState, key: str) -> ItemState:
    _stage(r, state)
    if key not in state.items:
        raise RuleBroken(f"unknown item {key!r} in stage {state.key!r}", "unknown key")
    item = state.items[key]
    if item.mode == "waived":
        raise RuleBroken(f"item {key!r} is waived ({item.reason})", "fast paths")
    return item


def _running_stage(r: Replay, state: NodeState) -> NodeState:
    status = r.stage_status(_stage(r, state))
    if status not in ("accepted", "paused"):
        raise RuleBroken(f"stage {state.key!r} is {status}, not accepted", "R8")
    return state


def _require_needs(r: Replay, state: NodeState, status: str) -> None:
    """A waiting node names the prerequisites it still waits on (R8)."""
    if status == "waiting":
        open_needs = [n for n in state.needs if r.finish_date(n) is None]
        raise RuleBroken(f"prerequisites not finished: {', '.join(open_needs)}", "R8")


def _do_submit(r: Replay, state: NodeState, ev: dict) -> None:
    status = r.stage_status(_stage(r, state))
    _require_needs(r, state, status)
    if status != "ready":
        raise RuleBroken(f"stage {state.key!r} is {status}; only a ready stage can be submitted", "R4")
    day = ev["date"]
    state.submitted = day
    state.received = r.cal.received_on(day)
    state.window_end = r.cal.deadline(state.received, ACCEPTANCE_WINDOW)
    r.await_acceptance(state)
    state.notice = []


def _do_accept(r: Replay, state: NodeState, ev: dict) -> None:
    _stage(r, state)
    if state.deemed_accepted:
        raise RuleBroken(f"already accepted by law on {state.received} (no decision within "
                         f"{ACCEPTANCE_WINDOW} working days)", "R4")
    if state.window_end is None:
        raise RuleBroken(f"no pending submission for stage {state.key!r}", "R4")
    deferred = ev.get("deferred", [])
    if deferred:
        _check_deferrable(r, state, deferred)
    state.missing = list(deferred)
    state.deferred_due = ev.get("due")
    r.start_stage(state, ev["date"])


def _check_deferrable(r: Replay, state: NodeState, deferred: list[str]) -> None:
    needed = {m for item in state.items.values() if item.mode != "waived" for m in item.spec.materials}
    for key in deferred:
        material = r.template.materials.get(key)
        if material is None:
            raise RuleBroken(f"unknown material {key!r}", "unknown key")
        if key not in needed:
            raise RuleBroken(f"material {key!r} is not needed by stage {state.key!r}", "R4")
        if not material.deferrable:
            raise RuleBroken(f"material {key!r} is not deferrable (容缺 not allowed)", "R4")


def _do_reject(r: Replay, state: NodeState, ev: dict) -> None:
    status = r.stage_status(_stage(r, state))
    day = ev["date"]
    state.reason = ev["reason"]
    if status == "submitted":  # 不予受理: ready again
        state.submitted = state.received = state.window_end = None
        return
    if status not in ("accepted", "paused"):
        raise RuleBroken(f"stage {state.key!r} is {status}: nothing to reject", "R4")
    state.outcome = "rejected"  # 不予许可
    state.clock.finished = day
    for item in state.items.values():
        if item.decided:
            continue
        item.status = "rejected"
        if item.clock.started:
            item.clock.finished = day
        for op in item.opinions.values():
            if op.is_open:
                op.clock.finished = day


def _do_notify_missing(r: Replay, state: NodeState, ev: dict) -> None:
    if r.stage_status(_stage(r, state)) != "submitted":
        raise RuleBroken(f"stage {state.key!r} has no pending submission", "R4")
    for key in ev["materials"]:
        if key not in r.template.materials:
            raise RuleBroken(f"unknown material {key!r}", "unknown key")
    state.notice = list(ev["materials"])
    state.received = state.window_end = None


def _pause_target(r: Replay, state: NodeState, ev: dict) -> Clock:
    _running_stage(r, state)
    if ev.get("item") is None:
        return state.clock
    item = _item(r, state, ev["item"])
    if item.status not in ("running", "paused"):
        raise RuleBroken(f"item {item.spec.key!r} is {item.status}, its clock is not running", "R3")
    return item.clock


def _do_pause(r: Replay, state: NodeState, ev: dict) -> None:
    clock = _pause_target(r, state, ev)
    if clock.own_pause_open():
        raise RuleBroken("already paused", "R3")
    clock.pauses.append(Pause(ev["date"], ev["reason"], ev.get("note", "")))


def _do_resume(r: Replay, state: NodeState, ev: dict) -> None:
    clock = _pause_target(r, state, ev)
    pause = clock.own_pause_open()
    if pause is None:
        raise RuleBroken("not paused", "R3")
    pause.end = ev["date"]


def _do_extend(r: Replay, state: NodeState, ev: dict) -> None:
    _running_stage(r, state)
    if ev.get("item") is None:
        clock, most = state.clock, STAGE_EXTENSION
    else:
        item = _item(r, state, ev["item"])
        if not item.clock.open:
            raise RuleBroken(f"item {item.spec.key!r} is {item.status}, its clock is not running", "R5")
        clock, most = item.clock, item.spec.extension_days
    if clock.extension:
        raise RuleBroken("this clock has already been extended once", "R5")
    if not 1 <= ev["days"] <= most:
        raise RuleBroken(f"an extension must be 1 to {most} working days, got {ev['days']}", "R5")
    clock.extension, clock.extension_reason = ev["days"], ev["reason"]


def _opinion(r: Replay, state: NodeState, ev: dict) -> OpinionState:
    _running_stage(r, state)
    item = _item(r, state, ev["item"])
    op = item.opinions.get(ev["dept"])
    if op is None:
        raise RuleBroken(f"department {ev['dept']!r} was not asked for an opinion on {item.spec.key!r}",
                         "unknown key")
    if not op.clock.started:
        raise RuleBroken(f"item {item.spec.key!r} has not started: no opinion was requested yet", "R8")
    if not op.is_open:
        how = "deemed consent" if op.deemed else (op.decision or "closed")
        raise RuleBroken(f"the opinion of {op.dept!r} is already closed ({how})", "R8")
    return op


def _do_request_opinion(r: Replay, state: NodeState, ev: dict) -> None:
    """The lead asks a department the template does not name (with a reason)."""
    _running_stage(r, state)
    item = _item(r, state, ev["item"])
    if ev["dept"] in item.opinions:
        raise RuleBroken(f"department {ev['dept']!r} is already asked on {item.spec.key!r}", "R8")
    if item.decided:
        raise RuleBroken(f"item {item.spec.key!r} is already {item.status}", "R8")
    _check_days(ev["days"], item.clock.limit, "the item's promised limit")
    op = OpinionState(ev["dept"], Clock(ev["days"], parent=item.clock), extra_reason=ev["reason"])
    item.opinions[ev["dept"]] = op
    if item.clock.started:
        r.open_opinion(item, op, ev["date"])


def _do_shorten_opinion(r: Replay, state: NodeState, ev: dict) -> None:
    """The lead shortens an opinion's limit within the template's bound, on the day it was sent."""
    item, op = _item(r, state, ev["item"]), _opinion(r, state, ev)
    if op.clock.start != ev["date"]:
        raise RuleBroken("a limit can only be set on the day the request is sent", "R8")
    bound = next((o.days for o in item.spec.opinions if o.dept == op.dept), op.clock.limit)
    _check_days(ev["days"], bound, "the template's limit")
    op.clock.limit = ev["days"]


def _do_reconsult(r: Replay, state: NodeState, ev: dict) -> None:
    """再次征求: a closed opinion is asked again with a message and a new clock; the old round is kept."""
    _running_stage(r, state)
    item = _item(r, state, ev["item"])
    op = item.opinions.get(ev["dept"])
    if op is None or op.is_open or not op.clock.started:
        raise RuleBroken(f"only a closed opinion can be asked again ({ev['dept']!r})", "R8")
    if item.decided:
        raise RuleBroken(f"item {item.spec.key!r} is already {item.status}", "R8")
    bound = next((o.days for o in item.spec.opinions if o.dept == op.dept), op.clock.limit)
    _check_days(ev["days"], max(bound, op.clock.limit), "the template's limit")
    previous = OpinionState(op.dept, op.clock, op.decision, op.deemed, op.conditions, op.basis,
                            op.override_reason, op.extra_reason, op.message)
    op.history.append(previous)
    op.clock = Clock(ev["days"], parent=item.clock)
    op.decision, op.deemed, op.conditions, op.basis, op.override_reason = None, False, "", "", ""
    op.message = ev["message"]
    r.open_opinion(item, op, ev["date"])


def _check_days(days: int, most: int, what: str) -> None:
    if not 1 <= days <= max(most, 1):
        raise RuleBroken(f"the limit must be 1 to {max(most, 1)} working days ({what}), got {days}", "R8")


def _do_opinion(r: Replay, state: NodeState, ev: dict) -> None:
    op = _opinion(r, state, ev)
    op.clock.finished, op.decision = ev["date"], ev["decision"]
    op.conditions, op.basis = ev.get("conditions", ""), ev.get("basis", "")


def _do_override(r: Replay, state: NodeState, ev: dict) -> None:
    op = _opinion(r, state, ev)
    op.clock.finished, op.decision, op.override_reason = ev["date"], "overridden", ev["reason"]


def _decidable(r: Replay, state: NodeState, ev: dict, mode: str) -> ItemState:
    _running_stage(r, state)
    item = _item(r, state, ev["item"])
    if item.mode != mode:
        verb = "commit" if item.mode == "commitment" else "decide"
        raise RuleBroken(f"item {item.spec.key!r} is in {item.mode} mode: use `{verb}`", "fast paths")
    if item.status == "paused" or item.clock.is_paused():
        raise RuleBroken(f"item {item.spec.key!r} is paused", "R3")
    if item.status != "running":
        raise RuleBroken(f"item {item.spec.key!r} is {item.status}", "R8")
    missing = [m for m in item.spec.materials if m in state.missing] if state.missing else []
    if missing:
        raise RuleBroken(f"deferred material still missing: {', '.join(missing)}", "R4 容缺")
    open_ops = [d for d, op in item.opinions.items() if op.is_open]
    if open_ops:
        raise RuleBroken(f"opinions still open: {', '.join(open_ops)}", "R8")
    return item


def _finish_item(r: Replay, state: NodeState, item: ItemState, day: dt.date, status: str) -> None:
    item.clock.finished, item.status = day, status
    for other in state.items.values():
        r.start_item_if_ready(state, other, day)


def _do_decide(r: Replay, state: NodeState, ev: dict) -> None:
    item = _decidable(r, state, ev, "normal")
    item.permit_no, item.reason = ev.get("permit_no", ""), ev.get("reason", "")
    _finish_item(r, state, item, ev["date"], ev["result"])


def _do_commit(r: Replay, state: NodeState, ev: dict) -> None:
    item = _decidable(r, state, ev, "commitment")
    change = item.commitment_change
    day = ev["date"]
    item.commitment = Commitment(state.key, item.spec.key, change.verify_by, change.verify_within_days,
                                 day, r.cal.deadline(day, change.verify_within_days), ev.get("signer", ""))
    r.commitments.append(item.commitment)
    _finish_item(r, state, item, day, "approved")


def _do_supply(r: Replay, state: NodeState, ev: dict) -> None:
    _stage(r, state)
    if ev["material"] not in state.missing:
        raise RuleBroken(f"material {ev['material']!r} is not missing in stage {state.key!r}", "R4 容缺")
    state.missing.remove(ev["material"])


def _do_verify(r: Replay, state: NodeState, ev: dict) -> None:
    item = _item(r, state, ev["item"])
    if item.commitment is None:
        raise RuleBroken(f"item {item.spec.key!r} has no signed commitment to verify", "fast paths")
    if item.commitment.status != "open":
        raise RuleBroken(f"the commitment was already verified ({item.commitment.status})", "fast paths")
    item.commitment.status, item.commitment.verified = ev["outcome"], ev["date"]


def _do_complete(r: Replay, state: NodeState, ev: dict) -> None:
    _running_stage(r, state)
    if state.clock.is_paused():
        raise RuleBroken(f"stage {state.key!r} is paused", "R3")
    undecided = [k for k, i in state.items.items() if not i.decided]
    if undecided:
        raise RuleBroken(f"items not decided: {', '.join(undecided)}", "R8")
    rejected = [k for k, i in state.items.items() if i.status == "rejected"]
    if rejected:
        raise RuleBroken(f"item {', '.join(rejected)} was rejected: end the stage with `reject` (不予许可)",
                         "R8")
    state.outcome = "done"
    state.clock.finished = ev["date"]


def _agency(r: Replay, state: NodeState) -> NodeState:
    if state.kind != "agency":
        raise RuleBroken(f"{state.key!r} is a {state.kind}, not an agency service", "unknown key")
    return state


def _do_start(r: Replay, state: NodeState, ev: dict) -> None:
    status = r.agency_status(_agency(r, state))
    _require_needs(r, state, status)
    if status != "ready":
        raise RuleBroken(f"service {state.key!r} is {status}", "R8")
    if "days" in ev:  # the contract's working days, when they differ from the template's usual ones
        if ev["days"] < 1:
            raise RuleBroken(f"contracted working days must be at least 1, got {ev['days']}", "R10")
        state.clock.limit = ev["days"]
    state.clock.start = ev["date"]


def _do_deliver(r: Replay, state: NodeState, ev: dict) -> None:
    status = r.agency_status(_agency(r, state))
    if status != "running":
        raise RuleBroken(f"service {state.key!r} is {status}, not running", "R8")
    state.clock.finished, state.outcome = ev["date"], "delivered"


HANDLERS = {
    "submit": _do_submit,
    "accept": _do_accept,
    "reject": _do_reject,
    "notify_missing": _do_notify_missing,
    "pause": _do_pause,
    "resume": _do_resume,
    "extend": _do_extend,
    "request_opinion": _do_request_opinion,
    "shorten_opinion": _do_shorten_opinion,
    "reconsult": _do_reconsult,
    "opinion": _do_opinion,
    "override": _do_override,
    "decide": _do_decide,
    "commit": _do_commit,
    "supply": _do_supply,
    "verify": _do_verify,
    "complete": _do_complete,
    "start": _do_start,
    "deliver": _do_deliver,
}
