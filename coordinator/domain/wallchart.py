"""The wall chart (挂图作战) as data: per node its actual bar, its forecast bar (R10), its pauses, whether it
is on the critical path; the SVG is drawn in coordinator/web/wallchart_svg.py. Pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coordinator.domain.clocks import read
from coordinator.domain.planning import Forecast
from coordinator.domain.timeline import NodeState, Replay

Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class ChartRow:
    key: str
    kind: str
    status: str
    light: str
    actual: Span | None  # started → finished (or today while running)
    forecast: Span | None  # earliest start → forecast finish, for what is not finished
    pauses: tuple[Span, ...] = ()
    critical: bool = False


@dataclass
class Chart:
    today: dt.date
    target: dt.date | None
    finish: dt.date | None
    rows: list[ChartRow] = field(default_factory=list)
    off_days: tuple[dt.date, ...] = ()  # weekends, holidays and local closures within the span

    def span(self) -> Span:
        """The first and last day the chart must show."""
        days = [self.today] + [d for d in (self.target, self.finish) if d]
        for row in self.rows:
            for bar in (row.actual, row.forecast, *row.pauses):
                if bar:
                    days.extend(bar)
        return min(days), max(days)


def chart(state: Replay, fc: Forecast, today: dt.date, target: dt.date | None) -> Chart:
    """One row per live node in template order."""
    out = Chart(today, target, fc.finish)
    critical = set(fc.critical_path)
    for key, node in state.nodes.items():
        if node.mode == "waived":
            continue
        out.rows.append(_row(state, node, fc, today, key in critical))
    first, last = out.span()
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    out.off_days = tuple(day for day in days if not state.cal.is_workday(day))
    return out


def _row(state: Replay, node: NodeState, fc: Forecast, today: dt.date, critical: bool) -> ChartRow:
    status = state.status(node.key)
    finished = state.finish_date(node.key) or (node.clock.finished if node.clock else None)
    forecast = None
    if finished is None and node.key in fc.earliest_start:
        forecast = (max(fc.earliest_start[node.key], today), fc.earliest_finish[node.key])
    if node.kind == "milestone":
        point = (finished, finished) if finished else None
        return ChartRow(node.key, node.kind, status, "none", point, forecast, (), critical)
    light = read(node.clock, state.cal, today, state.template.warning_ratio).light
    actual = (node.clock.start, finished or today) if node.clock.started else None
    return ChartRow(node.key, node.kind, status, light, actual, forecast, _pauses(node, today), critical)


def _pauses(node: NodeState, today: dt.date) -> tuple[Span, ...]:
    clocks = [node.clock] + [item.clock for item in node.items.values()]
    spans = {(p.start, p.end or today) for clock in clocks for p in clock.pauses}
    return tuple(sorted(spans))
