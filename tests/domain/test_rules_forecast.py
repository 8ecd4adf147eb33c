"""R10 forecast, critical path and backward plan, around 国庆 2026 (mid-autumn 09-25..27, 10-01..07)."""
import pytest

from tests.domain.kit import (
    accepted,
    agency,
    ev,
    item_key,
    milestone,
    run,
    stage,
    template,
)

# a (5) → b (agency 10) and c (3) → d (2) → m
TPL = template(stage("a", days=5), agency("b", needs=["a"], days=10), stage("c", needs=["a"], days=3),
               stage("d", needs=["b", "c"], days=2), milestone("m", needs=["d"]))


def project(target=None):
    return {"name": "p", "target_date": target} if target else {"name": "p"}


def done(day, key):
    return [ev(day, "decide", key, item=item_key(key), result="approved"), ev(day, "complete", key)]


def test_nothing_started_forecast_and_feasible_plan():
    out = run([], TPL, as_of="2026-09-21", project=project("2026-10-30"))
    # a 09-21 → 09-29; b 09-29 → 10-19; c 09-29 → 10-09; d 10-19 → 10-21
    assert out["forecast"] == {"finish": "2026-10-21", "critical_path": ["a", "b", "d", "m"], "blocked_by": []}
    assert out["plan"] == {
        "target": "2026-10-30", "feasible": True, "short_by": 0,
        "latest_start": {"a": "2026-10-08", "b": "2026-10-14", "c": "2026-10-23", "d": "2026-10-28"},
        "slack": {"a": 7, "b": 7, "c": 14, "d": 7},
    }


def test_infeasible_plan_has_negative_slack():
    out = run([], TPL, as_of="2026-09-21", project=project("2026-10-16"))
    # short by (10-16, 10-21] = 10-19, 10-20, 10-21; the latest starts go back over the holiday and Sun 09-20;
    # c must start by the make-up Saturday 10-10
    assert out["plan"] == {
        "target": "2026-10-16", "feasible": False, "short_by": 3,
        "latest_start": {"a": "2026-09-17", "b": "2026-09-23", "c": "2026-10-10", "d": "2026-10-14"},
        "slack": {"a": -3, "b": -3, "c": 4, "d": -3},
    }


def test_a_submitted_but_not_accepted_stage_counts_as_not_started():
    out = run([ev("2026-09-21", "submit", "a")], TPL, as_of="2026-09-22", project=project("2026-10-30"))
    # starts today 09-22: 09-23, 24, 28, 29, 30
    assert out["forecast"]["finish"] == "2026-10-22"
    assert out["plan"]["latest_start"]["a"] == "2026-10-08"
    assert out["plan"]["slack"]["a"] == 6


@pytest.mark.parametrize("as_of, a_finish, finish", [
    ("2026-09-24", "2026-09-29", "2026-10-21"),    # open, its deadline still ahead
    ("2026-09-29", "2026-09-29", "2026-10-21"),    # due today
    ("2026-10-04", "2026-10-08", "2026-10-23"),    # past its deadline: the next working day after today
    ("2026-10-12", "2026-10-13", "2026-10-29"),
])
def test_an_open_node_finishes_at_its_deadline_or_after_today(as_of, a_finish, finish):
    out = run(accepted("2026-09-21", "a"), TPL, as_of=as_of, project=project("2026-12-31"))
    assert out["forecast"]["finish"] == finish
    assert "a" not in out["plan"]["latest_start"]
    b_start = out["plan"]["latest_start"]["b"]
    assert out["plan"]["slack"]["b"] == _count(a_finish, b_start)


def _count(a, b):
    import datetime as dt

    from coordinator.domain.calendar import official_calendar

    return official_calendar().count(dt.date.fromisoformat(a), dt.date.fromisoformat(b))


def test_finished_nodes_stay_on_the_critical_path():
    events = [*accepted("2026-09-21", "a"), *done("2026-09-24", "a"), ev("2026-09-24", "start", "b")]
    out = run(events, TPL, as_of="2026-09-28", project=project("2026-10-30"))
    # b 09-24 + 10 → 10-15; c not started, starts today 09-28 → 10-08; d 10-15 → 10-19
    assert out["forecast"] == {"finish": "2026-10-19", "critical_path": ["a", "b", "d", "m"], "blocked_by": []}
    assert list(out["plan"]["latest_start"]) == ["c", "d"]


def test_ties_go_to_template_order_and_needs_order():
    tpl = template(stage("a", days=5), stage("x", needs=["a"], days=5), stage("y", needs=["a"], days=5),
                   stage("z", needs=["a"], days=5), milestone("m", needs=["z", "y"]))
    # sinks x and m finish the same day: x comes first in template order
    assert run([], tpl, as_of="2026-02-13")["forecast"]["critical_path"] == ["a", "x"]
    tpl = template(stage("a", days=5), stage("y", needs=["a"], days=5), stage("z", needs=["a"], days=5),
                   milestone("m", needs=["z", "y"]))
    # y and z finish the same day: z comes first in m's needs
    assert run([], tpl, as_of="2026-02-13")["forecast"]["critical_path"] == ["a", "z", "m"]


def test_a_blocked_project_has_no_forecast_and_an_infeasible_plan():
    events = [*accepted("2026-09-21", "a"), ev("2026-09-23", "reject", "a", reason="不予许可")]
    out = run(events, TPL, as_of="2026-09-28", project=project("2026-12-31"))
    assert out["forecast"] == {"finish": None, "critical_path": [], "blocked_by": ["a"]}
    assert out["plan"] == {"target": "2026-12-31", "feasible": False, "short_by": None,
                           "latest_start": {}, "slack": {}}
    assert {k: out["nodes"][k]["status"] for k in "abcdm"} == \
        {"a": "rejected", "b": "waiting", "c": "waiting", "d": "waiting", "m": "waiting"}


@pytest.mark.parametrize("target, feasible, short_by", [
    ("2026-10-30", True, 0), ("2026-10-14", True, 0), ("2026-10-13", False, 1), ("2026-10-09", False, 4),
])
def test_nothing_left_to_do_forecasts_the_last_finish(target, feasible, short_by):
    tpl = template(stage("a", days=5), milestone("m", needs=["a"]))
    events = [*accepted("2026-09-30", "a"), *done("2026-10-14", "a")]
    out = run(events, tpl, as_of="2026-11-02", project=project(target))
    assert out["forecast"] == {"finish": "2026-10-14", "critical_path": ["a", "m"], "blocked_by": []}
    assert (out["plan"]["feasible"], out["plan"]["short_by"], out["plan"]["latest_start"]) == \
        (feasible, short_by, {})


def test_a_plan_across_the_year_boundary_is_provisional():
    out = run([], TPL, as_of="2026-12-21", project=project("2027-01-29"))
    # a 12-21 → 12-28; b → 2027-01-11 (Fri 01-01 counted); d → 01-13
    assert out["forecast"]["finish"] == "2027-01-13"
    assert out["plan"]["feasible"] is True and out["provisional"] is True


def test_no_plan_without_a_target():
    assert "plan" not in run([], TPL, as_of="2026-09-21")
