"""The cockpit service: the summary cache follows the event log and the business date, and every table
is the engine's numbers aggregated (a late opinion is red, held by its department, and counts in its
department's month)."""
import datetime as dt

from coordinator.models import ClockSummary, CockpitState, ProjectSummary
from coordinator.services import cockpit
from coordinator.services.projects import append_event
from tests import review_kit as kit

D = dt.date.fromisoformat


def _projects():
    kit.departments()
    late = kit.project(name="迟到项目")
    kit.accept(late)
    on_time = kit.project(name="按时项目")
    kit.accept(on_time)
    append_event(on_time, {"do": "opinion", "node": "planning", "item": "permit", "dept": "transport",
                           "decision": "consent"}, None, D("2026-06-02"))
    idle = kit.project(name="未启动项目")
    return late, on_time, idle


def test_pipeline_red_and_scorecard(db_session):
    late, on_time, _idle = _projects()
    assert cockpit.refresh(D("2026-06-09")) == 3
    pipeline = {row["stage"]: row for row in cockpit.pipeline()}
    # both accepted projects have late opinions; the idle one is ready to submit, no clock running
    assert {k: pipeline["planning"][k] for k in ("red", "yellow", "green", "none", "total")} == {
        "red": 2, "yellow": 0, "green": 0, "none": 1, "total": 3}
    assert list(pipeline) == ["planning"]
    red = cockpit.red_clocks()
    assert db_session.get(CockpitState, 1).red_clocks == len(red) > 0
    # deadline Thu 06-04; red on 06-05, 06-08, 06-09: three working days
    assert {(r.dept, r.overdue) for r in red if r.project_id == late.id} >= {("civil-air-defense", 3),
                                                                                      ("transport", 3)}
    assert ("transport", 3) not in {(r.dept, r.overdue) for r in red if r.project_id == on_time.id}
    assert red[0].overdue == max(r.overdue for r in red)
    scores = {s.dept: s for s in cockpit.scorecard("2026-06")}
    assert scores["transport"].handled == 1 and scores["transport"].on_time_rate == 100.0
    assert scores["fire-protection"].deemed == 2  # deemed consent on both accepted projects
    assert cockpit.months() == ["2026-06"]


def test_cache_replays_only_what_changed(db_session):
    late, _on_time, _idle = _projects()
    assert cockpit.refresh(D("2026-06-09")) == 3
    assert cockpit.refresh(D("2026-06-09")) == 0
    append_event(late, {"do": "opinion", "node": "planning", "item": "permit", "dept": "transport",
                        "decision": "consent"}, None, D("2026-06-09"))
    assert cockpit.refresh(D("2026-06-09")) == 1
    rows = db_session.query(ClockSummary).filter_by(project_id=late.id, dept="transport", kind="opinion").all()
    assert [(r.finished, r.light) for r in rows] == [(D("2026-06-09"), "late")]
    assert cockpit.refresh(D("2026-06-10")) == 3  # a new business date moves every light
    assert db_session.query(ProjectSummary).count() == 3


def test_targets_and_performance(db_session):
    _projects()
    cockpit.refresh(D("2026-06-09"))
    projects, total = cockpit.performance(), cockpit.with_target(cockpit.targets_by_template())
    assert total == 0 and projects == []  # the test template has no reform target
    assert cockpit.targets_by_template() == []
    stages = {s["node"]: s for s in cockpit.stage_days()}
    assert stages == {}  # no item finished yet (only opinions)
