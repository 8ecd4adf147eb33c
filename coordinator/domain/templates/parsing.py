"""Validating a whole template: the top-level keys, materials, fields and the reform target; raises once."""
from __future__ import annotations

from decimal import Decimal

from coordinator.domain.templates.checker import KEY_RE, Checker, TemplateInvalid, entries, join
from coordinator.domain.templates.fast_paths import parse_fast_paths
from coordinator.domain.templates.nodes import parse_nodes
from coordinator.domain.templates.references import check_references
from coordinator.domain.templates.specs import (
    DEFAULT_WARNING_RATIO,
    FieldSpec,
    MaterialSpec,
    NodeSpec,
    ReformTarget,
    StageTemplate,
)

FIELD_TYPES = ("text", "number", "date", "bool", "choice")
TOP_KEYS = {"key", "version", "name", "name_en", "description", "warning_ratio", "nodes", "materials",
            "fields", "fast_paths", "reform_target"}
TOP_REQUIRED = ("key", "version", "name", "name_en", "nodes")
MATERIAL_KEYS = {"key", "name", "name_en", "deferrable"}
FIELD_KEYS = {"key", "name", "name_en", "type", "choices", "unit", "required"}
TARGET_KEYS = {"node", "working_days", "name"}


def parse_template(data, departments=None, services=None, source: str = "") -> StageTemplate:
    """Validate raw template data and build the StageTemplate; raise TemplateInvalid listing every problem.

    `departments` and `services` are the registers' codes; None skips those checks (scenario templates).
    """
    check = Checker()
    top = check.mapping(data, "")
    if top is None:
        raise TemplateInvalid(check.problems, source)
    check.keys(top, TOP_KEYS, TOP_REQUIRED, "")
    key = check.string(top, "key", "")
    if "key" in top and isinstance(top["key"], str) and not KEY_RE.match(key):
        check.add("key", f"must match [a-z0-9-]+, got {key!r}")
    version = top.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        check.add("version", f"must be a whole number ≥ 1, got {version!r}")
        version = 1
    ratio = _warning_ratio(check, top)
    materials = _materials(check, top.get("materials", []))
    fields = _fields(check, top.get("fields", []))
    nodes = parse_nodes(check, top.get("nodes"), materials, fields)
    check_references(check, nodes, departments, services)
    fast_paths = parse_fast_paths(check, top.get("fast_paths", []), nodes, departments)
    target = _reform_target(check, top.get("reform_target"), nodes)
    if check.problems:
        raise TemplateInvalid(check.problems, source)
    return StageTemplate(
        key=key, version=version, name=top["name"], name_en=top["name_en"], nodes=tuple(nodes),
        warning_ratio=ratio, description=top.get("description", "") or "", materials=materials,
        fields=fields, fast_paths=fast_paths, reform_target=target,
    )


def _warning_ratio(check: Checker, top: dict) -> Decimal:
    if "warning_ratio" not in top:
        return DEFAULT_WARNING_RATIO
    value = top["warning_ratio"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        check.add("warning_ratio", f"must be a number between 0 and 1 (exclusive), got {value!r}")
        return DEFAULT_WARNING_RATIO
    return Decimal(str(value))


def _materials(check: Checker, raw) -> dict[str, MaterialSpec]:
    out = {}
    for label, data in entries(check, raw, "materials"):
        check.keys(data, MATERIAL_KEYS, ("key", "name"), label)
        deferrable = data.get("deferrable", False)
        if not isinstance(deferrable, bool):
            check.add(join(label, "deferrable"), "must be true or false")
        if isinstance(data.get("key"), str):
            out[data["key"]] = MaterialSpec(data["key"], check.string(data, "name", label),
                                            check.string(data, "name_en", label), deferrable is True)
    return out


def _fields(check: Checker, raw) -> dict[str, FieldSpec]:
    out = {}
    for label, data in entries(check, raw, "fields"):
        check.keys(data, FIELD_KEYS, ("key", "name", "type"), label)
        kind = data.get("type", "text")
        if kind not in FIELD_TYPES:
            check.add(join(label, "type"), f"must be one of {', '.join(FIELD_TYPES)}, got {kind!r}")
        choices = check.key_list(data, "choices", label) if "choices" in data else ()
        if kind == "choice" and not choices:
            check.add(join(label, "choices"), "a choice field needs its choices")
        if isinstance(data.get("key"), str):
            out[data["key"]] = FieldSpec(data["key"], check.string(data, "name", label),
                                         check.string(data, "name_en", label), kind, choices,
                                         check.string(data, "unit", label), data.get("required") is True)
    return out


def _reform_target(check: Checker, raw, nodes: list[NodeSpec]) -> ReformTarget | None:
    if raw is None:
        return None
    data = check.mapping(raw, "reform_target")
    if data is None:
        return None
    check.keys(data, TARGET_KEYS, ("node", "working_days"), "reform_target")
    node = check.code(data, "node", "reform_target")
    if node is not None and node not in {n.key for n in nodes}:
        check.add("reform_target.node", f"unknown node {node!r}")
    days = check.days(data, "working_days", "reform_target")
    return ReformTarget(str(data.get("node")), days or 0, str(data.get("name", "") or ""))
