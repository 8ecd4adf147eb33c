"""Cross-checks once every node is read: needs point at known keys, no cycles, codes are in the registers."""
from __future__ import annotations

import networkx as nx

from coordinator.domain.templates.checker import Checker, join
from coordinator.domain.templates.specs import NodeSpec


def check_references(check: Checker, nodes: list[NodeSpec], departments, services) -> None:
    """needs point at known nodes/items, the graphs are acyclic, codes are in the registers."""
    keys = {n.key for n in nodes}
    graph = nx.DiGraph()
    for n in nodes:
        _add_needs(check, graph, n, keys, f"nodes[{n.key}].needs", ("unknown node {!r}", "a node cannot need itself"))
        _check_items(check, n)
        _check_codes(check, n, departments, services)
    _report_cycle(check, graph, "nodes")
    sinks = [n for n in nodes if graph.has_node(n.key) and graph.out_degree(n.key) == 0]
    if nodes and sinks and all(n.kind == "agency" for n in sinks):
        check.add("nodes", "the graph must end in a milestone or a stage, not only in agency services")



def _add_needs(check: Checker, graph: nx.DiGraph, entry, keys: set[str], path: str,
               messages: tuple[str, str]) -> None:
    """One node's or item's `needs` as graph edges; unknown keys and self-needs reported at `path`."""
    unknown, itself = messages
    graph.add_node(entry.key)
    for need in entry.needs:
        if need not in keys:
            check.add(path, unknown.format(need))
        elif need == entry.key:
            check.add(path, itself)
        else:
            graph.add_edge(need, entry.key)


def _check_items(check: Checker, node: NodeSpec) -> None:
    own = {i.key for i in node.items}
    graph = nx.DiGraph()
    for item in node.items:
        _add_needs(check, graph, item, own, f"nodes[{node.key}].items[{item.key}].needs",
                   ("unknown item {!r} in this stage", "an item cannot need itself"))
    _report_cycle(check, graph, f"nodes[{node.key}].items")


def _report_cycle(check: Checker, graph: nx.DiGraph, path: str) -> None:
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    names = [u for u, _ in cycle] + [cycle[0][0]]
    check.add(path, "cycle: " + " -> ".join(names))


def _check_codes(check: Checker, node: NodeSpec, departments, services) -> None:
    label = f"nodes[{node.key}]"
    if departments is not None:
        if node.kind == "stage" and node.lead is not None and node.lead not in departments:
            check.add(join(label, "lead"), f"unknown department {node.lead!r}")
        for item in node.items:
            ilabel = f"{label}.items[{item.key}]"
            if item.dept and item.dept not in departments:
                check.add(join(ilabel, "dept"), f"unknown department {item.dept!r}")
            if item.supervisor is not None and item.supervisor not in departments:
                check.add(join(ilabel, "supervisor"), f"unknown department {item.supervisor!r}")
            for i, op in enumerate(item.opinions):
                if op.dept not in departments:
                    check.add(f"{ilabel}.opinions[{i}].dept", f"unknown department {op.dept!r}")
    if services is not None and node.kind == "agency" and node.service is not None \
            and node.service not in services:
        check.add(join(label, "service"), f"unknown service type {node.service!r}")
