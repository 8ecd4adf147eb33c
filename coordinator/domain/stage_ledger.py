"""Who used the days, per stage (R9 applied to one stage): from the day the stage's upstream stages had all
finished to its result (or today), each working day goes to government (its own clocks ran), else to the
intermediary services that feed it, else to the owner. Parallel stages overlap, so rows need not add up to
the project totals."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordinator.domain.clocks import merge, running_ranges
from coordinator.domain.timeline import NodeState, Replay


@dataclass(frozen=True)
class StageDays:
    key: str
    start: dt.date
    end: dt.date
    elapsed: int
    government: int
    agency: int
    owner: int


def stage_ledger(state: Replay, today: dt.date) -> list[StageDays]:
    """One row per stage whose window has begun, in template order."""
    rows = []
    for node in state.nodes.values():
        if node.kind != "stage" or node.mode == "waived":
            continue
        row = _stage_days(state, node, today)
        if row is not None:
            rows.append(row)
    return rows


def _stage_days(state: Replay, node: NodeState, today: dt.date) -> StageDays | None:
    cal = state.cal
    start = _window_start(state, node)
    if start is None:
        return None
    end = node.clock.finished or today
    lo, hi = cal.rank(start), cal.rank(end)
    if hi <= lo:
        return StageDays(node.key, start, end, 0, 0, 0, 0)
    government = merge([r for clock in _own_clocks(node) for r in running_ranges(clock, cal, today)])
    agency = merge([r for key in _feeding_services(state, node) for r in running_ranges(
        state.nodes[key].clock, cal, today)])
    gov_days = _measure(government, lo, hi)
    either = _measure(merge(government + agency), lo, hi)
    return StageDays(node.key, start, end, hi - lo, gov_days, either - gov_days, hi - lo - either)


def _window_start(state: Replay, node: NodeState) -> dt.date | None:
    """The last finish among upstream stages (through services and milestones); a first stage starts with
    its own clock. None while the window has not begun."""
    upstream = _upstream_stages(state, node.key)
    if not upstream:
        return node.clock.start
    finishes = [state.finish_date(k) for k in upstream]
    return max(finishes) if all(finishes) else None


def _upstream_stages(state: Replay, key: str) -> set[str]:
    out: set[str] = set()
    for need in state.nodes[key].needs:
        if state.nodes[need].kind == "stage":
            out.add(need)
        else:
            out |= _upstream_stages(state, need)
    return out


def _feeding_services(state: Replay, node: NodeState) -> set[str]:
    """Agency nodes reached from the stage going back through services and milestones only."""
    out: set[str] = set()
    stack = list(node.needs)
    while stack:
        key = stack.pop()
        need = state.nodes[key]
        if need.kind == "stage" or key in out:
            continue
        if need.kind == "agency":
            out.add(key)
        stack.extend(need.needs)
    return out


def _own_clocks(node: NodeState):
    yield node.clock
    for item in node.items.values():
        yield item.clock
        for op in item.opinions.values():
            yield op.clock
            for earlier in op.history:
                yield earlier.clock


def _measure(ranges: list[tuple[int, int]], lo: int, hi: int) -> int:
    return sum(max(0, min(b, hi) - max(a, lo)) for a, b in ranges)


