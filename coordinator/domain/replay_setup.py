"""A replay's starting state: every node, item and opinion with its clock, the project's fast paths applied.

The rules (waived nodes and items, changed limits, commitment mode, dropped prerequisites) are worked out once
per template and set of fast paths and kept as a blueprint; each replay then only creates fresh objects.
"""
from __future__ import annotations

from collections.abc import Mapping

from coordinator.domain.clocks import Clock
from coordinator.domain.errors import RuleBroken
from coordinator.domain.replay_state import ItemState, NodeState, OpinionState, Project
from coordinator.domain.templates import Change, StageTemplate

_BLUEPRINTS: dict[tuple, tuple] = {}  # (id(template), fast paths) -> (template, blueprint)
_MOST_BLUEPRINTS = 64


def starting_nodes(template: StageTemplate, project: Project) -> dict[str, NodeState]:
    """Fresh node states for a replay (the project's qualification for its fast paths checked every time)."""
    node_changes, item_changes = fast_path_changes(template, project)
    key = (id(template), tuple(project.fast_paths))
    entry = _BLUEPRINTS.get(key)
    if entry is None or entry[0] is not template:
        if len(_BLUEPRINTS) >= _MOST_BLUEPRINTS:
            _BLUEPRINTS.clear()
        entry = _BLUEPRINTS[key] = (template, _blueprint(_worked_out(template, node_changes, item_changes)))
    return _fresh(entry[1])


def fast_path_changes(template: StageTemplate, project: Project) -> tuple[dict[str, Change], dict[str, Change]]:
    """The node and item changes of the project's fast paths, each path checked against its conditions."""
    nodes: dict[str, Change] = {}
    items: dict[str, Change] = {}
    for key in project.fast_paths:
        path = template.fast_paths.get(key)
        if path is None:
            raise RuleBroken(f"unknown fast path {key!r}", "fast paths")
        if not path.applies_to(project.attributes):
            cond = ", ".join(f"{k}={v!r}" for k, v in path.when.items())
            raise RuleBroken(f"the project does not qualify for fast path {key!r} (needs {cond})", "fast paths")
        nodes.update(path.nodes)
        items.update(path.items)
    return nodes, items


def _worked_out(template: StageTemplate, node_changes: Mapping[str, Change],
                item_changes: Mapping[str, Change]) -> dict[str, NodeState]:
    nodes: dict[str, NodeState] = {}
    for spec in template.nodes:
        state = NodeState(spec)
        change = node_changes.get(spec.key)
        if change and change.mode == "waived":
            state.mode, state.reason = "waived", change.reason
        if spec.kind == "stage":
            _stage(state, change, item_changes)
        elif spec.kind == "agency":
            state.clock = Clock(spec.contracted_days or 0)
        nodes[spec.key] = state
    _resolve_needs(nodes)
    return nodes


def _stage(state: NodeState, change: Change | None, item_changes: Mapping[str, Change]) -> None:
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


def _resolve_needs(nodes: dict[str, NodeState]) -> None:
    """Waived prerequisites are dropped; a milestone whose needs are all waived is itself waived."""
    changed = True  # template order need not be topological: iterate to a fixed point
    while changed:
        changed = False
        for state in nodes.values():
            live = tuple(n for n in state.spec.needs if nodes[n].mode != "waived")
            if state.kind == "milestone" and state.spec.needs and not live and state.mode != "waived":
                state.mode, state.reason, changed = "waived", "all prerequisites waived", True
            state.needs = live


def _blueprint(nodes: dict[str, NodeState]) -> tuple:
    """What a fresh replay copies: per node its spec, mode, reason, live needs, clock limits and items."""
    out = []
    for state in nodes.values():
        clock = state.clock
        limits = None if clock is None else (clock.limit, clock.legal)
        items = tuple((i.spec, i.clock.limit, i.clock.legal, i.mode, i.status, i.reason, i.commitment_change,
                       tuple((d, op.clock.limit) for d, op in i.opinions.items()))
                      for i in state.items.values())
        out.append((state.spec, state.mode, state.reason, state.needs, limits, items))
    return tuple(out)


def _fresh(blueprint: tuple) -> dict[str, NodeState]:
    nodes = {}
    for spec, mode, reason, needs, limits, items in blueprint:
        clock = None if limits is None else Clock(limits[0], limits[1])
        state = nodes[spec.key] = NodeState(spec, mode, reason, clock, {}, needs)
        for ispec, limit, legal, imode, status, ireason, change, opinions in items:
            iclock, ops = Clock(limit, legal, clock), {}
            for dept, days in opinions:  # a loop, not a comprehension: cheaper for small maps on CPython 3.11
                ops[dept] = OpinionState(dept, Clock(days, None, iclock))
            state.items[ispec.key] = ItemState(ispec, iclock, imode, status, ireason, "", ops, change)
    return nodes
