"""Stage templates (formats/stage-template.md): parse YAML data into frozen specs, reporting every problem.

Validation never stops at the first problem: it collects them all, each with its path
(`nodes[land-planning].items[permit].legal_days: ...`), and raises TemplateInvalid once.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import networkx as nx
import yaml

KEY_RE = re.compile(r"^[a-z0-9-]+$")
KINDS = ("stage", "agency", "milestone")
POLICIES = ("escalate", "deemed_consent")
FIELD_TYPES = ("text", "number", "date", "bool", "choice")
DEFAULT_EXTENSION = 10
DEFAULT_WARNING_RATIO = Decimal("0.2")

TOP_KEYS = {"key", "version", "name", "name_en", "description", "warning_ratio", "nodes", "materials",
            "fields", "fast_paths", "reform_target"}
TOP_REQUIRED = ("key", "version", "name", "name_en", "nodes")
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
MATERIAL_KEYS = {"key", "name", "name_en", "deferrable"}
FIELD_KEYS = {"key", "name", "name_en", "type", "choices", "unit", "required"}
FAST_PATH_KEYS = {"key", "name", "name_en", "description", "when", "items", "nodes"}
CHANGE_KEYS = {"mode", "reason", "verify_by", "verify_within_days", "promised_days"}
TARGET_KEYS = {"node", "working_days", "name"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a template, at a path."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class TemplateInvalid(ValueError):
    """A template with one or more problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class OpinionSpec:
    dept: str
    days: int


@dataclass(frozen=True)
class ItemSpec:
    key: str
    name: str
    name_en: str
    dept: str
    promised_days: int
    legal_days: int
    needs: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    opinions: tuple[OpinionSpec, ...] = ()
    overdue_policy: str = "escalate"
    extension_days: int = DEFAULT_EXTENSION
    legal_basis: str = ""
    supervisor: str | None = None


@dataclass(frozen=True)
class NodeSpec:
    key: str
    kind: str
    name: str
    name_en: str
    needs: tuple[str, ...] = ()
    description: str = ""
    lead: str | None = None
    promised_days: int | None = None
    legal_days: int | None = None
    items: tuple[ItemSpec, ...] = ()
    service: str | None = None
    contracted_days: int | None = None

    @property
    def duration(self) -> int:
        """Planning duration (R10): the promised limit, or the contracted days; 0 for a milestone."""
        if self.kind == "stage":
            return self.promised_days or 0
        if self.kind == "agency":
            return self.contracted_days or 0
        return 0


@dataclass(frozen=True)
class MaterialSpec:
    key: str
    name: str
    name_en: str = ""
    deferrable: bool = False


@dataclass(frozen=True)
class FieldSpec:
    key: str
    name: str
    name_en: str = ""
    type: str = "text"
    choices: tuple[str, ...] = ()
    unit: str = ""
    required: bool = False


@dataclass(frozen=True)
class Change:
    """What a fast path changes on one node or item."""

    mode: str | None = None
    reason: str = ""
    verify_by: str | None = None
    verify_within_days: int | None = None
    promised_days: int | None = None


@dataclass(frozen=True)
class FastPathSpec:
    key: str
    name: str
    name_en: str = ""
    description: str = ""
    when: Mapping = field(default_factory=dict)
    items: Mapping[str, Change] = field(default_factory=dict)
    nodes: Mapping[str, Change] = field(default_factory=dict)

    def applies_to(self, attributes: Mapping) -> bool:
        """True when every `when` attribute of the project has the required value."""
        return all(attributes.get(k) == v for k, v in self.when.items())


@dataclass(frozen=True)
class ReformTarget:
    node: str
    working_days: int
    name: str = ""


@dataclass(frozen=True, eq=False)
class StageTemplate:
    key: str
    version: int
    name: str
    name_en: str
    nodes: tuple[NodeSpec, ...]
    warning_ratio: Decimal = DEFAULT_WARNING_RATIO
    description: str = ""
    materials: Mapping[str, MaterialSpec] = field(default_factory=dict)
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    fast_paths: Mapping[str, FastPathSpec] = field(default_factory=dict)
    reform_target: ReformTarget | None = None

    def __post_init__(self) -> None:
        nodes = {n.key: n for n in self.nodes}
        items = {i.key: (n, i) for n in self.nodes for i in n.items}
        graph = nx.DiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from((need, n.key) for n in self.nodes for need in n.needs)
        object.__setattr__(self, "_nodes", nodes)
        object.__setattr__(self, "_items", items)
        object.__setattr__(self, "graph", graph)

    def node(self, key: str) -> NodeSpec:
        return self._nodes[key]

    def has_node(self, key: str) -> bool:
        return key in self._nodes

    def item(self, key: str) -> tuple[NodeSpec, ItemSpec]:
        """The stage holding item `key`, and the item."""
        return self._items[key]

    def successors(self, key: str) -> list[str]:
        return list(self.graph.successors(key))


# ---------------------------------------------------------------- parsing with validation


class _Checker:
    """Collects problems while reading raw data."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value, path: str) -> dict | None:
        if not isinstance(value, Mapping):
            self.add(path, f"must be a mapping, got {type(value).__name__}")
            return None
        return dict(value)

    def keys(self, data: Mapping, allowed: set, required: tuple, path: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(_join(path, str(key)), "unknown key")
        for key in required:
            if key not in data:
                self.add(_join(path, key), "missing required key")

    def string(self, data: Mapping, key: str, path: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None or not isinstance(value, str):
            self.add(_join(path, key), f"must be a string, got {type(value).__name__}")
            return default
        return value

    def code(self, data: Mapping, key: str, path: str) -> str | None:
        """A register code (department, service) when given: it must be text (a list would crash lookups)."""
        value = data.get(key)
        if key in data and not isinstance(value, str):
            self.add(_join(path, key), f"must be a code (text), got {value!r}")
            return None
        return value

    def days(self, data: Mapping, key: str, path: str) -> int | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(_join(path, key), f"must be a whole number of working days, got {value!r}")
            return None
        if value < 0:
            self.add(_join(path, key), f"must not be negative, got {value}")
            return None
        return value

    def key_list(self, data: Mapping, key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(_join(path, key), "must be a list of keys")
            return ()
        return tuple(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _label(prefix: str, index: int, raw) -> str:
    key = raw.get("key") if isinstance(raw, Mapping) else None
    return f"{prefix}[{key}]" if isinstance(key, str) and key else f"{prefix}[{index}]"


def parse_template(data, departments=None, services=None, source: str = "") -> StageTemplate:
    """Validate raw template data and build the StageTemplate; raise TemplateInvalid listing every problem.

    `departments` and `services` are the registers' codes; None skips those checks (scenario templates).
    """
    check = _Checker()
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
    nodes = _nodes(check, top.get("nodes"), materials, fields)
    _check_references(check, nodes, departments, services)
    fast_paths = _fast_paths(check, top.get("fast_paths", []), nodes, departments)
    target = _reform_target(check, top.get("reform_target"), nodes)
    if check.problems:
        raise TemplateInvalid(check.problems, source)
    return StageTemplate(
        key=key, version=version, name=top["name"], name_en=top["name_en"], nodes=tuple(nodes),
        warning_ratio=ratio, description=top.get("description", "") or "", materials=materials,
        fields=fields, fast_paths=fast_paths, reform_target=target,
    )


def _warning_ratio(check: _Checker, top: dict) -> Decimal:
    if "warning_ratio" not in top:
        return DEFAULT_WARNING_RATIO
    value = top["warning_ratio"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        check.add("warning_ratio", f"must be a number between 0 and 1 (exclusive), got {value!r}")
        return DEFAULT_WARNING_RATIO
    return Decimal(str(value))


def _entries(check: _Checker, raw, path: str):
    """Yield (label, mapping) for each entry of a list of mappings, reporting duplicates of `key`."""
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        check.add(path, "must be a list")
        return
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        label = _label(path, i, entry)
        data = check.mapping(entry, label)
        if data is None:
            continue
        k = data.get("key")
        if "key" in data and not isinstance(k, str):
            check.add(_join(label, "key"), f"must be a string, got {k!r}")
        if isinstance(k, str):
            if k in seen:
                check.add(label, f"duplicate key {k!r}")
            seen.add(k)
            if not KEY_RE.match(k):
                check.add(_join(label, "key"), f"must match [a-z0-9-]+, got {k!r}")
        yield label, data


def _materials(check: _Checker, raw) -> dict[str, MaterialSpec]:
    out = {}
    for label, data in _entries(check, raw, "materials"):
        check.keys(data, MATERIAL_KEYS, ("key", "name"), label)
        deferrable = data.get("deferrable", False)
        if not isinstance(deferrable, bool):
            check.add(_join(label, "deferrable"), "must be true or false")
        if isinstance(data.get("key"), str):
            out[data["key"]] = MaterialSpec(data["key"], check.string(data, "name", label),
                                            check.string(data, "name_en", label), deferrable is True)
    return out


def _fields(check: _Checker, raw) -> dict[str, FieldSpec]:
    out = {}
    for label, data in _entries(check, raw, "fields"):
        check.keys(data, FIELD_KEYS, ("key", "name", "type"), label)
        kind = data.get("type", "text")
        if kind not in FIELD_TYPES:
            check.add(_join(label, "type"), f"must be one of {', '.join(FIELD_TYPES)}, got {kind!r}")
        choices = check.key_list(data, "choices", label) if "choices" in data else ()
        if kind == "choice" and not choices:
            check.add(_join(label, "choices"), "a choice field needs its choices")
        if isinstance(data.get("key"), str):
            out[data["key"]] = FieldSpec(data["key"], check.string(data, "name", label),
                                         check.string(data, "name_en", label), kind, choices,
                                         check.string(data, "unit", label), data.get("required") is True)
    return out


def _nodes(check: _Checker, raw, materials: dict, fields: dict) -> list[NodeSpec]:
    if raw is None:
        return []
    if not raw:
        check.add("nodes", "must list at least one node")
    nodes = []
    item_keys: set[str] = set()
    for label, data in _entries(check, raw, "nodes"):
        kind = data.get("kind")
        if kind not in KINDS:
            check.add(_join(label, "kind"), f"must be one of {', '.join(KINDS)}, got {kind!r}")
            continue
        check.keys(data, NODE_KEYS[kind], NODE_REQUIRED[kind], label)
        promised, legal = check.days(data, "promised_days", label), check.days(data, "legal_days", label)
        _limits(check, label, promised, legal)
        items = _items(check, data.get("items"), label, materials, fields, item_keys) if kind == "stage" else ()
        if kind == "stage" and "items" in data and not items and isinstance(data.get("items"), list):
            check.add(_join(label, "items"), "a stage needs at least one item")
        needs = check.key_list(data, "needs", label)
        if kind == "milestone" and "needs" in data and not needs:
            check.add(_join(label, "needs"), "a milestone needs at least one node")
        nodes.append(NodeSpec(
            key=_text_key(data), kind=kind, name=check.string(data, "name", label),
            name_en=check.string(data, "name_en", label), needs=needs,
            description=check.string(data, "description", label), lead=check.code(data, "lead", label),
            promised_days=promised, legal_days=legal, items=items, service=check.code(data, "service", label),
            contracted_days=check.days(data, "contracted_days", label),
        ))
    return nodes


def _text_key(data: Mapping) -> str:
    """The entry's key when it is text ('' otherwise: the bad type is reported by _entries)."""
    key = data.get("key")
    return key if isinstance(key, str) else ""


def _limits(check: _Checker, label: str, promised: int | None, legal: int | None) -> None:
    if promised is not None and legal is not None and promised > legal:
        check.add(_join(label, "promised_days"), f"promised {promised} exceeds the legal limit {legal} (R6)")


def _items(check, raw, node_label, materials, fields, item_keys) -> tuple[ItemSpec, ...]:
    items = []
    for label, data in _entries(check, raw, _join(node_label, "items")):
        check.keys(data, ITEM_KEYS, ITEM_REQUIRED, label)
        k = _text_key(data)
        if k in item_keys:
            check.add(label, f"item key {k!r} is used by another stage")
        item_keys.add(k)
        promised, legal = check.days(data, "promised_days", label), check.days(data, "legal_days", label)
        _limits(check, label, promised, legal)
        mats = check.key_list(data, "materials", label)
        for m in mats:
            if m not in materials:
                check.add(_join(label, "materials"), f"unknown material {m!r}")
        flds = check.key_list(data, "fields", label)
        for f in flds:
            if f not in fields:
                check.add(_join(label, "fields"), f"unknown field {f!r}")
        policy = data.get("overdue_policy", "escalate")
        if policy not in POLICIES:
            check.add(_join(label, "overdue_policy"), f"must be one of {', '.join(POLICIES)}, got {policy!r}")
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


def _opinions(check: _Checker, raw, item_label: str) -> tuple[OpinionSpec, ...]:
    if raw is None:
        return ()
    path = _join(item_label, "opinions")
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


def _check_references(check: _Checker, nodes: list[NodeSpec], departments, services) -> None:
    """needs point at known nodes/items, the graphs are acyclic, codes are in the registers."""
    keys = {n.key for n in nodes}
    graph = nx.DiGraph()
    for n in nodes:
        graph.add_node(n.key)
        for need in n.needs:
            if need not in keys:
                check.add(f"nodes[{n.key}].needs", f"unknown node {need!r}")
            elif need == n.key:
                check.add(f"nodes[{n.key}].needs", "a node cannot need itself")
            else:
                graph.add_edge(need, n.key)
        _check_items(check, n)
        _check_codes(check, n, departments, services)
    _report_cycle(check, graph, "nodes")
    sinks = [n for n in nodes if graph.has_node(n.key) and graph.out_degree(n.key) == 0]
    if nodes and sinks and all(n.kind == "agency" for n in sinks):
        check.add("nodes", "the graph must end in a milestone or a stage, not only in agency services")


def _check_items(check: _Checker, node: NodeSpec) -> None:
    own = {i.key for i in node.items}
    graph = nx.DiGraph()
    for item in node.items:
        graph.add_node(item.key)
        for need in item.needs:
            if need not in own:
                check.add(f"nodes[{node.key}].items[{item.key}].needs", f"unknown item {need!r} in this stage")
            elif need == item.key:
                check.add(f"nodes[{node.key}].items[{item.key}].needs", "an item cannot need itself")
            else:
                graph.add_edge(need, item.key)
    _report_cycle(check, graph, f"nodes[{node.key}].items")


def _report_cycle(check: _Checker, graph: nx.DiGraph, path: str) -> None:
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    names = [u for u, _ in cycle] + [cycle[0][0]]
    check.add(path, "cycle: " + " -> ".join(names))


def _check_codes(check: _Checker, node: NodeSpec, departments, services) -> None:
    label = f"nodes[{node.key}]"
    if departments is not None:
        if node.kind == "stage" and node.lead is not None and node.lead not in departments:
            check.add(_join(label, "lead"), f"unknown department {node.lead!r}")
        for item in node.items:
            ilabel = f"{label}.items[{item.key}]"
            if item.dept and item.dept not in departments:
                check.add(_join(ilabel, "dept"), f"unknown department {item.dept!r}")
            if item.supervisor is not None and item.supervisor not in departments:
                check.add(_join(ilabel, "supervisor"), f"unknown department {item.supervisor!r}")
            for i, op in enumerate(item.opinions):
                if op.dept not in departments:
                    check.add(f"{ilabel}.opinions[{i}].dept", f"unknown department {op.dept!r}")
    if services is not None and node.kind == "agency" and node.service is not None \
            and node.service not in services:
        check.add(_join(label, "service"), f"unknown service type {node.service!r}")


def _fast_paths(check: _Checker, raw, nodes: list[NodeSpec], departments) -> dict[str, FastPathSpec]:
    node_keys = {n.key for n in nodes}
    item_keys = {i.key for n in nodes for i in n.items}
    out = {}
    for label, data in _entries(check, raw, "fast_paths"):
        check.keys(data, FAST_PATH_KEYS, ("key", "name"), label)
        when = data.get("when", {}) or {}
        if not isinstance(when, Mapping):
            check.add(_join(label, "when"), "must be a mapping of project attributes")
            when = {}
        items = _changes(check, data.get("items"), _join(label, "items"), item_keys, "item", departments)
        changed_nodes = _changes(check, data.get("nodes"), _join(label, "nodes"), node_keys, "node", departments)
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


def _change(check: _Checker, data: dict, label: str, what: str, departments) -> Change:
    mode = data.get("mode")
    allowed = ("commitment", "waived") if what == "item" else ("waived",)
    if mode is not None and mode not in allowed:
        check.add(_join(label, "mode"), f"must be one of {', '.join(allowed)} for a {what}, got {mode!r}")
    if mode == "waived" and not data.get("reason"):
        check.add(_join(label, "reason"), "a waiver needs its reason")
    if mode == "commitment":
        for key in ("verify_by", "verify_within_days"):
            if key not in data:
                check.add(_join(label, key), "missing required key for a commitment")
    verify_by = check.code(data, "verify_by", label)
    if departments is not None and verify_by is not None and verify_by not in departments:
        check.add(_join(label, "verify_by"), f"unknown department {verify_by!r}")
    return Change(mode=mode, reason=str(data.get("reason", "") or ""), verify_by=verify_by,
                  verify_within_days=check.days(data, "verify_within_days", label),
                  promised_days=check.days(data, "promised_days", label))


def _reform_target(check: _Checker, raw, nodes: list[NodeSpec]) -> ReformTarget | None:
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


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, noting keys written twice in one mapping (plain YAML silently keeps the last one)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[Problem] = []

    def construct_mapping(self, node, deep=False):
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append(Problem(f"line {key_node.start_mark.line + 1}",
                                                   f"duplicate key {key_node.value!r}"))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


def load_template_file(path, departments=None, services=None) -> StageTemplate:
    """Read a YAML template file with the safe loader (refusing duplicate keys) and parse it."""
    loader = _StrictLoader(Path(path).read_text(encoding="utf-8"))
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise TemplateInvalid([Problem("", f"not valid YAML: {exc}")], str(path)) from exc
    finally:
        loader.dispose()
    try:
        template = parse_template(data, departments, services, source=str(path))
    except TemplateInvalid as exc:
        raise TemplateInvalid(loader.duplicates + exc.problems, str(path)) from None
    if loader.duplicates:
        raise TemplateInvalid(loader.duplicates, str(path))
    return template
