"""The timeline JSON of formats/scenario.md, built from a replayed state (plus a few fields the product adds)."""
from __future__ import annotations

import datetime as dt

from coordinator.domain.clocks import Clock, measure, read
from coordinator.domain.planning import Plan, forecast, plan, totals
from coordinator.domain.replay_state import Commitment, ItemState, NodeState, OpinionState
from coordinator.domain.timeline import Replay

NOT_STARTED_ROW = (None, None, None, None, None, None, "none", None, None)  # a clock not started yet


def timeline_json(state: Replay, as_of: dt.date, target: dt.date | None = None) -> dict:
    """The whole timeline for `as_of`; `plan` only when there is a target date."""
    return _Writer(state, as_of).timeline(target)


class _Writer:
    """Builds the JSON in one pass: dates become ISO text as they are written, each checked against the run of
    official years around `as_of` (the output is provisional when any date it shows leaves that run, see
    WorkCalendar.official_run). Each output object is one dict literal, its clock read once from working-day
    ranks (clocks.measure)."""

    def __init__(self, state: Replay, as_of: dt.date):
        self.state, self.as_of = state, as_of
        self.cal, self.ratio, self.today_rank = state.cal, state.template.warning_ratio, state.cal.rank(as_of)
        run = state.cal.official_run(as_of)
        self.provisional = run is None
        self.lo, self.hi = run or (dt.date.min, dt.date.max)

    def d(self, day: dt.date | None) -> str | None:
        """A date as ISO text."""
        if day is None:
            return None
        if day < self.lo or day > self.hi:
            self.provisional = True
        return day.isoformat()

    def timeline(self, target: dt.date | None) -> dict:
        state, as_of = self.state, self.as_of
        node = self.node
        nodes = {key: node(n) for key, n in state.nodes.items()}
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
        out["provisional"] = self.provisional
        return out

    def read(self, clock: Clock) -> tuple:
        """(started, deadline, finished, used, paused, remaining, light, legal deadline, finished): the dates
        as ISO text but the last two, the legal deadline only items show (see `legal`)."""
        start = clock.start
        if start is None:  # about half the clocks of a project have not started
            return NOT_STARTED_ROW
        deadline, legal, finished, used, paused, remaining, _, light = measure(
            clock, self.cal, self.as_of, self.today_rank, self.ratio)
        if start < self.lo or (deadline if finished is None or finished < deadline else finished) > self.hi:
            self.provisional = True
        return (start.isoformat(), deadline.isoformat(), finished and finished.isoformat(), used, paused, remaining,
                light, legal, finished)

    def legal(self, row: tuple) -> tuple[str | None, bool]:
        """An item's legal deadline as text, and whether it is passed (R6, 超法定时限: graver than red)."""
        legal = row[7]
        if legal is None:
            return None, False
        if legal > self.hi:
            self.provisional = True
        end = row[8] or self.as_of
        return legal.isoformat(), end > legal and self.cal.count(legal, end) >= 1

    def node(self, node: NodeState) -> dict:
        kind, clock = node.kind, node.clock
        status = self.state.status(node.key)
        if kind == "milestone":
            out = {"kind": kind, "status": status, "mode": node.mode,
                   "finished": self.d(self.state.finish_date(node.key))}
            return self.waived(node, out)
        row = self.read(clock)
        pauses = self.pauses(clock) if clock.pauses else []
        if kind == "agency":
            out = {"kind": kind, "status": status, "mode": node.mode, "started": row[0], "limit": clock.limit,
                   "deadline": row[1], "finished": row[2], "used": row[3], "paused": row[4], "remaining": row[5],
                   "light": row[6], "pauses": pauses}
            return self.waived(node, out)
        d, item, items = self.d, self.item, {}
        for k, i in node.items.items():  # loops, not comprehensions, for these small maps: cheaper on CPython 3.11
            items[k] = item(node, i)
        return {"kind": kind, "status": status, "mode": node.mode, "submitted": d(node.submitted),
                "received": d(node.received), "deemed_accepted": node.deemed_accepted, "started": row[0],
                "limit": clock.limit, "extended": clock.extension, "deadline": row[1], "finished": row[2],
                "used": row[3], "paused": row[4], "remaining": row[5], "light": row[6],
                "items": items, "reason": node.reason,
                "notice": node.notice, "deferred_due": d(node.deferred_due),
                "extension_reason": clock.extension_reason, "pauses": pauses}

    @staticmethod
    def waived(node: NodeState, out: dict) -> dict:
        """A waived agency service or milestone says why, as waived stages and items do (a product field)."""
        if node.mode == "waived":
            out["reason"] = node.reason
        return out

    def item(self, stage: NodeState, item: ItemState) -> dict:
        clock = item.clock
        row = self.read(clock)
        status = item.status
        if status == "running" and clock.is_paused():
            status = "paused"
        legal_deadline, legal_overdue = self.legal(row)
        opinion, opinions = self.opinion, {}
        for dept, op in item.opinions.items():
            opinions[dept] = opinion(op)
        return {"mode": item.mode, "status": status, "started": row[0], "limit": clock.limit,
                "extended": clock.extension, "deadline": row[1], "finished": row[2], "used": row[3],
                "paused": row[4], "remaining": row[5], "light": row[6], "legal_deadline": legal_deadline,
                "missing_materials": [m for m in item.spec.materials if m in stage.missing] if stage.missing else [],
                "opinions": opinions, "legal_overdue": legal_overdue,
                "reason": item.reason, "permit_no": item.permit_no, "extension_reason": clock.extension_reason,
                "pauses": self.pauses(clock) if clock.pauses else []}

    def opinion(self, op: OpinionState) -> dict:
        clock = op.clock
        row = self.read(clock)
        return {"started": row[0], "limit": clock.limit, "deadline": row[1], "finished": row[2], "used": row[3],
                "paused": row[4], "remaining": row[5], "light": row[6], "decision": op.decision,
                "deemed": op.deemed, "conditions": op.conditions, "basis": op.basis,
                "override_reason": op.override_reason, "extra_reason": op.extra_reason, "message": op.message,
                "history": [self.opinion(h) for h in op.history] if op.history else []}

    def pauses(self, clock: Clock) -> list[dict]:
        return [{"from": self.d(p.start), "to": self.d(p.end), "reason": p.reason, "note": p.note}
                for p in clock.pauses]

    def plan(self, p: Plan) -> dict:
        return {"target": self.d(p.target), "feasible": p.feasible, "short_by": p.short_by,
                "latest_start": {k: self.d(v) for k, v in p.latest_start.items()}, "slack": p.slack}

    def commitment(self, c: Commitment) -> dict:
        """A signed commitment as an obligation with its verification clock (light like any clock)."""
        clock = Clock(c.within)
        clock.start, clock.finished = c.signed, c.verified
        reading = read(clock, self.cal, self.as_of, self.ratio)
        return {"node": c.node, "item": c.item, "verify_by": c.verify_by, "signed": self.d(c.signed),
                "due": self.d(c.due), "status": c.status, "verified": self.d(c.verified), "signer": c.signer,
                "light": reading.light, "remaining": reading.remaining}
