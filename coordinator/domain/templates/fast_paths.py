"""Validating the fast paths of a template: when they apply and what they change on nodes and items."""
from __future__ import annotations

from collections.abc import Mapping

from coordinator.domain.templates.checker import Checker, entries, join
from coordinator.domain.templates.specs import Change, FastPathSpec, NodeSpec

FAST_PATH_KEYS = {"key", "name", "name_en", "description", "when", "items", "nodes"}
CHANGE_KEYS = {"mode", "reason", "verify_by", "verify_within_days", "promised_days"}


def parse_fast_paths(check: Checker, raw, nodes: list[NodeSpec], departments) -> dict[str, FastPathSpec]:
    node_keys = {n.key for n in nodes}
    item_keys = {i.key for n in nodes for i in n.items}
    out = {}
    for label, data in entries(check, raw, "fast_paths"):
        check.keys(data, FAST_PATH_KEYS, ("key", "name"), label)
        when = data.get("when", {}) or {}
        if not isinstance(when, Mapping):
            check.add(join(label, "when"), "must be a mapping of project attributes")
            when = {}
        items = _changes(check, data.get("items"), join(label, "items"), item_keys, "item", departments)
        changed_nodes = _changes(check, data.get("nodes"), join(label, "nodes"), node_keys, "node", departments)
        if isinstance(data.get("key"), str):
            out[data["key"]] = FastPathSpec(data["key"], check.string(data, "name", label),
                                            check.string(data, "name_en", label),
                                            check.string(data, "description", label), dict(when), items,
                                            changed_nodes)
    return out


def _changes(check, raw, path, known, what, departments) -> dict[str, Change]:
    if raw is None:
        return {}
    data = check.mapping(raw, path)
    if data is None:
        return {}
    out = {}
    for key, change in data.items():
        label = f"{path}[{key}]"
        if key not in known:
            check.add(label, f"unknown {what} {key!r}")
            continue
        change = check.mapping(change, label)
        if change is None:
            continue
        check.keys(change, CHANGE_KEYS, (), label)
        out[key] = _change(check, change, label, what, departments)
    return out


def _change(check: Checker, data: dict, label: str, what: str, departments) -> Change:
    mode = data.get("mode")
    allowed = ("commitment", "waived") if what == "item" else ("waived",)
    if mode is not None and mode not in allowed:
        check.add(join(label, "mode"), f"must be one of {', '.join(allowed)} for a {what}, got {mode!r}")
    if mode == "waived" and not data.get("reason"):
        check.add(join(label, "reason"), "a waiver needs its reason")
    if mode == "commitment":
        for key in ("verify_by", "verify_within_days"):
            if key not in data:
                check.add(join(label, key), "missing required key for a commitment")
    verify_by = check.code(data, "verify_by", label)
    if departments is not None and verify_by is not None and verify_by not in departments:
        check.add(join(label, "verify_by"), f"unknown department {verify_by!r}")
    return Change(mode=mode, reason=str(data.get("reason", "") or ""), verify_by=verify_by,
                  verify_within_days=check.days(data, "verify_within_days", label),
                  promised_days=check.days(data, "promised_days", label))
