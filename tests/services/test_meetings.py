"""Meetings service: convening from the suggestions, positions, resolutions that act on the project as events
when the chair signs (all or nothing), tasks with lights, locked minutes."""
import datetime as dt

import pytest

from coordinator.extensions import db
from coordinator.models import AuditEntry, MeetingTask, Notification, ProjectEvent
from coordinator.services import meeting_agenda as agenda_svc
from coordinator.services import meetings as svc
from coordinator.services.projects import append_event, project_timeline
from tests.review_kit import accept, departments, person, project

D = dt.date.fromisoformat
DAY = D("2026-06-03")


@pytest.fixture
def objected(db_session):
    """A planning stage whose scheme item has an objection from fire and a consent from meteorology."""
    departments()
    row = project(name="学校项目")
    accept(row)
    append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "fire-protection",
                       "decision": "object"}, None, D("2026-06-02"))
    append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "meteorology",
                       "decision": "consent"}, None, D("2026-06-02"))
    db.session.commit()
    return row


def convene(row, leader, picked, depts=("natural-resources",)):
    plan = svc.Convening(title="联审会", day=D("2026-06-05"), start="09:30", place="三楼会议室", chair_id=leader.id,
                         departments=tuple(depts), picked=tuple(picked))
    meeting = svc.convene(plan, [], leader, dt.datetime(2026, 6, 3, 8, tzinfo=dt.UTC))
    db.session.commit()
    return svc.board(meeting.id)


def test_the_objection_is_suggested_and_convening_invites_its_department(objected):
    leader = person("leader")
    fire = person("reviewer", "fire-protection")
    picked = [s for s in agenda_svc.suggestions(DAY) if s.project_id == objected.id]
    assert [(s.reason, s.item, s.dept) for s in picked] == [("objection", "scheme", "fire-protection")]
    meeting = convene(objected, leader, picked)
    assert (meeting.year, meeting.number) == (2026, 1)
    assert {i.dept for i in meeting.invites} == {"fire-protection", "natural-resources"}
    assert db.session.query(Notification).filter_by(user_id=fire.id, kind="meeting").count() == 1
    assert agenda_svc.suggestions(DAY) == []  # already on an open meeting's agenda


def test_signing_applies_override_and_extension_as_events_and_locks(objected):
    leader = person("leader")
    fire = person("reviewer", "fire-protection")
    meeting = convene(objected, leader, agenda_svc.suggestions(DAY))
    item = meeting.items[0]
    svc.record_position(meeting, fire, item.id, "disagree", "消防通道宽度不足", meeting.version)
    svc.add_resolution(meeting, leader, item.id, {"kind": "override", "text": "已调整方案", "basis": "《消防法》第十一条"},
                       meeting.version)
    svc.add_resolution(meeting, leader, item.id, {"kind": "task", "text": "复核总平面图", "days": 3,
                                                  "dept": "fire-protection"}, meeting.version)
    svc.sign(meeting, leader, DAY, dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), meeting.version)
    db.session.commit()
    decide = db.session.query(ProjectEvent).filter_by(project_id=objected.id, do="decide").one()
    assert decide.data["result"] == "approved" and "《消防法》第十一条" in decide.data["reason"]
    assert "联审纪要〔2026〕1号" in decide.data["note"]
    assert project_timeline(objected, DAY)["nodes"]["planning"]["items"]["scheme"]["status"] == "approved"
    task = db.session.query(MeetingTask).one()
    assert task.due == D("2026-06-08") and task.dept == "fire-protection"
    assert svc.task_lights([task], DAY)[task.id] == "green"
    assert svc.task_lights([task], D("2026-06-09"))[task.id] == "red"
    assert db.session.query(AuditEntry).filter_by(action="meeting:sign").count() == 1
    assert all(invite.attendance == "absent" for invite in meeting.invites)  # 缺席默认
    with pytest.raises(svc.Stale):
        svc.record_discussion(meeting, leader, "补记", meeting.version)
    later = [s for s in agenda_svc.suggestions(DAY) if s.reason == "task"]
    assert [(s.project_id, s.dept) for s in later] == [(objected.id, "fire-protection")]


def test_an_extension_goes_through_the_engine_and_a_refused_event_refuses_the_signature(objected):
    leader = person("leader")
    meeting = convene(objected, leader, agenda_svc.suggestions(DAY))
    item = meeting.items[0]
    svc.add_resolution(meeting, leader, item.id, {"kind": "extend", "text": "需补充论证", "days": 3}, meeting.version)
    svc.add_resolution(meeting, leader, item.id, {"kind": "extend", "text": "再延一次", "days": 2}, meeting.version)
    db.session.commit()
    with pytest.raises(svc.MeetingRefused):
        svc.sign(meeting, leader, DAY, dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), meeting.version)
    db.session.rollback()
    assert db.session.query(ProjectEvent).filter_by(project_id=objected.id, do="extend").count() == 0
    meeting = svc.board(meeting.id)
    assert meeting.signed_on is None
    svc.remove_resolution(meeting, leader, meeting.items[0].resolutions[1].id, meeting.version)
    svc.sign(meeting, leader, DAY, dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), meeting.version)
    db.session.commit()
    extend = db.session.query(ProjectEvent).filter_by(project_id=objected.id, do="extend").one()
    assert extend.data["days"] == 3 and extend.data["reason"] == "需补充论证"
    assert project_timeline(objected, DAY)["nodes"]["planning"]["items"]["scheme"]["extended"] == 3


def test_only_invited_departments_record_positions_and_only_the_chair_signs(objected):
    leader, other_leader = person("leader"), person("leader")
    meteorology = person("reviewer", "transport")
    meeting = convene(objected, leader, agenda_svc.suggestions(DAY))
    with pytest.raises(svc.NotAllowed):
        svc.record_position(meeting, meteorology, meeting.items[0].id, "agree", "", meeting.version)
    with pytest.raises(svc.NotAllowed):
        svc.sign(meeting, other_leader, DAY, dt.datetime(2026, 6, 3, tzinfo=dt.UTC), meeting.version)
    with pytest.raises(svc.Stale):
        svc.record_discussion(meeting, leader, "x", meeting.version - 1)
    with pytest.raises(svc.MeetingRefused):
        svc.add_resolution(meeting, leader, meeting.items[0].id, {"kind": "override", "text": "x"}, meeting.version)


def test_the_demo_meeting_is_seeded_once(db_session):
    from coordinator.demo import seed_all
    from coordinator.models import Meeting

    seed_all()
    seed_all()
    meeting = db.session.query(Meeting).one()
    assert meeting.signed_on is None and len(meeting.items) == 2 and len(meeting.invites) == 3


def test_supplement_pauses_the_item_and_conditions_become_a_task_of_the_objecting_department(objected):
    leader = person("leader")
    meeting = convene(objected, leader, agenda_svc.suggestions(DAY))
    item = meeting.items[0]
    svc.add_resolution(meeting, leader, item.id, {"kind": "supplement", "text": "补充日照分析"}, meeting.version)
    svc.add_resolution(meeting, leader, item.id, {"kind": "conditions", "text": "增设环形消防车道"}, meeting.version)
    svc.sign(meeting, leader, DAY, dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), meeting.version)
    db.session.commit()
    pause = db.session.query(ProjectEvent).filter_by(project_id=objected.id, do="pause").one()
    assert pause.item == "scheme" and pause.data["reason"] == "supplement" and "补充日照分析" in pause.data["note"]
    assert project_timeline(objected, DAY)["nodes"]["planning"]["items"]["scheme"]["status"] == "paused"
    task = db.session.query(MeetingTask).one()
    assert (task.dept, task.text, task.due) == ("fire-protection", "增设环形消防车道", D("2026-06-10"))


def test_the_chair_is_a_leader(objected):
    lead = person("lead", "natural-resources")
    plan = svc.Convening(title="联审会", day=D("2026-06-05"), start="09:30", place="三楼", chair_id=lead.id,
                         departments=("natural-resources",), picked=tuple(agenda_svc.suggestions(DAY)))
    with pytest.raises(svc.MeetingRefused):
        svc.convene(plan, [], lead, dt.datetime(2026, 6, 3, 8, tzinfo=dt.UTC))


def test_a_flagged_project_is_suggested_until_a_meeting_takes_it(objected):
    leader = person("leader")
    with pytest.raises(svc.MeetingRefused):
        agenda_svc.flag_project(objected.id, " ", leader)
    agenda_svc.flag_project(objected.id, "重点项目，需协调", leader)
    flagged = [s for s in agenda_svc.suggestions(DAY) if s.reason == "flagged"]
    assert [(s.project_id, s.note) for s in flagged] == [(objected.id, "重点项目，需协调")]
    convene(objected, leader, flagged)
    assert [s for s in agenda_svc.suggestions(DAY) if s.reason == "flagged"] == []
