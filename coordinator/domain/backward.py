"""The agent's backward plan (倒排, R10) as rows: each remaining node's latest start, slack and forecast,
the nodes whose latest start is already past, and the critical nodes whose negative slack misses the target."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coordinator.domain.planning import forecast, plan, topological_order
from coordinator.domain.timeline import Replay

REMAINING_KINDS = ("stage", "agency")


@dataclass(frozen=True)
class PlanRow:
    key: str
    kind: str
    status: str
    earliest_start: dt.date | None
    forecast_finish: dt.date | None
    latest_start: dt.date | None
    slack: int | None
    critical: bool
    past: bool  # the latest start is before today: the node should already have started
    causes: bool  # on the critical path with negative slack: it makes the target missed


@dataclass
class BackwardPlan:
    target: dt.date
    feasible: bool
    short_by: int | None
    finish: dt.date | None
    blocked_by: list[str] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def causes(self) -> list[str]:
        return [row.key for row in self.rows if row.causes]

    @property
    def past(self) -> list[str]:
        return [row.key for row in self.rows if row.past]


def backward_plan(state: Replay, today: dt.date, target: dt.date) -> BackwardPlan:
    """Every stage and service not yet finished, in dependency order, against the target date."""
    fc = forecast(state, today)
    p = plan(state, fc, target)
    result = BackwardPlan(target, p.feasible, p.short_by, fc.finish, list(fc.blocked_by))
    critical = set(fc.critical_path)
    for key in topological_order(state):
        node = state.nodes[key]
        if node.kind not in REMAINING_KINDS or state.finish_date(key) is not None or node.outcome:
            continue
        latest, slack = p.latest_start.get(key), p.slack.get(key)
        result.rows.append(PlanRow(
            key, node.kind, state.status(key), fc.earliest_start.get(key), fc.earliest_finish.get(key),
            latest, slack, key in critical, latest is not None and latest < today,
            key in critical and slack is not None and slack < 0))
    return result
