"""The timeline JSON of formats/scenario.md, built from a replayed state (plus a few fields the product adds)."""
from __future__ import annotations

import datetime as dt

from coordinator.domain.clocks import Clock, Reading, read
from coordinator.domain.planning import Plan, forecast, plan, totals
from coordinator.domain.replay_state import Commitment, ItemState, NodeState, OpinionState
from coordinator.domain.timeline import Replay

NOT_STARTED = Reading()


def timeline_json(state: Replay, as_of: dt.date, target: dt.date | None = None) -> dict:
    """The whole timeline for `as_of`; `plan` only when there is a target date."""
    return _Writer(state, as_of).timeline(target)


class _Writer:
    """Builds the JSON in one pass: dates become ISO text as they are written, and the first and last date
    written are kept, because the provisional flag depends on every date the output shows."""

    def __init__(self, state: Replay, as_of: dt.date):
        self.state, self.as_of = state, as_of
        self.first = self.last = as_of

    def d(self, day: dt.date | None) -> str | None:
        """A date as ISO text, widening the span of dates shown."""
        if day is None:
            return None
        if day < self.first:
            self.first = day
        elif day > self.last:
            self.last = day
        return day.isoformat()

    def timeline(self, target: dt.date | None) -> dict:
        state, as_of = self.state, self.as_of
        nodes = {key: self.node(node) for key, node in state.nodes.items()}
        fc = forecast(state, as_of)
        tot = totals(state, as_of)
        out = {
            "as_of": self.d(as_of),
            "provisional": False,
            "nodes": nodes,
            "totals": {"elapsed": tot.elapsed, "government": tot.government, "agency": tot.agency,
                       "owner": tot.owner},
            "forecast": {"finish": self.d(fc.finish), "critical_path": fc.critical_path,
                         "blocked_by": fc.blocked_by},
        }
        if target is not None:
            out["plan"] = self.plan(plan(state, fc, target))
        out["commitments"] = [self.commitment(c) for c in state.commitments]
        out["provisional"] = state.cal.is_provisional_span(self.first, self.last)
        return out

    def read(self, clock: Clock) -> Reading:
        if clock.start is None:  # about half the clocks of a project have not started
            return NOT_STARTED
        return read(clock, self.state.cal, self.as_of, self.state.template.warning_ratio)

    def clock(self, clock: Clock, reading: Reading, extended: bool = True) -> dict:
        d = self.d
        out = {"started": d(reading.started), "limit": clock.limit}
        if extended:
            out["extended"] = clock.extension
        out.update(deadline=d(reading.deadline), finished=d(reading.finished), used=reading.used,
                   paused=reading.paused, remaining=reading.remaining, light=reading.light)
        return out

    def node(self, node: NodeState) -> dict:
        state = self.state
        head = {"kind": node.kind, "status": state.status(node.key), "mode": node.mode}
        if node.kind == "milestone":
            return {**head, "finished": self.d(state.finish_date(node.key))}
        reading = self.read(node.clock)
        if node.kind == "agency":
            return {**head, **self.clock(node.clock, reading, extended=False), "pauses": self.pauses(node.clock)}
        out = {**head, "submitted": self.d(node.submitted), "received": self.d(node.received),
               "deemed_accepted": node.deemed_accepted, **self.clock(node.clock, reading)}
        out["items"] = {k: self.item(node, i) for k, i in node.items.items()}
        out.update(reason=node.reason, notice=node.notice, deferred_due=self.d(node.deferred_due),
                   extension_reason=node.clock.extension_reason, pauses=self.pauses(node.clock))
        return out

    def item(self, stage: NodeState, item: ItemState) -> dict:
        reading = self.read(item.clock)
        status = item.status
        if status == "running" and item.clock.is_paused():
            status = "paused"
        out = {"mode": item.mode, "status": status, **self.clock(item.clock, reading),
               "legal_deadline": self.d(reading.legal_deadline),
               "missing_materials": [m for m in item.spec.materials if m in stage.missing] if stage.missing else [],
               "opinions": {d: self.opinion(op) for d, op in item.opinions.items()}}
        out.update(legal_overdue=self.legal_overdue(reading), reason=item.reason, permit_no=item.permit_no,
                   extension_reason=item.clock.extension_reason, pauses=self.pauses(item.clock))
        return out

    def legal_overdue(self, reading: Reading) -> bool:
        """R6: past the legal limit (超法定时限), a graver flag than red."""
        if reading.legal_deadline is None:
            return False
        end = reading.finished or self.as_of
        return end > reading.legal_deadline and self.state.cal.count(reading.legal_deadline, end) >= 1

    def opinion(self, op: OpinionState) -> dict:
        out = self.clock(op.clock, self.read(op.clock), extended=False)
        out.update(decision=op.decision, deemed=op.deemed, conditions=op.conditions, basis=op.basis,
                   override_reason=op.override_reason, extra_reason=op.extra_reason, message=op.message,
                   history=[self.opinion(h) for h in op.history])
        return out

    def pauses(self, clock: Clock) -> list[dict]:
        if not clock.pauses:
            return []
        return [{"from": self.d(p.start), "to": self.d(p.end), "reason": p.reason, "note": p.note}
                for p in clock.pauses]

    def plan(self, p: Plan) -> dict:
        return {"target": self.d(p.target), "feasible": p.feasible, "short_by": p.short_by,
                "latest_start": {k: self.d(v) for k, v in p.latest_start.items()}, "slack": p.slack}

    def commitment(self, c: Commitment) -> dict:
        """A signed commitment as an obligation with its verification clock (light like any clock)."""
        clock = Clock(c.within)
        clock.start, clock.finished = c.signed, c.verified
        reading = self.read(clock)
        return {"node": c.node, "item": c.item, "verify_by": c.verify_by, "signed": self.d(c.signed),
                "due": self.d(c.due), "status": c.status, "verified": self.d(c.verified), "signer": c.signer,
                "light": reading.light, "remaining": reading.remaining}
