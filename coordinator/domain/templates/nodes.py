"""Validating the nodes of a template: stages with their items and opinions, agency services, milestones."""
from __future__ import annotations

from coordinator.domain.templates.checker import Checker, entries, join, text_key
from coordinator.domain.templates.specs import DEFAULT_EXTENSION, ItemSpec, NodeSpec, OpinionSpec

KINDS = ("stage", "agency", "milestone")
POLICIES = ("escalate", "deemed_consent")
NODE_KEYS = {
    "stage": {"key", "kind", "name", "name_en", "description", "needs", "lead", "promised_days",
              "legal_days", "items"},
    "agency": {"key", "kind", "name", "name_en", "description", "needs", "service", "contracted_days"},
    "milestone": {"key", "kind", "name", "name_en", "description", "needs"},
}
NODE_REQUIRED = {
    "stage": ("key", "kind", "name", "name_en", "lead", "promised_days", "legal_days", "items"),
    "agency": ("key", "kind", "name", "name_en", "service", "contracted_days"),
    "milestone": ("key", "kind", "name", "name_en", "needs"),
}
ITEM_KEYS = {"key", "name", "name_en", "dept", "promised_days", "legal_days", "needs", "materials", "fields",
             "opinions", "overdue_policy", "extension_days", "legal_basis", "supervisor"}
ITEM_REQUIRED = ("key", "name", "dept", "promised_days", "legal_days")


def parse_nodes(check: Checker, raw, materials: dict, fields: dict) -> list[NodeSpec]:
    if raw is None:
        return []
    if not raw:
        check.add("nodes", "must list at least one node")
    nodes = []
    item_keys: set[str] = set()
    for label, data in entries(check, raw, "nodes"):
        kind = data.get("kind")
        if kind not in KINDS:
            check.add(join(label, "kind"), f"must be one of {', '.join(KINDS)}, got {kind!r}")
            continue
        check.keys(data, NODE_KEYS[kind], NODE_REQUIRED[kind], label)
        promised, legal = check.days(data, "promised_days", label), check.days(data, "legal_days", label)
        _limits(check, label, promised, legal)
        items = _items(check, data.get("items"), label, materials, fields, item_keys) if kind == "stage" else ()
        if kind == "stage" and "items" in data and not items and isinstance(data.get("items"), list):
            check.add(join(label, "items"), "a stage needs at least one item")
        needs = check.key_list(data, "needs", label)
        if kind == "milestone" and "needs" in data and not needs:
            check.add(join(label, "needs"), "a milestone needs at least one node")
        nodes.append(NodeSpec(
            key=text_key(data), kind=kind, name=check.string(data, "name", label),
            name_en=check.string(data, "name_en", label), needs=needs,
            description=check.string(data, "description", label), lead=check.code(data, "lead", label),
            promised_days=promised, legal_days=legal, items=items, service=check.code(data, "service", label),
            contracted_days=check.days(data, "contracted_days", label),
        ))
    return nodes


def _limits(check: Checker, label: str, promised: int | None, legal: int | None) -> None:
    if promised is not None and legal is not None and promised > legal:
        check.add(join(label, "promised_days"), f"promised {promised} exceeds the legal limit {legal} (R6)")


def _items(check, raw, node_label, materials, fields, item_keys) -> tuple[ItemSpec, ...]:
    items = []
    for label, data in entries(check, raw, join(node_label, "items")):
        check.keys(data, ITEM_KEYS, ITEM_REQUIRED, label)
        k = text_key(data)
        if k in item_keys:
            check.add(label, f"item key {k!r} is used by another stage")
        item_keys.add(k)
        promised, legal = check.days(data, "promised_days", label), check.days(data, "legal_days", label)
        _limits(check, label, promised, legal)
        mats = check.key_list(data, "materials", label)
        for m in mats:
            if m not in materials:
                check.add(join(label, "materials"), f"unknown material {m!r}")
        flds = check.key_list(data, "fields", label)
        for f in flds:
            if f not in fields:
                check.add(join(label, "fields"), f"unknown field {f!r}")
        policy = data.get("overdue_policy", "escalate")
        if policy not in POLICIES:
            check.add(join(label, "overdue_policy"), f"must be one of {', '.join(POLICIES)}, got {policy!r}")
        ext = check.days(data, "extension_days", label)
        items.append(ItemSpec(
            key=k, name=check.string(data, "name", label), name_en=check.string(data, "name_en", label),
            dept=check.code(data, "dept", label) or "", promised_days=promised or 0, legal_days=legal or 0,
            needs=check.key_list(data, "needs", label), materials=mats, fields=flds,
            opinions=_opinions(check, data.get("opinions"), label), overdue_policy=policy,
            extension_days=DEFAULT_EXTENSION if ext is None else ext,
            legal_basis=check.string(data, "legal_basis", label), supervisor=check.code(data, "supervisor", label),
        ))
    return tuple(items)


def _opinions(check: Checker, raw, item_label: str) -> tuple[OpinionSpec, ...]:
    if raw is None:
        return ()
    path = join(item_label, "opinions")
    if not isinstance(raw, list):
        check.add(path, "must be a list of {dept, days}")
        return ()
    out, seen = [], set()
    for i, entry in enumerate(raw):
        label = f"{path}[{i}]"
        data = check.mapping(entry, label)
        if data is None:
            continue
        check.keys(data, {"dept", "days"}, ("dept", "days"), label)
        dept = check.code(data, "dept", label)
        if dept is not None and dept in seen:
            check.add(label, f"department {dept!r} is asked twice")
        seen.add(dept)
        days = check.days(data, "days", label)
        if isinstance(dept, str) and days is not None:
            out.append(OpinionSpec(dept, days))
    return tuple(out)
