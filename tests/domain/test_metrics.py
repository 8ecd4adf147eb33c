"""Cockpit formulas (domain.md §6.3) against the Scenario 4B figures and small constructed timelines."""
import pytest

from coordinator.domain import metrics


# S4-B1..B5: 承诺时限压缩率 and the seeds' reductions are 1 − after ÷ before
@pytest.mark.parametrize("case, before, after, expected, shown", [
    ("S4-B1 长治 catalogue", 5322, 2477, 53.46, "53.5"),
    ("S4-B2 长治 real estate", 380, 38, 90.0, "90.0"),
    ("S4-B3 长治 company registration", 30, 5, 83.33, "83.3"),
    ("S4-B4 沧州 time", 1000, 447, 55.3, "55.3"),
    ("S4-B4 沧州 steps", 500, 334, 33.2, "33.2"),
    ("S4-B5 government investment", 100, 48, 52.0, "52"),
    ("S4-B5 核准", 40, 18, 55.0, "55"),
    ("S4-B5 备案", 50, 23, 54.0, "54"),
])
def test_compression(case, before, after, expected, shown):
    value = metrics.compression(before, after)
    assert value == expected, case
    assert f"{value:.{len(shown.split('.')[1]) if '.' in shown else 0}f}" == shown


def test_s4_b6_percentage_points():
    assert round(82.5 - 72.2, 1) == 10.3


def _finished(dept, used, limit, light, extended=0, deemed=False, overridden=False):
    return (dept, used, limit, extended, deemed, light, overridden)


def test_s4_b7_scenario_2_government_items_on_time_and_early():
    """Nine government items: eight on time (five strictly early), one late: 88.9% and 55.6%."""
    rows = ([_finished("g", 2, 5, "on_time")] * 5 + [_finished("g", 5, 5, "on_time")] * 3
            + [_finished("g", 7, 5, "late")])
    [score] = metrics.scorecard(rows)
    assert (score.handled, score.on_time, score.early) == (9, 8, 5)
    assert score.on_time_rate == 88.9
    assert metrics.rate(score.early, score.handled) == 55.6


@pytest.mark.parametrize("rows, expected", [
    ([], []),
    ([_finished("a", 3, 3, "on_time", deemed=True), _finished("a", 4, 3, "on_time", extended=2),
      _finished("a", 9, 3, "late", overridden=True), _finished("b", 1, 5, "on_time")],
     # "a": the extended one finished a day before its extended deadline: early
     [("a", 3, 2, 66.7, 1, 4, 3, 1, 1, 1), ("b", 1, 1, 100.0, 1, 1, 5, 0, 0, 0)]),
])
def test_scorecard(rows, expected):
    got = [(s.dept, s.handled, s.on_time, s.on_time_rate, s.early, s.median_used, s.median_promised,
            s.extensions, s.deemed, s.overridden) for s in metrics.scorecard(rows)]
    assert got == expected


def _timeline(stage_status="accepted", item_light="green", opinion=None, target_status="waiting", totals=None):
    opinions = {"transport": opinion} if opinion else {}
    return {"nodes": {
        "initiation": {"kind": "stage", "status": "done", "light": "on_time", "items": {}},
        "planning": {"kind": "stage", "status": stage_status, "light": item_light, "items": {"permit": {
            "started": "2026-06-01", "finished": None, "used": 4, "limit": 5, "extended": 0, "light": item_light,
            "opinions": opinions}}},
        "start-works": {"kind": "milestone", "status": target_status}},
        "totals": totals or {"elapsed": 20, "government": 12, "agency": 3, "owner": 5}}


RED_OPINION = {"started": "2026-06-01", "finished": None, "used": 6, "limit": 3, "extended": 1, "light": "red",
               "decision": None, "deemed": False}


@pytest.mark.parametrize("timeline, stage, light", [
    (_timeline(), "planning", "green"),
    (_timeline(item_light="yellow"), "planning", "yellow"),
    (_timeline(opinion=RED_OPINION), "planning", "red"),
    (_timeline(stage_status="ready", item_light="none"), "planning", "none"),
    (_timeline(stage_status="done", item_light="on_time", target_status="reached"), "done", "none"),
])
def test_stage_and_light(timeline, stage, light):
    assert metrics.current_stage(timeline) == stage
    assert metrics.worst_light(timeline) == light


def test_clocks_hold_department_and_days_red():
    clocks = metrics.clocks(_timeline(opinion=RED_OPINION), {"permit": "natural-resources"})
    assert [(c.kind, c.dept, c.overdue, c.month) for c in clocks] == [
        ("item", "natural-resources", 0, None), ("opinion", "transport", 2, None)]


@pytest.mark.parametrize("target, standard_land, days, reached, status", [
    (("start-works", 30), False, 30, False, "on_track"),
    (("start-works", 30), True, 10, False, "over"),  # 标准地: 12 government days against 10
    (None, False, None, False, "none"),
])
def test_project_figures(target, standard_land, days, reached, status):
    figures = metrics.project_figures(_timeline(), target, standard_land)
    assert (figures.government, figures.agency, figures.owner) == (12, 3, 5)
    assert (figures.target_days, figures.target_reached) == (days, reached)
    assert metrics.target_status(figures.government, figures.target_days, figures.target_reached) == status


@pytest.mark.parametrize("used, days, reached, status", [
    (30, 30, True, "met"), (31, 30, True, "missed"), (29, 30, False, "on_track"), (31, 30, False, "over"),
])
def test_target_status(used, days, reached, status):
    assert metrics.target_status(used, days, reached) == status
