"""Forecast, critical path and backward plan (R10), and who used the days (R9), from a replayed state."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx

from coordinator.domain.clocks import Clock, deadline, merge, union_of_running
from coordinator.domain.replay_state import NodeState
from coordinator.domain.timeline import Replay


@dataclass
class Forecast:
    finish: dt.date | None = None
    critical_path: list[str] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)
    earliest_start: dict[str, dt.date] = field(default_factory=dict)
    earliest_finish: dict[str, dt.date] = field(default_factory=dict)


@dataclass
class Plan:
    target: dt.date
    feasible: bool
    short_by: int | None
    latest_start: dict[str, dt.date] = field(default_factory=dict)
    slack: dict[str, int] = field(default_factory=dict)


def topological_order(state: Replay) -> list[str]:
    """Live (not waived) nodes in dependency order, template order breaking ties."""
    return _layout(state)[0]


def successors(state: Replay, order: list[str]) -> dict[str, list[str]]:
    """node -> live nodes that need it."""
    out: dict[str, list[str]] = {k: [] for k in order}
    for k in order:
        for need in state.nodes[k].needs:
            out[need].append(k)
    return out


def _layout(state: Replay) -> tuple[list[str], dict[str, list[str]], dict[str, int]]:
    """(topological order, successors, template index) of the live nodes, kept on the template per set of
    live nodes: the live nodes and their needs follow from the template and the fast paths alone."""
    cached = getattr(state.template, "_live_order", None)
    live = tuple(k for k, n in state.nodes.items() if n.mode != "waived")
    if cached is not None and cached[0] == live:
        return cached[1]
    index = {k: i for i, k in enumerate(state.nodes)}
    graph = nx.DiGraph()
    graph.add_nodes_from(live)
    graph.add_edges_from((need, k) for k in live for need in state.nodes[k].needs)
    order = list(nx.lexicographical_topological_sort(graph, key=index.__getitem__))
    layout = (order, successors(state, order), index)
    object.__setattr__(state.template, "_live_order", (live, layout))
    return layout


def forecast(state: Replay, today: dt.date) -> Forecast:
    """R10 forward schedule: every live node's earliest start and finish, the final node, the critical path."""
    order, succ, template_index = _layout(state)
    nodes = state.nodes
    rejected = [k for k in order if nodes[k].outcome == "rejected"]
    if rejected:
        return Forecast(blocked_by=rejected)
    result = Forecast()
    starts, finishes = result.earliest_start, result.earliest_finish
    for key in order:
        starts[key], finishes[key] = _node_schedule(state, nodes[key], finishes, today)
    sinks = [k for k in order if not succ[k]]
    final = max(sinks, key=lambda k: (result.earliest_finish[k], -template_index[k]), default=None)
    if final is None:
        return result
    result.finish = result.earliest_finish[final]
    result.critical_path = _critical_path(state, final, result.earliest_finish)
    return result


def _node_schedule(state: Replay, node: NodeState, finishes: dict, today: dt.date) -> tuple[dt.date, dt.date]:
    """(earliest start, earliest finish) of one node, its prerequisites already scheduled."""
    cal = state.cal
    done = state.finish_date(node.key)
    if node.kind == "milestone":
        day = max((finishes[n] for n in node.needs), default=today)
        return (day, day) if done else (max(day, today), max(day, today))
    if done is not None:
        return node.clock.start, done
    if node.clock.start is not None:
        due = deadline(node.clock, cal, today)
        return node.clock.start, due if due >= today else cal.next_workday(today)
    start = max([finishes[n] for n in node.needs] + [today])
    return start, cal.deadline(start, node.clock.limit)


def _critical_path(state: Replay, final: str, finishes: dict) -> list[str]:
    path = [final]
    node = state.nodes[final]
    while node.needs:
        best = node.needs[0]
        for need in node.needs[1:]:
            if finishes[need] > finishes[best]:
                best = need
        path.append(best)
        node = state.nodes[best]
    path.reverse()
    return path


def plan(state: Replay, fc: Forecast, target: dt.date) -> Plan:
    """R10 backward schedule from `target`: latest starts and slack of the nodes not yet started."""
    cal = state.cal
    if fc.blocked_by:
        return Plan(target, False, None)
    feasible = fc.finish is None or fc.finish <= target
    short_by = 0 if feasible else cal.count(target, fc.finish)
    result = Plan(target, feasible, short_by)
    order, succ, _ = _layout(state)
    latest: dict[str, dt.date] = {}
    for key in reversed(order):
        node = state.nodes[key]
        after = succ[key]
        finish_by = target if not after else latest[after[0]] if len(after) == 1 else min(latest[s] for s in after)
        latest[key] = cal.latest_start(finish_by, _duration(node))
        if node.kind != "milestone" and node.clock.start is None and not state.finish_date(key):
            result.latest_start[key] = latest[key]
            result.slack[key] = cal.count(fc.earliest_start[key], latest[key])
    result.latest_start = {k: result.latest_start[k] for k in order if k in result.latest_start}
    result.slack = {k: result.slack[k] for k in order if k in result.slack}
    return result


def _duration(node: NodeState) -> int:
    return node.clock.limit if node.clock is not None else 0


# ---------------------------------------------------------------------- R9 totals


@dataclass
class Totals:
    elapsed: int = 0
    government: int = 0
    agency: int = 0
    owner: int = 0


def totals(state: Replay, today: dt.date) -> Totals:
    """R9: each working day from the first acceptance to the last result (or today) goes to one party."""
    cal = state.cal
    starts = [n.clock.start for n in state.nodes.values() if n.kind == "stage" and n.clock and n.clock.started]
    if not starts:
        return Totals()
    first = min(starts)
    last = _last_result(state) or today
    lo, hi = cal.rank(first), cal.rank(last)
    if hi <= lo:
        return Totals()
    government = union_of_running(_government_clocks(state), cal, today)
    agency = union_of_running([n.clock for n in state.nodes.values() if n.kind == "agency" and n.mode != "waived"],
                              cal, today)
    gov_days = _measure(government, lo, hi)
    either = _measure(merge(government + agency), lo, hi)
    elapsed = hi - lo
    return Totals(elapsed, gov_days, either - gov_days, elapsed - either)


def _government_clocks(state: Replay) -> list[Clock]:
    """The started clocks of live stages, their items and opinions (earlier rounds too)."""
    out = []
    for node in state.nodes.values():
        if node.kind != "stage" or node.mode == "waived" or node.clock.start is None:
            continue  # items and opinions start after their stage
        out.append(node.clock)
        for item in node.items.values():
            if item.clock.start is None:
                continue
            out.append(item.clock)
            for op in item.opinions.values():
                if op.clock.start is not None:
                    out.append(op.clock)
                out.extend(earlier.clock for earlier in op.history)
    return out


def _measure(ranges: list[tuple[int, int]], lo: int, hi: int) -> int:
    return sum(max(0, min(b, hi) - max(a, lo)) for a, b in ranges)


def _last_result(state: Replay) -> dt.date | None:
    """The last result of a closed project (R9), or None while it is open."""
    finished = []
    for key, node in state.nodes.items():
        if node.mode == "waived":
            continue
        status = state.status(key)
        if status in ("done", "rejected", "delivered"):
            finished.append(node.clock.finished)
        elif status != "reached" and not _blocked(state, key):
            return None
    return max(finished) if finished else None


def _blocked(state: Replay, key: str, seen: set | None = None) -> bool:
    """True when the node needs a rejected stage, directly or not."""
    seen = seen if seen is not None else set()
    for need in state.nodes[key].needs:
        if need in seen:
            continue
        seen.add(need)
        if state.nodes[need].outcome == "rejected" or _blocked(state, need, seen):
            return True
    return False
