"""The state a replay keeps for one project: its stages, items, opinions, services and commitments."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from coordinator.domain.clocks import Clock
from coordinator.domain.templates import Change, ItemSpec, NodeSpec


@dataclass(slots=True)
class OpinionState:
    dept: str
    clock: Clock
    decision: str | None = None
    deemed: bool = False
    conditions: str = ""
    basis: str = ""
    override_reason: str = ""
    extra_reason: str = ""  # set when the lead asked a department the template does not name
    message: str = ""  # the lead's message when re-consulting
    history: list[OpinionState] = field(default_factory=list)  # earlier rounds, before a re-consultation

    @property
    def is_open(self) -> bool:
        return self.clock.start is not None and self.clock.finished is None


@dataclass(slots=True)
class Commitment:
    node: str
    item: str
    verify_by: str | None
    within: int
    signed: dt.date
    due: dt.date
    signer: str = ""
    status: str = "open"
    verified: dt.date | None = None


@dataclass(slots=True)
class ItemState:
    spec: ItemSpec
    clock: Clock
    mode: str = "normal"
    status: str = "pending"
    reason: str = ""
    permit_no: str = ""
    opinions: dict[str, OpinionState] = field(default_factory=dict)
    commitment_change: Change | None = None
    commitment: Commitment | None = None

    @property
    def decided(self) -> bool:
        return self.status in ("approved", "rejected", "waived")


@dataclass(slots=True)
class NodeState:
    spec: NodeSpec
    mode: str = "normal"
    reason: str = ""
    clock: Clock | None = None
    items: dict[str, ItemState] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    outcome: str | None = None  # stage: done/rejected; agency: delivered
    submitted: dt.date | None = None
    received: dt.date | None = None
    window_end: dt.date | None = None
    deemed_accepted: bool = False
    missing: list[str] = field(default_factory=list)
    deferred_due: dt.date | None = None
    notice: list[str] = field(default_factory=list)
    kind: str = field(init=False)  # copied from the spec: read thousands of times per replay
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.kind, self.key = self.spec.kind, self.spec.key


@dataclass
class Project:
    """What a replay needs to know about the project."""

    name: str = ""
    attributes: Mapping = field(default_factory=dict)
    fast_paths: tuple[str, ...] = ()
    target_date: dt.date | None = None
