"""The cockpit's stored counts: objections overturned by signed meeting minutes (not by a leader alone), a
calendar change replaying every project, and counts kept by difference equal to counts from scratch."""
import datetime as dt
from collections import Counter

from coordinator.domain import metrics
from coordinator.extensions import db
from coordinator.models import ClockSummary, CockpitState
from coordinator.models.cockpit import OpenCount
from coordinator.services import cockpit, inbox
from coordinator.services import meeting_agenda as agenda_svc
from coordinator.services import meetings as svc
from coordinator.services.calendar import remove_override, set_override
from coordinator.services.projects import append_event
from tests import review_kit as kit

D = dt.date.fromisoformat


def _objected(name: str):
    row = kit.project(name=name)
    kit.accept(row)
    append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "fire-protection",
                       "decision": "object"}, None, D("2026-06-02"))
    return row


def _meeting_overrides(row, leader) -> None:
    """A meeting on the fire objection; the chair overrides it and signs."""
    picked = [s for s in agenda_svc.suggestions(D("2026-06-03")) if s.project_id == row.id]
    plan = svc.Convening(title="联审会", day=D("2026-06-05"), start="09:30", place="三楼会议室", chair_id=leader.id,
                         departments=("natural-resources",), picked=tuple(picked))
    meeting = svc.board(svc.convene(plan, [], leader, dt.datetime(2026, 6, 3, 8, tzinfo=dt.UTC)).id)
    svc.add_resolution(meeting, leader, meeting.items[0].id,
                       {"kind": "override", "text": "已调整方案", "basis": "《消防法》第十一条"}, meeting.version)
    svc.sign(meeting, leader, D("2026-06-05"), dt.datetime(2026, 6, 5, 9, tzinfo=dt.UTC), meeting.version)


def test_only_overrides_by_signed_minutes_count_as_overturned_at_meetings(db_session):
    kit.departments()
    leader = kit.person("leader")
    at_meeting, by_leader, unsigned = _objected("上会项目"), _objected("领导决定项目"), _objected("未签项目")
    cockpit.refresh(D("2026-06-05"))
    _meeting_overrides(at_meeting, leader)
    # a leader closes an unanswered opinion alone: overridden, but not at a meeting
    append_event(by_leader, {"do": "override", "node": "planning", "item": "permit", "dept": "transport",
                             "reason": "逾期未复"}, leader, D("2026-06-05"))
    picked = [s for s in agenda_svc.suggestions(D("2026-06-05")) if s.project_id == unsigned.id]
    plan = svc.Convening(title="未签", day=D("2026-06-09"), start="09:30", place="会议室", chair_id=leader.id,
                         departments=("natural-resources",), picked=tuple(picked))
    meeting = svc.board(svc.convene(plan, [], leader, dt.datetime(2026, 6, 5, 8, tzinfo=dt.UTC)).id)
    svc.add_resolution(meeting, leader, meeting.items[0].id,
                       {"kind": "override", "text": "拟推翻", "basis": "依据"}, meeting.version)  # never signed
    cockpit.refresh(D("2026-06-05"))
    fire = {s.dept: s for s in cockpit.scorecard("2026-06")}["fire-protection"]
    assert (fire.handled, fire.overridden) == (3, 1)
    assert {s.dept: s for s in cockpit.scorecard("2026-06")}["transport"].overridden == 0
    overturned = db_session.query(ClockSummary).filter_by(overturned=True).one()
    assert (overturned.project_id, overturned.dept, overturned.kind) == (at_meeting.id, "fire-protection", "opinion")
    assert db_session.query(ClockSummary).filter_by(overridden=True).one().project_id == by_leader.id


def test_a_calendar_change_replays_every_project(db_session):
    kit.departments()
    late = kit.project(name="迟到项目")
    kit.accept(late)
    kit.project(name="未启动项目")
    admin = kit.person("admin")
    assert cockpit.refresh(D("2026-06-09")) == 2
    assert cockpit.refresh(D("2026-06-09")) == 0

    def overdue() -> int:
        return db_session.query(ClockSummary).filter_by(project_id=late.id, dept="transport").one().overdue

    assert overdue() == 3  # red on 06-05, 06-08, 06-09
    set_override(admin, D("2026-06-08"), False, "台风停工")
    assert db_session.get(CockpitState, 1).stale
    assert cockpit.refresh(D("2026-06-09")) == 2  # every project, not only those with new events
    assert overdue() == 2
    remove_override(admin, D("2026-06-08"))
    assert cockpit.refresh(D("2026-06-09")) == 2 and overdue() == 3


TARGETED = {**kit.TEMPLATE, "key": "review-target",
            "reform_target": {"node": "start", "working_days": 30, "name": "开工前审批用时 ≤ 30 个工作日"}}


def _snapshot() -> tuple:
    months = cockpit.months()
    return (cockpit.pipeline(), months, [cockpit.scorecard(m) for m in months], cockpit.monthly_trend(),
            db.session.get(CockpitState, 1).red_clocks, cockpit.targets_by_template(), cockpit.stage_days(),
            cockpit.performance(), cockpit.performance(standard_land=True),
            cockpit.with_target(cockpit.targets_by_template(), True),
            {(r.dept, r.node, r.light): r.clocks for r in db.session.query(OpenCount)})


def _planning_done(row, day) -> None:
    """Every opinion given, both items approved, the stage complete: its items count in the stage figures."""
    for item, depts in (("scheme", ("fire-protection", "meteorology")),
                        ("permit", ("civil-air-defense", "transport", "fire-protection"))):
        for dept in depts:
            append_event(row, {"do": "opinion", "node": "planning", "item": item, "dept": dept,
                               "decision": "consent"}, None, day)
        append_event(row, {"do": "decide", "node": "planning", "item": item, "result": "approved"}, None, day)
    append_event(row, {"do": "complete", "node": "planning"}, None, day)


def test_counts_kept_by_difference_equal_counts_from_scratch_and_the_clocks(db_session):
    kit.departments()
    rows = [_objected(f"项目{n}") for n in range(3)]
    cockpit.refresh(D("2026-06-09"))
    for day, dept, row in ((D("2026-06-03"), "transport", rows[0]), (D("2026-06-09"), "transport", rows[1]),
                           (D("2026-06-09"), "civil-air-defense", rows[2])):
        append_event(row, {"do": "opinion", "node": "planning", "item": "permit", "dept": dept,
                           "decision": "consent"}, None, day)
        cockpit.refresh(D("2026-06-09"))
    finished, land = kit.project(TARGETED, name="完成项目"), kit.project(TARGETED, name="标准地项目", standard_land=True)
    kit.accept(finished)
    kit.accept(land)
    cockpit.refresh(D("2026-06-09"))
    _planning_done(finished, D("2026-06-03"))
    cockpit.refresh(D("2026-06-09"))
    kept = _snapshot()
    assert [(s["node"], s["handled"]) for s in kept[6]] == [("planning", 2)]
    assert [(t["standard_land"], t["target_days"], t["projects"]) for t in kept[5]] == [(False, 30, 1), (True, 10, 1)]
    assert len(kept[7]) == 2 and kept[9] == 1 and [p["name"] for p in kept[8]] == ["标准地项目"]
    clocks = db_session.query(ClockSummary).filter(ClockSummary.month == "2026-06").all()
    assert kept[2][0] == metrics.scorecard(
        [(c.dept, c.used, c.limit, c.extended, c.deemed, c.light, c.overturned) for c in clocks])
    assert kept[4] == db_session.query(ClockSummary).filter_by(light="red", finished=None).count()
    open_clocks = db_session.query(ClockSummary).filter_by(finished=None).all()
    assert kept[10] == Counter((c.dept, c.node, c.light) for c in open_clocks) and kept[10]
    for dept in {c.dept for c in open_clocks}:  # the inbox's counts per stage and its badge come from them
        assert inbox.open_count(dept) == sum(c.dept == dept for c in open_clocks)
        for light in (None, "red", "green"):
            assert inbox._counts(dept, inbox.Filters(light=light)) == Counter(
                c.node for c in open_clocks if c.dept == dept and light in (None, c.light))
    db_session.get(CockpitState, 1).stale = True
    assert cockpit.refresh(D("2026-06-09")) == 5
    assert _snapshot() == kept


def test_an_unanswered_opinion_overridden_by_signed_minutes_counts_too(db_session):
    kit.departments()
    leader = kit.person("leader")
    silent = kit.project(name="逾期项目")
    kit.accept(silent)
    picked = [s for s in agenda_svc.suggestions(D("2026-06-05")) if s.project_id == silent.id and s.dept == "transport"]
    plan = svc.Convening(title="联审会", day=D("2026-06-05"), start="09:30", place="会议室", chair_id=leader.id,
                         departments=("natural-resources",), picked=tuple(picked))
    meeting = svc.board(svc.convene(plan, [], leader, dt.datetime(2026, 6, 5, 8, tzinfo=dt.UTC)).id)
    svc.add_resolution(meeting, leader, meeting.items[0].id,
                       {"kind": "override", "text": "逾期视为同意", "basis": "《条例》第二十条"}, meeting.version)
    svc.sign(meeting, leader, D("2026-06-05"), dt.datetime(2026, 6, 5, 9, tzinfo=dt.UTC), meeting.version)
    cockpit.refresh(D("2026-06-05"))
    clock = db_session.query(ClockSummary).filter_by(project_id=silent.id, dept="transport", kind="opinion").one()
    assert (clock.overridden, clock.overturned, clock.month) == (True, True, "2026-06")
    assert {s.dept: s for s in cockpit.scorecard("2026-06")}["transport"].overridden == 1
