"""Backward plan rows (R10 via planning.plan), the per-stage ledger (R9 per stage) and the wall-chart rows."""
import copy

from coordinator.domain.backward import backward_plan
from coordinator.domain.calendar import official_calendar
from coordinator.domain.events import normalise_events
from coordinator.domain.planning import forecast
from coordinator.domain.stage_ledger import stage_ledger
from coordinator.domain.templates import parse_template
from coordinator.domain.timeline import Project, replay
from coordinator.domain.wallchart import chart
from tests.domain.kit import (
    D,
    accepted,
    agency,
    ev,
    item_key,
    milestone,
    stage,
    template,
)

# initiation → (report by an agency → eia) and land → start
TPL = template(
    stage("init", days=1),
    agency("report", needs=["init"], days=15),
    stage("eia", needs=["init", "report"], days=10),
    stage("land", needs=["init"], days=5),
    milestone("start", needs=["eia", "land"]),
)


def state_of(events, as_of, tpl=TPL):
    return replay(parse_template(copy.deepcopy(tpl)), Project("p"), normalise_events(events), official_calendar(),
                  D(as_of))


def done(day, key):
    return [ev(day, "decide", key, item=item_key(key), result="approved"), ev(day, "complete", key)]


# 2026-03-02 Mon: init accepted and done on 03-03; the report starts 03-04
EVENTS = [*accepted("2026-03-02", "init"), *done("2026-03-03", "init"), ev("2026-03-04", "start", "report")]


def test_infeasible_target_names_the_critical_nodes_with_negative_slack():
    state = state_of(EVENTS, "2026-03-05")
    plan = backward_plan(state, D("2026-03-05"), D("2026-03-20"))
    # report runs 15 wd from 03-04 → 03-25; eia 10 wd → 04-09 (清明 04-06 is off); 13 wd after 03-20
    assert plan.finish == D("2026-04-09")
    assert (plan.feasible, plan.short_by) == (False, 13)
    rows = {row.key: row for row in plan.rows}
    assert set(rows) == {"report", "eia", "land"}  # init is finished; the milestone is not a node to start
    assert rows["eia"].latest_start == D("2026-03-06") and rows["eia"].slack == -13
    assert rows["eia"].causes and rows["eia"].critical
    assert rows["land"].slack > 0 and not rows["land"].causes
    assert rows["report"].latest_start is None  # already running: no latest start
    assert plan.causes == ["eia"]


def test_a_latest_start_before_today_is_flagged_past():
    state = state_of(EVENTS[:4], "2026-03-10")  # init done, report never started
    plan = backward_plan(state, D("2026-03-10"), D("2026-03-27"))
    rows = {row.key: row for row in plan.rows}
    # eia must start 10 wd before 03-27; the report 15 wd before that, across 春节 (02-15..23 off, 02-28 on)
    assert rows["eia"].latest_start == D("2026-03-13")
    assert rows["report"].latest_start == D("2026-02-14")
    assert rows["report"].past and not rows["land"].past
    assert plan.past == ["report"]


def test_feasible_target_has_no_causes():
    state = state_of(EVENTS, "2026-03-05")
    plan = backward_plan(state, D("2026-03-05"), D("2026-05-29"))
    assert plan.feasible and plan.short_by == 0 and plan.causes == []


def test_stage_ledger_gives_the_service_days_to_the_stage_it_feeds():
    events = [*EVENTS, ev("2026-03-13", "deliver", "report"), *accepted("2026-03-17", "eia"),
              *done("2026-03-20", "eia")]
    rows = {row.key: row for row in stage_ledger(state_of(events, "2026-03-24"), D("2026-03-24"))}
    # eia: window (03-03, 03-20] = 13 wd; report ran (03-04, 03-13] = 7 wd; eia clocks (03-17, 03-20] = 3 wd
    eia = rows["eia"]
    assert (eia.elapsed, eia.government, eia.agency, eia.owner) == (13, 3, 7, 3)
    init = rows["init"]
    assert (init.elapsed, init.government, init.agency, init.owner) == (1, 1, 0, 0)
    land = rows["land"]  # ready since 03-03, never submitted: all owner days up to today
    assert (land.elapsed, land.government, land.agency, land.owner) == (15, 0, 0, 15)
    for row in rows.values():
        assert row.government + row.agency + row.owner == row.elapsed


def test_stage_ledger_leaves_out_stages_not_yet_reachable():
    rows = stage_ledger(state_of(accepted("2026-03-02", "init"), "2026-03-04"), D("2026-03-04"))
    assert [row.key for row in rows] == ["init"]


def test_wall_chart_rows_have_actual_forecast_pauses_and_critical_path():
    events = [*accepted("2026-03-02", "init"), *done("2026-03-03", "init"), *accepted("2026-03-04", "land"),
              ev("2026-03-05", "pause", "land", reason="supplement"), ev("2026-03-09", "resume", "land")]
    state = state_of(events, "2026-03-10")
    fc = forecast(state, D("2026-03-10"))
    c = chart(state, fc, D("2026-03-10"), D("2026-04-30"))
    rows = {row.key: row for row in c.rows}
    assert rows["init"].actual == (D("2026-03-02"), D("2026-03-03")) and rows["init"].forecast is None
    assert rows["land"].actual == (D("2026-03-04"), D("2026-03-10"))
    assert rows["land"].pauses == ((D("2026-03-05"), D("2026-03-09")),)
    assert rows["report"].actual is None and rows["report"].forecast[0] == D("2026-03-10")
    assert rows["report"].critical and rows["eia"].critical and not rows["land"].critical
    assert c.span() == (D("2026-03-02"), D("2026-04-30"))
    assert D("2026-03-07") in c.off_days and D("2026-04-06") in c.off_days  # a Saturday, 清明
    assert D("2026-03-09") not in c.off_days
