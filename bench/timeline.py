"""Benchmark of the timeline engine: N synthetic projects (a 30-node template, 60 events each), timed from
the replay of the events to the finished timeline JSON (clocks, lights, totals, forecast and plan).

Run: `.venv/bin/python bench/timeline.py [-n 10000] [--seed 7] [--profile]`. Target (issue 2): median
≤ 1 ms per project and 10,000 projects in ≤ 10 s on one core.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.domain.calendar import WorkCalendar, official_calendar
from coordinator.domain.output import timeline_json
from coordinator.domain.templates import StageTemplate, parse_template
from coordinator.domain.timeline import Project, replay

DEPTS = ("development-reform", "natural-resources", "housing-construction", "ecology-environment",
         "civil-air-defense", "fire-protection", "meteorology", "transport")
EVENTS_PER_PROJECT = 60
STAGES, AGENCIES = 21, 6  # + 3 milestones = 30 nodes


def build_template() -> StageTemplate:
    """30 nodes in layers of three: stages (1–2 items, parallel opinions, one dependent item, deemed
    consent on some), agency services beside them, and three milestones."""
    nodes, layer = [], []
    for i in range(STAGES):
        needs = list(layer) if i >= 3 else []
        if i % 3 == 2:
            layer = []
        key = f"stage-{i:02d}"
        layer.append(key)
        items = [{"key": f"item-{i:02d}-a", "name": "审批", "dept": DEPTS[i % len(DEPTS)], "promised_days": 5,
                  "legal_days": 20,
                  "opinions": [{"dept": DEPTS[(i + k) % len(DEPTS)], "days": 3} for k in (1, 2)],
                  "overdue_policy": "deemed_consent" if i % 4 == 0 else "escalate"}]
        if i % 2 == 0:
            items.append({"key": f"item-{i:02d}-b", "name": "审批", "dept": DEPTS[i % len(DEPTS)],
                          "promised_days": 3, "legal_days": 10, "needs": [f"item-{i:02d}-a"]})
        nodes.append({"key": key, "kind": "stage", "name": key, "name_en": key, "lead": DEPTS[i % len(DEPTS)],
                      "needs": needs[-2:], "promised_days": 8, "legal_days": 30, "items": items})
        if i % 3 == 1 and len([n for n in nodes if n["kind"] == "agency"]) < AGENCIES:
            nodes.append({"key": f"agency-{i:02d}", "kind": "agency", "name": "中介", "name_en": "agency",
                          "service": "survey", "needs": [key], "contracted_days": 10})
    stage_keys = [n["key"] for n in nodes if n["kind"] == "stage"]
    agency_keys = [n["key"] for n in nodes if n["kind"] == "agency"]
    nodes += [
        {"key": "pile-start", "kind": "milestone", "name": "桩基", "name_en": "Piles", "needs": stage_keys[8:10]},
        {"key": "start-works", "kind": "milestone", "name": "开工", "name_en": "Start",
         "needs": stage_keys[-3:] + agency_keys[-2:]},
        {"key": "handover", "kind": "milestone", "name": "交付", "name_en": "Handover", "needs": ["start-works"]},
    ]
    data = {"key": "bench", "version": 1, "name": "基准", "name_en": "Benchmark", "nodes": nodes}
    template = parse_template(data)
    assert len(template.nodes) == 30, len(template.nodes)
    return template


class Generator:
    """Realistic event lists: stages in dependency order, submissions, acceptances, opinions, decisions,
    pauses, one extension, agency services; dates move forward by working days."""

    def __init__(self, template: StageTemplate, cal: WorkCalendar, rng: random.Random):
        self.template, self.cal, self.rng = template, cal, rng

    def project(self) -> tuple[list[dict], dt.date, dt.date]:
        day = self.cal.deadline(dt.date(2025, 1, 1) + dt.timedelta(days=self.rng.randrange(600)), 1)
        events: list[dict] = []
        extended = False
        for node in self.template.nodes:
            if len(events) >= EVENTS_PER_PROJECT:
                break
            if node.kind == "agency":
                events += [self._ev(day, "start", node.key), self._ev(self._later(day, 6, 12), "deliver", node.key)]
            elif node.kind == "stage":
                stage_events, extend_now = self._stage(node, day, not extended)
                extended = extended or extend_now
                events += stage_events
            day = max(day, events[-1]["date"]) if events else day
            day = self._later(day, 0, 1)
        events = events[:EVENTS_PER_PROJECT]
        events.sort(key=lambda e: e["date"])  # agency work overlaps the next stages
        as_of = self._later(events[-1]["date"], 0, 3)
        return events, as_of, self._later(events[0]["date"], 80, 140)

    def _later(self, day: dt.date, low: int, high: int) -> dt.date:
        return self.cal.deadline(day, self.rng.randint(low, high))

    @staticmethod
    def _ev(day: dt.date, do: str, node: str, **fields) -> dict:
        return {"date": day, "do": do, "node": node, **fields}

    def _stage(self, node, day: dt.date, may_extend: bool) -> tuple[list[dict], bool]:
        ev, key = self._ev, node.key
        out = [ev(day, "submit", key)]
        day = self._later(day, 0, 1)
        out.append(ev(day, "accept", key))
        extend = may_extend and self.rng.random() < 0.3
        if extend:
            out.append(ev(day, "extend", key, days=self.rng.randint(1, 10), reason="需现场核查"))
        for item in node.items:
            day = self._item(out, key, item, day)
        out.append(ev(day, "complete", key))
        return out, extend

    def _item(self, out: list[dict], key: str, item, day: dt.date) -> dt.date:
        ev, started, silent = self._ev, day, False
        if item.opinions and self.rng.random() < 0.25:
            out.append(ev(self._later(day, 0, 1), "pause", key, item=item.key, reason="supplement"))
            day = self._later(out[-1]["date"], 1, 4)
            out.append(ev(day, "resume", key, item=item.key))
        for op in item.opinions:
            if item.overdue_policy == "deemed_consent" and self.rng.random() < 0.5:
                silent = True  # deemed consent once its deadline has passed
                continue
            day = self._later(day, 0, 1 if item.overdue_policy == "deemed_consent" else 2)  # in time if deemable
            out.append(ev(day, "opinion", key, item=item.key, dept=op.dept,
                          decision=self.rng.choice(("consent", "consent", "conditional"))))
        day = self._later(day, 1 if item.opinions else 0, 6 if item.opinions else 3)
        if silent:  # after the opinion's deadline (3 days, plus at most 5 paused ones)
            day = max(day, self._later(started, 9, 11))
        out.append(ev(day, "decide", key, item=item.key, result="approved"))
        return day


def compute(template: StageTemplate, cal: WorkCalendar, events: list[dict], as_of: dt.date,
            target: dt.date) -> dict:
    """One project's full timeline JSON, as the app computes it."""
    state = replay(template, Project(name="bench", target_date=target), events, cal, as_of)
    return timeline_json(state, as_of, target)


def run(n: int, seed: int, profile: bool) -> None:
    cal = official_calendar()
    template = build_template()
    gen = Generator(template, cal, random.Random(seed))
    projects = [gen.project() for _ in range(n)]
    sizes = [len(p[0]) for p in projects]
    gc.freeze()  # the generated inputs are not part of the work measured: keep them out of the collector
    profiler = cProfile.Profile() if profile else None
    times, cpu = [], []
    start_all, cpu_all = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for events, as_of, target in projects:
        t0, c0 = time.perf_counter(), time.process_time()
        compute(template, cal, events, as_of, target)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    if profiler:
        profiler.disable()
    total, total_cpu = time.perf_counter() - start_all, time.process_time() - cpu_all
    times.sort()
    cpu.sort()
    rows = [("projects", f"{n}"), ("nodes per project", "30"),
            ("events per project", f"{min(sizes)}–{max(sizes)} (mean {statistics.fmean(sizes):.1f})"),
            ("median per project", f"{statistics.median(times) * 1000:.3f} ms"),
            ("median per project (CPU)", f"{statistics.median(cpu) * 1000:.3f} ms"),
            ("p95 per project", f"{times[int(len(times) * 0.95) - 1] * 1000:.3f} ms"),
            ("p95 per project (CPU)", f"{cpu[int(len(cpu) * 0.95) - 1] * 1000:.3f} ms"),
            ("max per project", f"{times[-1] * 1000:.3f} ms"),
            (f"all {n} projects", f"{total:.2f} s"),
            (f"all {n} projects (CPU)", f"{total_cpu:.2f} s"),
            ("load average (1 min) after", f"{os.getloadavg()[0]:.2f}"),
            ("target", "median ≤ 1 ms, 10,000 projects ≤ 10 s")]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 30}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10000, help="number of projects (default 10000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print the cProfile hot spots")
    args = parser.parse_args()
    run(args.n, args.seed, args.profile)


if __name__ == "__main__":
    main()
