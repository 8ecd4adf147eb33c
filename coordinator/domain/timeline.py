"""Replay a project's dated events over its template into the state of every stage, item, opinion and service.

The replay follows formats/scenario.md ("Precise rules for the replay") and rules/time-limits.md: each
event is checked against the rules before it changes anything, and a broken rule stops the replay with
RuleBroken naming the event's position and the rule, so nothing is half-applied.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.clocks import Clock, Pause, read
from coordinator.domain.errors import RuleBroken
from coordinator.domain.templates import Change, ItemSpec, NodeSpec, StageTemplate

ACCEPTANCE_WINDOW = 5  # R4
STAGE_EXTENSION = 10  # R5
FINISHED = {"done", "delivered", "reached"}


@dataclass
class OpinionState:
    dept: str
    clock: Clock
    decision: str | None = None
    deemed: bool = False
    conditions: str = ""
    basis: str = ""
    override_reason: str = ""
    extra_reason: str = ""  # set when the lead asked a department the template does not name
    message: str = ""  # the lead's message when re-consulting
    history: list[OpinionState] = field(default_factory=list)  # earlier rounds, before a re-consultation

    @property
    def is_open(self) -> bool:
        return self.clock.start is not None and self.clock.finished is None


@dataclass
class Commitment:
    node: str
    item: str
    verify_by: str | None
    within: int
    signed: dt.date
    due: dt.date
    signer: str = ""
    status: str = "open"
    verified: dt.date | None = None


@dataclass
class ItemState:
    spec: ItemSpec
    clock: Clock
    mode: str = "normal"
    status: str = "pending"
    reason: str = ""
    permit_no: str = ""
    opinions: dict[str, OpinionState] = field(default_factory=dict)
    commitment_change: Change | None = None
    commitment: Commitment | None = None

    @property
    def decided(self) -> bool:
        return self.status in ("approved", "rejected", "waived")


@dataclass
class NodeState:
    spec: NodeSpec
    mode: str = "normal"
    reason: str = ""
    clock: Clock | None = None
    items: dict[str, ItemState] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    outcome: str | None = None  # stage: done/rejected; agency: delivered
    submitted: dt.date | None = None
    received: dt.date | None = None
    window_end: dt.date | None = None
    deemed_accepted: bool = False
    missing: list[str] = field(default_factory=list)
    deferred_due: dt.date | None = None
    notice: list[str] = field(default_factory=list)
    kind: str = field(init=False)  # copied from the spec: read thousands of times per replay
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.kind, self.key = self.spec.kind, self.spec.key


@dataclass
class Project:
    """What a replay needs to know about the project."""

    name: str = ""
    attributes: Mapping = field(default_factory=dict)
    fast_paths: tuple[str, ...] = ()
    target_date: dt.date | None = None


class Replay:
    """The state of one project, advanced event by event."""

    def __init__(self, template: StageTemplate, project: Project, cal: WorkCalendar):
        self.template = template
        self.project = project
        self.cal = cal
        self.nodes: dict[str, NodeState] = {}
        self.commitments: list[Commitment] = []
        self._deemable: list[OpinionState] = []
        self._build()

    # ------------------------------------------------------------------ set-up

    def _build(self) -> None:
        node_changes, item_changes = self._fast_path_changes()
        for spec in self.template.nodes:
            state = NodeState(spec)
            change = node_changes.get(spec.key)
            if change and change.mode == "waived":
                state.mode, state.reason = "waived", change.reason
            if spec.kind == "stage":
                self._build_stage(state, change, item_changes)
            elif spec.kind == "agency":
                state.clock = Clock(spec.contracted_days or 0)
            self.nodes[spec.key] = state
        self._resolve_needs()

    def _fast_path_changes(self) -> tuple[dict[str, Change], dict[str, Change]]:
        nodes: dict[str, Change] = {}
        items: dict[str, Change] = {}
        for key in self.project.fast_paths:
            path = self.template.fast_paths.get(key)
            if path is None:
                raise RuleBroken(f"unknown fast path {key!r}", "fast paths")
            if not path.applies_to(self.project.attributes):
                cond = ", ".join(f"{k}={v!r}" for k, v in path.when.items())
                raise RuleBroken(f"the project does not qualify for fast path {key!r} (needs {cond})", "fast paths")
            nodes.update(path.nodes)
            items.update(path.items)
        return nodes, items

    def _build_stage(self, state: NodeState, change: Change | None, item_changes: dict[str, Change]) -> None:
        spec = state.spec
        limit = change.promised_days if change and change.promised_days is not None else spec.promised_days
        state.clock = Clock(limit or 0, spec.legal_days)
        for item in spec.items:
            ichange = item_changes.get(item.key)
            ilimit = item.promised_days
            if ichange and ichange.promised_days is not None:
                ilimit = ichange.promised_days
            istate = ItemState(item, Clock(ilimit, item.legal_days, parent=state.clock))
            if state.mode == "waived":
                istate.mode, istate.status, istate.reason = "waived", "waived", state.reason
            elif ichange and ichange.mode == "waived":
                istate.mode, istate.status, istate.reason = "waived", "waived", ichange.reason
            elif ichange and ichange.mode == "commitment":
                istate.mode, istate.commitment_change = "commitment", ichange
                istate.clock.limit = 0
            for op in item.opinions:
                istate.opinions[op.dept] = OpinionState(op.dept, Clock(op.days, parent=istate.clock))
            state.items[item.key] = istate
        if state.mode != "waived" and state.items and all(i.mode == "waived" for i in state.items.values()):
            state.mode, state.reason = "waived", "; ".join(sorted({i.reason for i in state.items.values()}))

    def _resolve_needs(self) -> None:
        """Waived prerequisites are dropped; a milestone whose needs are all waived is itself waived."""
        changed = True  # template order need not be topological: iterate to a fixed point
        while changed:
            changed = False
            for state in self.nodes.values():
                live = tuple(n for n in state.spec.needs if self.nodes[n].mode != "waived")
                if state.kind == "milestone" and state.spec.needs and not live and state.mode != "waived":
                    state.mode, state.reason, changed = "waived", "all prerequisites waived", True
                state.needs = live

    # ------------------------------------------------------------------ queries

    def finish_date(self, key: str) -> dt.date | None:
        """The day a node finished (done, delivered, reached), or None."""
        state = self.nodes[key]
        if state.mode == "waived":
            return None
        if state.kind == "milestone":
            dates = [self.finish_date(n) for n in state.needs]
            return max(dates) if dates and all(dates) else None
        if state.outcome in ("done", "delivered"):
            return state.clock.finished
        return None

    def prerequisites_finished(self, state: NodeState) -> bool:
        return all(self.finish_date(n) is not None for n in state.needs)

    def stage_status(self, state: NodeState) -> str:
        if state.mode == "waived":
            return "waived"
        if state.outcome:
            return state.outcome
        if state.clock.started:
            return "paused" if state.clock.is_paused() else "accepted"
        if state.window_end is not None:
            return "submitted"
        return "ready" if self.prerequisites_finished(state) else "waiting"

    def agency_status(self, state: NodeState) -> str:
        if state.mode == "waived":
            return "waived"
        if state.outcome:
            return state.outcome
        if state.clock.started:
            return "running"
        return "ready" if self.prerequisites_finished(state) else "waiting"

    def status(self, key: str) -> str:
        state = self.nodes[key]
        if state.kind == "stage":
            return self.stage_status(state)
        if state.kind == "agency":
            return self.agency_status(state)
        if state.mode == "waived":
            return "waived"
        return "reached" if self.finish_date(key) is not None else "waiting"

    # ------------------------------------------------------------------ time passing

    def advance(self, day: dt.date) -> None:
        """Apply what the passing of time decides by `day`: deemed acceptances (R4), deemed consents (R8)."""
        for state in self.nodes.values():
            if state.window_end is not None and not state.clock.started and day > state.window_end:
                state.deemed_accepted = True
                self._start_stage(state, state.received)
        still = []
        for op in self._deemable:
            if op.is_open and not op.clock.is_paused():
                deadline = read(op.clock, self.cal, day, self.template.warning_ratio).deadline
                if day > deadline:
                    op.clock.finished, op.decision, op.deemed = deadline, "deemed_consent", True
                    continue
            if op.is_open:
                still.append(op)
        self._deemable = still

    def _start_stage(self, state: NodeState, day: dt.date) -> None:
        state.clock.start = day
        state.window_end = None
        for item in state.items.values():
            self._start_item_if_ready(state, item, day)

    def _start_item_if_ready(self, stage: NodeState, item: ItemState, day: dt.date) -> None:
        if item.status != "pending" or item.clock.started:
            return
        if all(stage.items[n].decided for n in item.spec.needs):
            item.clock.start = day
            item.status = "running"
            for op in item.opinions.values():
                self._open_opinion(item, op, day)

    # ------------------------------------------------------------------ events

    def apply(self, ev: dict) -> None:
        """Check and apply one event (already shape-checked by events.normalise_events)."""
        state = self._node(ev["node"])
        handler = getattr(self, f"_do_{ev['do']}")
        handler(state, ev)

    def _node(self, key: str) -> NodeState:
        if key not in self.nodes:
            raise RuleBroken(f"unknown node {key!r}", "unknown key")
        state = self.nodes[key]
        if state.mode == "waived":
            raise RuleBroken(f"node {key!r} is waived ({state.reason})", "fast paths")
        return state

    def _stage(self, state: NodeState) -> NodeState:
        if state.kind != "stage":
            raise RuleBroken(f"{state.key!r} is a {state.kind}, not a stage", "unknown key")
        return state

    def _item(self, state: NodeState, key: str) -> ItemState:
        self._stage(state)
        if key not in state.items:
            raise RuleBroken(f"unknown item {key!r} in stage {state.key!r}", "unknown key")
        item = state.items[key]
        if item.mode == "waived":
            raise RuleBroken(f"item {key!r} is waived ({item.reason})", "fast paths")
        return item

    def _running_stage(self, state: NodeState) -> NodeState:
        status = self.stage_status(self._stage(state))
        if status not in ("accepted", "paused"):
            raise RuleBroken(f"stage {state.key!r} is {status}, not accepted", "R8")
        return state

    def _do_submit(self, state: NodeState, ev: dict) -> None:
        status = self.stage_status(self._stage(state))
        if status == "waiting":
            open_needs = [n for n in state.needs if self.finish_date(n) is None]
            raise RuleBroken(f"prerequisites not finished: {', '.join(open_needs)}", "R8")
        if status != "ready":
            raise RuleBroken(f"stage {state.key!r} is {status}; only a ready stage can be submitted", "R4")
        day = ev["date"]
        state.submitted = day
        state.received = self.cal.received_on(day)
        state.window_end = self.cal.deadline(state.received, ACCEPTANCE_WINDOW)
        state.notice = []

    def _do_accept(self, state: NodeState, ev: dict) -> None:
        self._stage(state)
        if state.deemed_accepted:
            raise RuleBroken(f"already accepted by law on {state.received} (no decision within "
                             f"{ACCEPTANCE_WINDOW} working days)", "R4")
        if state.window_end is None:
            raise RuleBroken(f"no pending submission for stage {state.key!r}", "R4")
        deferred = ev.get("deferred", [])
        self._check_deferrable(state, deferred)
        state.missing = list(deferred)
        state.deferred_due = ev.get("due")
        self._start_stage(state, ev["date"])

    def _check_deferrable(self, state: NodeState, deferred: list[str]) -> None:
        needed = {m for item in state.items.values() if item.mode != "waived" for m in item.spec.materials}
        for key in deferred:
            material = self.template.materials.get(key)
            if material is None:
                raise RuleBroken(f"unknown material {key!r}", "unknown key")
            if key not in needed:
                raise RuleBroken(f"material {key!r} is not needed by stage {state.key!r}", "R4")
            if not material.deferrable:
                raise RuleBroken(f"material {key!r} is not deferrable (容缺 not allowed)", "R4")

    def _do_reject(self, state: NodeState, ev: dict) -> None:
        status = self.stage_status(self._stage(state))
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

    def _do_notify_missing(self, state: NodeState, ev: dict) -> None:
        if self.stage_status(self._stage(state)) != "submitted":
            raise RuleBroken(f"stage {state.key!r} has no pending submission", "R4")
        for key in ev["materials"]:
            if key not in self.template.materials:
                raise RuleBroken(f"unknown material {key!r}", "unknown key")
        state.notice = list(ev["materials"])
        state.received = state.window_end = None

    def _pause_target(self, state: NodeState, ev: dict) -> Clock:
        self._running_stage(state)
        if ev.get("item") is None:
            return state.clock
        item = self._item(state, ev["item"])
        if item.status not in ("running", "paused"):
            raise RuleBroken(f"item {item.spec.key!r} is {item.status}, its clock is not running", "R3")
        return item.clock

    def _do_pause(self, state: NodeState, ev: dict) -> None:
        clock = self._pause_target(state, ev)
        if clock.own_pause_open():
            raise RuleBroken("already paused", "R3")
        clock.pauses.append(Pause(ev["date"], ev["reason"], ev.get("note", "")))

    def _do_resume(self, state: NodeState, ev: dict) -> None:
        clock = self._pause_target(state, ev)
        pause = clock.own_pause_open()
        if pause is None:
            raise RuleBroken("not paused", "R3")
        pause.end = ev["date"]

    def _do_extend(self, state: NodeState, ev: dict) -> None:
        self._running_stage(state)
        if ev.get("item") is None:
            clock, most = state.clock, STAGE_EXTENSION
        else:
            item = self._item(state, ev["item"])
            if not item.clock.open:
                raise RuleBroken(f"item {item.spec.key!r} is {item.status}, its clock is not running", "R5")
            clock, most = item.clock, item.spec.extension_days
        if clock.extension:
            raise RuleBroken("this clock has already been extended once", "R5")
        if not 1 <= ev["days"] <= most:
            raise RuleBroken(f"an extension must be 1 to {most} working days, got {ev['days']}", "R5")
        clock.extension, clock.extension_reason = ev["days"], ev["reason"]

    def _opinion(self, state: NodeState, ev: dict) -> OpinionState:
        self._running_stage(state)
        item = self._item(state, ev["item"])
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

    def _do_request_opinion(self, state: NodeState, ev: dict) -> None:
        """The lead asks a department the template does not name (with a reason)."""
        self._running_stage(state)
        item = self._item(state, ev["item"])
        if ev["dept"] in item.opinions:
            raise RuleBroken(f"department {ev['dept']!r} is already asked on {item.spec.key!r}", "R8")
        if item.decided:
            raise RuleBroken(f"item {item.spec.key!r} is already {item.status}", "R8")
        self._check_days(ev["days"], item.clock.limit, "the item's promised limit")
        op = OpinionState(ev["dept"], Clock(ev["days"], parent=item.clock), extra_reason=ev["reason"])
        item.opinions[ev["dept"]] = op
        if item.clock.started:
            self._open_opinion(item, op, ev["date"])

    def _do_shorten_opinion(self, state: NodeState, ev: dict) -> None:
        """The lead shortens an opinion's limit within the template's bound, on the day it was sent."""
        item, op = self._item(state, ev["item"]), self._opinion(state, ev)
        if op.clock.start != ev["date"]:
            raise RuleBroken("a limit can only be set on the day the request is sent", "R8")
        bound = next((o.days for o in item.spec.opinions if o.dept == op.dept), op.clock.limit)
        self._check_days(ev["days"], bound, "the template's limit")
        op.clock.limit = ev["days"]

    def _do_reconsult(self, state: NodeState, ev: dict) -> None:
        """再次征求: a closed opinion is asked again with a message and a new clock; the old round is kept."""
        self._running_stage(state)
        item = self._item(state, ev["item"])
        op = item.opinions.get(ev["dept"])
        if op is None or op.is_open or not op.clock.started:
            raise RuleBroken(f"only a closed opinion can be asked again ({ev['dept']!r})", "R8")
        if item.decided:
            raise RuleBroken(f"item {item.spec.key!r} is already {item.status}", "R8")
        bound = next((o.days for o in item.spec.opinions if o.dept == op.dept), op.clock.limit)
        self._check_days(ev["days"], max(bound, op.clock.limit), "the template's limit")
        previous = OpinionState(op.dept, op.clock, op.decision, op.deemed, op.conditions, op.basis,
                                op.override_reason, op.extra_reason, op.message)
        op.history.append(previous)
        op.clock = Clock(ev["days"], parent=item.clock)
        op.decision, op.deemed, op.conditions, op.basis, op.override_reason = None, False, "", "", ""
        op.message = ev["message"]
        self._open_opinion(item, op, ev["date"])

    def _check_days(self, days: int, most: int, what: str) -> None:
        if not 1 <= days <= max(most, 1):
            raise RuleBroken(f"the limit must be 1 to {max(most, 1)} working days ({what}), got {days}", "R8")

    def _open_opinion(self, item: ItemState, op: OpinionState, day: dt.date) -> None:
        op.clock.start = day
        if item.spec.overdue_policy == "deemed_consent":
            self._deemable.append(op)

    def _do_opinion(self, state: NodeState, ev: dict) -> None:
        op = self._opinion(state, ev)
        op.clock.finished, op.decision = ev["date"], ev["decision"]
        op.conditions, op.basis = ev.get("conditions", ""), ev.get("basis", "")

    def _do_override(self, state: NodeState, ev: dict) -> None:
        op = self._opinion(state, ev)
        op.clock.finished, op.decision, op.override_reason = ev["date"], "overridden", ev["reason"]

    def _decidable(self, state: NodeState, ev: dict, mode: str) -> ItemState:
        self._running_stage(state)
        item = self._item(state, ev["item"])
        if item.mode != mode:
            verb = "commit" if item.mode == "commitment" else "decide"
            raise RuleBroken(f"item {item.spec.key!r} is in {item.mode} mode: use `{verb}`", "fast paths")
        if item.status == "paused" or item.clock.is_paused():
            raise RuleBroken(f"item {item.spec.key!r} is paused", "R3")
        if item.status != "running":
            raise RuleBroken(f"item {item.spec.key!r} is {item.status}", "R8")
        missing = [m for m in item.spec.materials if m in state.missing]
        if missing:
            raise RuleBroken(f"deferred material still missing: {', '.join(missing)}", "R4 容缺")
        open_ops = [d for d, op in item.opinions.items() if op.is_open]
        if open_ops:
            raise RuleBroken(f"opinions still open: {', '.join(open_ops)}", "R8")
        return item

    def _finish_item(self, state: NodeState, item: ItemState, day: dt.date, status: str) -> None:
        item.clock.finished, item.status = day, status
        for other in state.items.values():
            self._start_item_if_ready(state, other, day)

    def _do_decide(self, state: NodeState, ev: dict) -> None:
        item = self._decidable(state, ev, "normal")
        item.permit_no, item.reason = ev.get("permit_no", ""), ev.get("reason", "")
        self._finish_item(state, item, ev["date"], ev["result"])

    def _do_commit(self, state: NodeState, ev: dict) -> None:
        item = self._decidable(state, ev, "commitment")
        change = item.commitment_change
        day = ev["date"]
        item.commitment = Commitment(state.key, item.spec.key, change.verify_by, change.verify_within_days,
                                     day, self.cal.deadline(day, change.verify_within_days), ev.get("signer", ""))
        self.commitments.append(item.commitment)
        self._finish_item(state, item, day, "approved")

    def _do_supply(self, state: NodeState, ev: dict) -> None:
        self._stage(state)
        if ev["material"] not in state.missing:
            raise RuleBroken(f"material {ev['material']!r} is not missing in stage {state.key!r}", "R4 容缺")
        state.missing.remove(ev["material"])

    def _do_verify(self, state: NodeState, ev: dict) -> None:
        item = self._item(state, ev["item"])
        if item.commitment is None:
            raise RuleBroken(f"item {item.spec.key!r} has no signed commitment to verify", "fast paths")
        if item.commitment.status != "open":
            raise RuleBroken(f"the commitment was already verified ({item.commitment.status})", "fast paths")
        item.commitment.status, item.commitment.verified = ev["outcome"], ev["date"]

    def _do_complete(self, state: NodeState, ev: dict) -> None:
        self._running_stage(state)
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

    def _agency(self, state: NodeState) -> NodeState:
        if state.kind != "agency":
            raise RuleBroken(f"{state.key!r} is a {state.kind}, not an agency service", "unknown key")
        return state

    def _do_start(self, state: NodeState, ev: dict) -> None:
        status = self.agency_status(self._agency(state))
        if status == "waiting":
            open_needs = [n for n in state.needs if self.finish_date(n) is None]
            raise RuleBroken(f"prerequisites not finished: {', '.join(open_needs)}", "R8")
        if status != "ready":
            raise RuleBroken(f"service {state.key!r} is {status}", "R8")
        if "days" in ev:  # the contract's working days, when they differ from the template's usual ones
            if ev["days"] < 1:
                raise RuleBroken(f"contracted working days must be at least 1, got {ev['days']}", "R10")
            state.clock.limit = ev["days"]
        state.clock.start = ev["date"]

    def _do_deliver(self, state: NodeState, ev: dict) -> None:
        status = self.agency_status(self._agency(state))
        if status != "running":
            raise RuleBroken(f"service {state.key!r} is {status}, not running", "R8")
        state.clock.finished, state.outcome = ev["date"], "delivered"


def replay(template: StageTemplate, project: Project, events: list[dict], cal: WorkCalendar,
           as_of: dt.date) -> Replay:
    """Replay `events` (already shape-checked, in date order) up to `as_of`."""
    try:
        state = Replay(template, project, cal)
    except RuleBroken as exc:
        raise RuleBroken(f"project: {exc.reason}", exc.rule) from None
    for position in range(1, len(events)):
        if events[position]["date"] < events[position - 1]["date"]:
            raise RuleBroken(f"dated before the previous event ({events[position - 1]['date']})",
                             "event order").at(position + 1, events[position])
    previous = None
    for position, ev in enumerate(events, 1):
        day = ev["date"]
        if day > as_of:
            break
        try:
            if day != previous:
                state.advance(day)
            state.apply(ev)
        except RuleBroken as exc:
            raise exc.at(position, ev) from None
        previous = day
    state.advance(as_of)
    return state
