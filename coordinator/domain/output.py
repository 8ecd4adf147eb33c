"""The timeline JSON of formats/scenario.md, built from a replayed state (plus a few fields the product adds)."""
from __future__ import annotations

import datetime as dt

from coordinator.domain.clocks import Clock, Reading, read
from coordinator.domain.planning import Plan, forecast, plan, totals
from coordinator.domain.timeline import Commitment, ItemState, NodeState, OpinionState, Replay

CLOCK_FIELDS = ("started", "limit", "extended", "deadline", "finished", "used", "paused", "remaining", "light")


def timeline_json(state: Replay, as_of: dt.date, target: dt.date | None = None) -> dict:
    """The whole timeline for `as_of`; `plan` only when there is a target date."""
    nodes = {key: _node(state, node, as_of) for key, node in state.nodes.items()}
    fc = forecast(state, as_of)
    tot = totals(state, as_of)
    out = {
        "as_of": as_of,
        "provisional": False,
        "nodes": nodes,
        "totals": {"elapsed": tot.elapsed, "government": tot.government, "agency": tot.agency,
                   "owner": tot.owner},
        "forecast": {"finish": fc.finish, "critical_path": fc.critical_path, "blocked_by": fc.blocked_by},
    }
    if target is not None:
        out["plan"] = _plan(plan(state, fc, target))
    out["commitments"] = [_commitment(state, c, as_of) for c in state.commitments]
    span = [as_of, as_of]
    result = _iso(out, span)
    result["provisional"] = state.cal.is_provisional_span(span[0], span[1])
    return result


def _clock(clock: Clock, reading: Reading, extended: bool = True) -> dict:
    out = {
        "started": reading.started, "limit": clock.limit, "extended": clock.extension,
        "deadline": reading.deadline, "finished": reading.finished, "used": reading.used,
        "paused": reading.paused, "remaining": reading.remaining, "light": reading.light,
    }
    if not extended:
        del out["extended"]
    return out


def _node(state: Replay, node: NodeState, as_of: dt.date) -> dict:
    status = state.status(node.key)
    head = {"kind": node.kind, "status": status, "mode": node.mode}
    if node.kind == "milestone":
        return {**head, "finished": state.finish_date(node.key)}
    reading = read(node.clock, state.cal, as_of, state.template.warning_ratio)
    if node.kind == "agency":
        out = {**head, **_clock(node.clock, reading, extended=False)}
        out["pauses"] = _pauses(node.clock)
        return out
    out = {**head, "submitted": node.submitted, "received": node.received,
           "deemed_accepted": node.deemed_accepted, **_clock(node.clock, reading)}
    out["items"] = {k: _item(state, i, as_of) for k, i in node.items.items()}
    out.update(reason=node.reason, notice=node.notice, deferred_due=node.deferred_due,
               extension_reason=node.clock.extension_reason, pauses=_pauses(node.clock))
    return out


def _item(state: Replay, item: ItemState, as_of: dt.date) -> dict:
    reading = read(item.clock, state.cal, as_of, state.template.warning_ratio)
    status = item.status
    if status == "running" and item.clock.is_paused():
        status = "paused"
    stage = state.nodes[state.template.item(item.spec.key)[0].key]
    out = {"mode": item.mode, "status": status, **_clock(item.clock, reading),
           "legal_deadline": reading.legal_deadline,
           "missing_materials": [m for m in item.spec.materials if m in stage.missing],
           "opinions": {d: _opinion(state, op, as_of) for d, op in item.opinions.items()}}
    out.update(legal_overdue=_legal_overdue(state, reading, as_of), reason=item.reason,
               permit_no=item.permit_no, extension_reason=item.clock.extension_reason,
               pauses=_pauses(item.clock))
    return out


def _legal_overdue(state: Replay, reading: Reading, as_of: dt.date) -> bool:
    """R6: past the legal limit (超法定时限), a graver flag than red."""
    if reading.legal_deadline is None:
        return False
    end = reading.finished or as_of
    return end > reading.legal_deadline and state.cal.count(reading.legal_deadline, end) >= 1


def _opinion(state: Replay, op: OpinionState, as_of: dt.date) -> dict:
    reading = read(op.clock, state.cal, as_of, state.template.warning_ratio)
    out = _clock(op.clock, reading, extended=False)
    out.update(decision=op.decision, deemed=op.deemed, conditions=op.conditions, basis=op.basis,
               override_reason=op.override_reason, extra_reason=op.extra_reason, message=op.message,
               history=[_opinion(state, h, as_of) for h in op.history])
    return out


def _pauses(clock: Clock) -> list[dict]:
    return [{"from": p.start, "to": p.end, "reason": p.reason, "note": p.note} for p in clock.pauses]


def _plan(p: Plan) -> dict:
    return {"target": p.target, "feasible": p.feasible, "short_by": p.short_by,
            "latest_start": p.latest_start, "slack": p.slack}


def _commitment(state: Replay, c: Commitment, as_of: dt.date) -> dict:
    """A signed commitment as an obligation with its verification clock (light like any clock)."""
    clock = Clock(c.within)
    clock.start, clock.finished = c.signed, c.verified
    reading = read(clock, state.cal, as_of, state.template.warning_ratio)
    return {"node": c.node, "item": c.item, "verify_by": c.verify_by, "signed": c.signed, "due": c.due,
            "status": c.status, "verified": c.verified, "signer": c.signer, "light": reading.light,
            "remaining": reading.remaining}


def _iso(value, span: list):
    """Dates to ISO strings, recursively, widening `span` ([first, last]) to every date met: the provisional
    flag depends on the first and last date anywhere in the output. Scalars are handled inline (no call per
    leaf: the output has thousands)."""
    if type(value) is list:
        return [_iso(v, span) for v in value]
    if type(value) is not dict:
        return _iso_date(value, span) if isinstance(value, dt.date) else value
    out = {}
    for key, v in value.items():
        kind = type(v)
        if kind is dict or kind is list:
            v = _iso(v, span) if v else kind()
        elif kind not in _SCALARS and isinstance(v, dt.date):
            v = _iso_date(v, span)
        out[key] = v
    return out


_SCALARS = frozenset({str, int, bool, float, type(None)})


def _iso_date(day: dt.date, span: list) -> str:
    if day < span[0]:
        span[0] = day
    elif day > span[1]:
        span[1] = day
    return day.isoformat()
