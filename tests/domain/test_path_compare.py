"""The normal path beside 标准地+承诺制 for the 10-working-day scenario (domain Scenario 1): the same events
replayed under each path; 桩基先行 gives the pile-start date besides the start of works."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from coordinator.domain import timeline as engine
from coordinator.domain.calendar import official_calendar
from coordinator.domain.events import normalise_events
from coordinator.domain.path_compare import applicable, compare, gain
from coordinator.domain.templates import load_template_file

ROOT = Path(__file__).parents[2]
TEMPLATE = load_template_file(ROOT / "stage_templates" / "industrial-standard-land.yaml")
SCENARIO = yaml.safe_load((ROOT / "examples" / "scenarios" / "standard-land-10-days.yaml").read_text(encoding="utf-8"))
EVENTS = normalise_events(SCENARIO["events"])
BASE = engine.Project("赤城", {"standard_land": False})
D = dt.date.fromisoformat


def test_fast_path_reproduces_the_10_working_days_and_the_pile_start():
    normal, fast = compare(TEMPLATE, BASE, EVENTS, official_calendar(), D("2025-05-13"),
                           ["standard-land-commitment"])
    assert fast.skipped == 0
    assert fast.milestone("start-works").finish == D("2025-05-13")
    assert fast.milestone("start-works").days == 10
    assert fast.milestone("pile-start").finish == D("2025-04-30")
    assert fast.milestone("pile-start").days == 4  # 04-27 (make-up Sunday), 04-28, 04-29, 04-30
    assert [c.item for c in fast.commitments] == ["eia-approval", "energy-review-opinion"]
    assert {key for key, _ in fast.waived} == {"eia-report", "energy-report", "soil-water-report", "soil-water"}
    assert normal.path is None and normal.commitments == () and normal.waived == ()
    assert normal.skipped > 0  # the commitments and what followed them have no place on the normal path
    assert gain(normal, fast, "start-works") > 0


def test_events_that_do_not_fit_are_left_out_in_order():
    commit = next(e for e in EVENTS if e["do"] == "commit")
    kept, skipped = applicable(TEMPLATE, BASE, [EVENTS[0], commit], official_calendar())
    assert kept == [EVENTS[0]] and skipped == 1


def test_normal_path_waits_for_the_single_project_reports():
    normal = compare(TEMPLATE, BASE, EVENTS[:4], official_calendar(), D("2025-04-25"), [])[0]
    start = normal.milestone("start-works").finish
    # eia-report 15 wd, then EIA approval 10 wd: the start of works cannot come before 25 working days
    assert official_calendar().count(D("2025-04-25"), start) >= 25
