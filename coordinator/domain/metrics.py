"""Leaders' cockpit figures (domain.md §6.3) from timeline JSON: pure, so the same numbers come out of
a test table, the summary cache and the benchmark."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import median

STANDARD_LAND_TARGET_DAYS = 10  # 标准地+承诺制: filing to construction permit in 10 working days (Scenario 1)
OPEN_STATUSES = ("submitted", "accepted", "running", "paused")
DONE = "done"


@dataclass(frozen=True)
class Clock:
    """One timed object of a project as the cockpit counts it (an item or a parallel opinion)."""

    kind: str
    node: str
    item: str
    dept: str
    finished: str | None  # ISO date
    used: int
    limit: int
    extended: int
    deemed: bool
    light: str
    overridden: bool = False

    @property
    def month(self) -> str | None:
        return self.finished[:7] if self.finished else None

    @property
    def overdue(self) -> int:
        """Working days past the (extended) limit: how long it has been red."""
        return max(0, self.used - self.limit - self.extended)


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal place, None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def compression(before: float, after: float) -> float:
    """承诺时限压缩率 and the other "−x%" reductions: 1 − after ÷ before, in percent (two decimals)."""
    return round(100 * (1 - after / before), 2)


def on_time(light: str) -> bool:
    return light in ("on_time", "green")


def clocks(timeline: Mapping, item_dept: Mapping[str, str]) -> list[Clock]:
    """Every started item and opinion clock of one timeline; items are held by their department."""
    out = []
    for node_key, node in timeline["nodes"].items():
        for item_key, item in (node.get("items") or {}).items():
            if item.get("started"):
                out.append(_clock("item", node_key, item_key, item_dept.get(item_key, ""), item))
            for dept, opinion in (item.get("opinions") or {}).items():
                if opinion.get("started"):
                    out.append(_clock("opinion", node_key, item_key, dept, opinion))
    return out


def _clock(kind: str, node: str, item: str, dept: str, data: Mapping) -> Clock:
    return Clock(kind, node, item, dept, data.get("finished"), data.get("used") or 0, data.get("limit") or 0,
                 data.get("extended") or 0, bool(data.get("deemed")), data.get("light") or "none",
                 data.get("decision") == "overridden")


def current_stage(timeline: Mapping) -> str:
    """Where the project stands: its first open stage, else its first ready one, else `done`."""
    stages = [(key, node) for key, node in timeline["nodes"].items() if node.get("kind") != "milestone"]
    for wanted in (OPEN_STATUSES, ("ready",)):
        for key, node in stages:
            if node.get("status") in wanted:
                return key
    return DONE if all(node.get("status") in (DONE, "waived") for _, node in stages) else "waiting"


def worst_light(timeline: Mapping) -> str:
    """The project's light now: red over yellow over green among its open clocks; `none` when none runs."""
    lights = {c.light for c in clocks(timeline, {}) if c.finished is None}
    lights |= {n.get("light") for n in timeline["nodes"].values() if n.get("status") in OPEN_STATUSES}
    for light in ("red", "yellow", "green"):
        if light in lights:
            return light
    return "none"


@dataclass(frozen=True)
class ProjectFigures:
    """One project's row: where it is, its three clocks (R9) and its reform target."""

    stage: str
    light: str
    elapsed: int
    government: int
    agency: int
    owner: int
    target_days: int | None
    target_reached: bool


def project_figures(timeline: Mapping, target: tuple[str, int] | None, standard_land: bool) -> ProjectFigures:
    """Government working days against the template's reform target (10 for 标准地 projects)."""
    totals = timeline.get("totals") or {}
    days = STANDARD_LAND_TARGET_DAYS if standard_land else (target[1] if target else None)
    reached = bool(target) and (timeline["nodes"].get(target[0]) or {}).get("status") == DONE
    return ProjectFigures(current_stage(timeline), worst_light(timeline), totals.get("elapsed") or 0,
                          totals.get("government") or 0, totals.get("agency") or 0, totals.get("owner") or 0,
                          days, reached)


@dataclass(frozen=True)
class Score:
    """A department's month: what it finished, how fast against what it promised."""

    dept: str
    handled: int
    on_time: int
    on_time_rate: float | None
    early: int
    median_used: float | None
    median_promised: float | None
    extensions: int
    deemed: int
    overridden: int


def scorecard(rows: Iterable[tuple[str, int, int, int, bool, str, bool]]) -> list[Score]:
    """Rows (dept, used, limit, extended, deemed, light, overridden) of finished clocks -> a Score per
    department."""
    by_dept: dict[str, list[tuple]] = {}
    for row in rows:
        by_dept.setdefault(row[0], []).append(row)
    return [_score(dept, group) for dept, group in sorted(by_dept.items())]


def _score(dept: str, group: list[tuple]) -> Score:
    timely = sum(1 for r in group if on_time(r[5]))
    early = sum(1 for r in group if on_time(r[5]) and r[1] < r[2] + r[3])
    return Score(dept, len(group), timely, rate(timely, len(group)), early, median(r[1] for r in group),
                 median(r[2] for r in group), sum(1 for r in group if r[3]), sum(1 for r in group if r[4]),
                 sum(1 for r in group if r[6]))


def target_status(used: int, days: int | None, reached: bool) -> str:
    """met / missed (finished), on_track / over (still running), none (no target)."""
    if days is None:
        return "none"
    if reached:
        return "met" if used <= days else "missed"
    return "on_track" if used <= days else "over"
