"""Intermediary services measured against their contracts: each member against its own contracted working
days, a consortium's package against its one overall service time (domain Scenario 5), the scoreboard of
an agency (中介超市 evaluation), and which material a delivered report becomes. Pure."""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.clocks import Clock, Reading, read
from coordinator.domain.templates import StageTemplate

# service type (registers/services.yaml) -> the material keys its report is known as in the templates
REPORT_MATERIALS: dict[str, tuple[str, ...]] = {
    "environmental-assessment": ("eia-report-form", "eia-report-book"),
    "energy-assessment": ("energy-report-doc",),
    "soil-water": ("soil-water-report-doc",),
    "drawing-review": ("drawing-review-cert",),
    "engineering-consulting": ("feasibility-study-doc",),
    "social-stability": ("stability-report-doc",),
    "project-application-report": ("application-report-doc",),
    "surveying": ("completion-survey-report",),
}


@dataclass(frozen=True)
class ServiceFacts:
    """One contracted service as the replay saw it."""

    agency_id: int
    project_id: int
    node: str
    contracted: int
    started: dt.date | None
    finished: dt.date | None


def service_reading(started: dt.date | None, finished: dt.date | None, contracted: int, cal: WorkCalendar,
                    today: dt.date, ratio: Decimal) -> Reading:
    """The service's clock against the contracted working days (not the template's default)."""
    clock = Clock(contracted)
    clock.start, clock.finished = started, finished
    return read(clock, cal, today, ratio)


@dataclass(frozen=True)
class PackageReading:
    """A consortium's package: due after the overall service time from the first member's start."""

    started: dt.date | None
    deadline: dt.date | None
    finished: dt.date | None
    reading: Reading
    members_on_time: int
    members_delivered: int


def package_reading(members: list[ServiceFacts], service_days: int, cal: WorkCalendar, today: dt.date,
                    ratio: Decimal) -> PackageReading:
    """The package finishes when its last member delivers; each member also keeps its own limit."""
    starts = [m.started for m in members if m.started]
    first = min(starts) if starts else None
    done = all(m.finished for m in members) and members
    finished = max(m.finished for m in members) if done else None
    reading = service_reading(first, finished, service_days, cal, today, ratio)
    delivered = [m for m in members if m.finished]
    on_time = sum(1 for m in delivered
                  if service_reading(m.started, m.finished, m.contracted, cal, today, ratio).light == "on_time")
    return PackageReading(first, reading.deadline, finished, reading, on_time, len(delivered))


@dataclass(frozen=True)
class PackageFacts:
    """A consortium's package: its lead agency, its overall service time and its members."""

    lead_agency_id: int
    service_days: int
    members: tuple[ServiceFacts, ...]


@dataclass(frozen=True)
class Score:
    agency_id: int
    services: int
    delivered: int
    on_time: int
    median_used: float | None
    median_contracted: float | None
    late_now: int  # open services past their contracted days (red)
    packages_finished: int = 0  # consortium packages it led that are finished
    packages_on_time: int = 0  # the lead shares the package's mark (domain Scenario 5)

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.delivered if self.delivered else None


def scoreboard(facts: Iterable[ServiceFacts], cal: WorkCalendar, today: dt.date, ratio: Decimal,
               packages: Iterable[PackageFacts] = ()) -> dict[int, Score]:
    """agency id -> its score over every contracted service, and over the finished packages it led."""
    by_agency: dict[int, list[tuple[ServiceFacts, Reading]]] = {}
    for f in facts:
        by_agency.setdefault(f.agency_id, []).append(
            (f, service_reading(f.started, f.finished, f.contracted, cal, today, ratio)))
    led: dict[int, list[str]] = {}
    for p in packages:
        package = package_reading(list(p.members), p.service_days, cal, today, ratio)
        if package.finished:
            led.setdefault(p.lead_agency_id, []).append(package.reading.light)
    return {agency: _score(agency, rows, led.get(agency, [])) for agency, rows in by_agency.items()}


def _score(agency_id: int, rows: list[tuple[ServiceFacts, Reading]], packages: list[str]) -> Score:
    delivered = [(f, r) for f, r in rows if f.finished]
    return Score(
        agency_id, len(rows), len(delivered), sum(1 for _, r in delivered if r.light == "on_time"),
        statistics.median(r.used for _, r in delivered) if delivered else None,
        statistics.median(f.contracted for f, _ in delivered) if delivered else None,
        sum(1 for f, r in rows if not f.finished and r.light == "red"),
        len(packages), packages.count("on_time"))


def report_material(template: StageTemplate, node_key: str) -> str | None:
    """The material of a later stage that the service's report is: the first known report material of its
    service type that an item of a stage needing this node asks for; None when no stage asks for one."""
    node = template.node(node_key)
    wanted = REPORT_MATERIALS.get(node.service or "", ())
    asked = {m for later in template.nodes if node_key in later.needs for item in later.items for m in item.materials}
    return next((m for m in wanted if m in asked), None)


def material_names(template: StageTemplate, keys: Iterable[str]) -> Mapping[str, str]:
    return {k: template.materials[k].name for k in keys if k in template.materials}
