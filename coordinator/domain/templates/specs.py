"""The frozen specs a valid stage template becomes: nodes, items, opinions, materials, fields, fast paths."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import networkx as nx

DEFAULT_EXTENSION = 10
DEFAULT_WARNING_RATIO = Decimal("0.2")


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
