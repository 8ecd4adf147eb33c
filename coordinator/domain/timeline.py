"""Replay a project's dated events over its template into the state of every stage, item, opinion and service.

The replay follows formats/scenario.md ("Precise rules for the replay") and rules/time-limits.md: each
event is checked against the rules before it changes anything (event_handlers.py), and a broken rule stops
the replay with RuleBroken naming the event's position and the rule, so nothing is half-applied. This module
holds the status queries and what the passing of time decides; the starting state is in replay_setup.py.
"""
from __future__ import annotations

import datetime as dt

from coordinator.domain import event_handlers
from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.clocks import deadline
from coordinator.domain.errors import RuleBroken
from coordinator.domain.replay_setup import starting_nodes
from coordinator.domain.replay_state import Commitment, ItemState, NodeState, OpinionState, Project
from coordinator.domain.templates import StageTemplate


class Replay:
    """The state of one project, advanced event by event."""

    def __init__(self, template: StageTemplate, project: Project, cal: WorkCalendar):
        self.template = template
        self.project = project
        self.cal = cal
        self.nodes: dict[str, NodeState] = starting_nodes(template, project)
        self.commitments: list[Commitment] = []
        self._deemable: list[OpinionState] = []  # open opinions under 逾期视为同意 (R8)
        self._windows: list[NodeState] = []  # submitted stages within their acceptance window (R4)
        self._finishes: dict[str, dt.date | None] = {}  # finish dates known since the last event or advance

    # ------------------------------------------------------------------ queries

    def finish_date(self, key: str) -> dt.date | None:
        """The day a node finished (done, delivered, reached), or None; remembered until the state changes
        (apply and advance forget it)."""
        known = self._finishes
        if key in known:
            return known[key]
        state = self.nodes[key]
        day = None
        if state.mode == "waived":
            pass
        elif state.kind == "milestone":
            dates = [self.finish_date(n) for n in state.needs]
            day = max(dates) if dates and all(dates) else None
        elif state.outcome in ("done", "delivered"):
            day = state.clock.finished
        known[key] = day
        return day

    def prerequisites_finished(self, state: NodeState) -> bool:
        return all(self.finish_date(n) is not None for n in state.needs)

    def stage_status(self, state: NodeState) -> str:
        if state.mode == "waived":
            return "waived"
        if state.outcome:
            return state.outcome
        if state.clock.start is not None:
            return "paused" if state.clock.is_paused() else "accepted"
        if state.window_end is not None:
            return "submitted"
        return "ready" if self.prerequisites_finished(state) else "waiting"

    def agency_status(self, state: NodeState) -> str:
        if state.mode == "waived":
            return "waived"
        if state.outcome:
            return state.outcome
        if state.clock.start is not None:
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
        self._finishes = {}
        if self._windows:
            waiting = []
            for state in self._windows:
                if state.window_end is None or state.clock.start is not None:
                    continue  # accepted, refused or told what is missing meanwhile
                if day > state.window_end:
                    state.deemed_accepted = True
                    self.start_stage(state, state.received)
                else:
                    waiting.append(state)
            self._windows = waiting
        if self._deemable:
            self._deem_consents(day)

    def _deem_consents(self, day: dt.date) -> None:
        still = []
        for op in self._deemable:
            clock = op.clock
            if clock.start is None or clock.finished is not None:
                continue
            if not clock.is_paused():
                due = deadline(clock, self.cal, day)
                if day > due:
                    clock.finished, op.decision, op.deemed = due, "deemed_consent", True
                    continue
            still.append(op)
        self._deemable = still

    def await_acceptance(self, state: NodeState) -> None:
        """A submitted stage is accepted by law once its window passes without a decision (R4)."""
        self._windows.append(state)

    def start_stage(self, state: NodeState, day: dt.date) -> None:
        state.clock.start = day
        state.window_end = None
        for item in state.items.values():
            self.start_item_if_ready(state, item, day)

    def start_item_if_ready(self, stage: NodeState, item: ItemState, day: dt.date) -> None:
        if item.status != "pending" or item.clock.start is not None:
            return
        needs = item.spec.needs
        if not needs or all(stage.items[n].decided for n in needs):
            item.clock.start = day
            item.status = "running"
            for op in item.opinions.values():
                self.open_opinion(item, op, day)

    def open_opinion(self, item: ItemState, op: OpinionState, day: dt.date) -> None:
        op.clock.start = day
        if item.spec.overdue_policy == "deemed_consent":
            self._deemable.append(op)

    def apply(self, ev: dict) -> None:
        """Check and apply one event (already shape-checked by events.normalise_events)."""
        self._finishes = {}
        event_handlers.HANDLERS[ev["do"]](self, event_handlers.live_node(self, ev["node"]), ev)


def replay(template: StageTemplate, project: Project, events: list[dict], cal: WorkCalendar,
           as_of: dt.date) -> Replay:
    """Replay `events` (already shape-checked, in date order) up to `as_of`."""
    try:
        state = Replay(template, project, cal)
    except RuleBroken as exc:
        raise RuleBroken(f"project: {exc.reason}", exc.rule) from None
    dates = [ev["date"] for ev in events]
    if dates != sorted(dates):
        position = next(i for i in range(1, len(dates)) if dates[i] < dates[i - 1])
        raise RuleBroken(f"dated before the previous event ({dates[position - 1]})",
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
