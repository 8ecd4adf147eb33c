"""Meeting pages: convening from the suggestions, positions, decisions, signing (events on the project page),
409 on a stale form, the minutes and the .ics, and a board whose queries do not grow with its size."""
import datetime as dt

import pytest

from coordinator.extensions import db
from coordinator.models import AgendaItem, Department, Meeting, MeetingInvite, MeetingPosition, ProjectEvent
from coordinator.services.projects import append_event
from tests.review_kit import accept, departments, person, project
from tests.web.test_projects_pages import count_queries
from tests.web.web_people import log_in

D = dt.date.fromisoformat


@pytest.fixture
def setting(db_session, business_date):
    departments()
    row = project(name="实验学校")
    accept(row)
    for dept, decision in (("fire-protection", "object"), ("meteorology", "consent")):
        append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": dept,
                           "decision": decision}, None, D("2026-06-02"))
    db.session.commit()
    business_date(D("2026-06-03"))
    return row


def convene(client, leader, row):
    log_in(client, leader)
    page = client.get("/meetings/new").get_data(as_text=True)
    key = f"{row.id}:objection:planning:scheme:fire-protection"
    assert key in page and "实验学校" in page
    response = client.post("/meetings/new", data={"title": "联审会", "day": "2026-06-05", "start": "09:30",
                                                  "place": "三楼会议室", "chair_id": leader.id, "suggestion": key,
                                                  "dept": "natural-resources"})
    assert response.status_code == 302
    return db.session.query(Meeting).one()


def test_convene_position_decide_sign_and_the_project_page_shows_it(client, setting):
    leader, fire = person("leader"), person("reviewer", "fire-protection")
    db.session.commit()
    meeting = convene(client, leader, setting)
    item = meeting.items[0]
    log_in(client, fire)
    board = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "实验学校" in board and 'class="position-form"' in board
    client.post(f"/meetings/{meeting.id}/items/{item.id}/position",
                data={"stance": "disagree", "text": "消防通道不足", "version": meeting.version})
    log_in(client, leader)
    db.session.refresh(meeting)
    client.post(f"/meetings/{meeting.id}/items/{item.id}/resolutions",
                data={"kind": "override", "text": "方案已调整", "basis": "《消防法》第十一条", "version": meeting.version})
    db.session.refresh(meeting)
    stale = meeting.version - 1
    assert client.post(f"/meetings/{meeting.id}/discussion", data={"text": "x", "version": stale}).status_code == 403
    response = client.post(f"/meetings/{meeting.id}/sign", data={"version": stale})
    assert response.status_code == 409
    response = client.post(f"/meetings/{meeting.id}/sign", data={"version": meeting.version})
    assert response.status_code == 302
    assert db.session.query(ProjectEvent).filter_by(project_id=setting.id, do="decide").count() == 1
    page = client.get(f"/projects/{setting.id}").get_data(as_text=True)
    assert "《消防法》第十一条" in page and "联审纪要〔2026〕1号" in page
    minutes = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert "联审纪要〔2026〕1号" in minutes and "不予采纳异议" in minutes and "消防通道不足" in minutes
    db.session.refresh(meeting)
    assert client.post(f"/meetings/{meeting.id}/discussion", data={"text": "x"}).status_code in (403, 409)


def test_the_invitation_is_an_ics_file(client, setting):
    leader = person("leader")
    db.session.commit()
    meeting = convene(client, leader, setting)
    response = client.get(f"/meetings/{meeting.id}/invitation.ics")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/calendar" and body.startswith("BEGIN:VCALENDAR\r\n")
    assert "DTSTART;TZID=Asia/Shanghai:20260605T093000\r\n" in body and "三楼会议室" in body


def big_meeting(projects: int, depts: int, leader) -> Meeting:
    codes = [f"dept-{projects}-{n}" for n in range(depts)]
    for code in codes:
        db.session.add(Department(code=code, name=code))
    meeting = Meeting(year=2026, number=projects, title="大会", day=D("2026-06-05"), place="大厅", chair_id=leader.id)
    db.session.add(meeting)
    db.session.flush()
    db.session.add_all(MeetingInvite(meeting_id=meeting.id, dept=code) for code in codes)
    for n in range(projects):
        row = AgendaItem(meeting_id=meeting.id, position=n, project_id=project().id, reason="manual")
        db.session.add(row)
        db.session.flush()
        db.session.add_all(MeetingPosition(agenda_item_id=row.id, dept=code, stance="agree") for code in codes)
    db.session.commit()
    return meeting


def test_the_board_of_41_projects_and_14_departments_takes_as_few_queries_as_a_small_one(client, db_session):
    leader = person("leader")
    small, big = big_meeting(1, 1, leader), big_meeting(41, 14, leader)
    log_in(client, leader)
    counts = []
    for url in (f"/meetings/{small.id}", f"/meetings/{big.id}"):
        with count_queries() as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append([q for q in queries if "meeting" in q or "project" in q])
    assert len(counts[0]) == len(counts[1]) == 2, counts
    assert response.get_data(as_text=True).count('class="agenda-item"') == 41


def test_open_tasks_are_listed_with_a_light_until_the_department_reports_them_done(client, setting):
    from coordinator.models import MeetingTask
    from coordinator.services import meeting_agenda as agenda_svc
    from coordinator.services import meetings as svc

    leader, fire, meteo = person("leader"), person("reviewer", "fire-protection"), person("reviewer", "meteorology")
    plan = svc.Convening(title="联审会", day=D("2026-06-05"), start="09:30", place="三楼", chair_id=leader.id,
                         departments=("meteorology",), picked=tuple(agenda_svc.suggestions(D("2026-06-03"))))
    meeting = svc.convene(plan, [], leader, dt.datetime(2026, 6, 3, 8, tzinfo=dt.UTC))
    meeting = svc.board(meeting.id)
    svc.add_resolution(meeting, leader, meeting.items[0].id, {"kind": "task", "text": "复核总平面图", "days": 3,
                                                              "dept": "fire-protection"}, meeting.version)
    svc.sign(meeting, leader, D("2026-06-03"), dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), meeting.version)
    db.session.commit()
    task_id = db.session.query(MeetingTask.id).scalar()
    log_in(client, fire)
    page = client.get("/meetings/").get_data(as_text=True)
    assert "复核总平面图" in page and "light-green" in page and "联审纪要〔2026〕1号" in page
    log_in(client, meteo)
    assert client.post(f"/meetings/tasks/{task_id}/done").status_code == 403
    log_in(client, fire)
    assert client.post(f"/meetings/tasks/{task_id}/done").status_code == 302
    assert "复核总平面图" not in client.get("/meetings/").get_data(as_text=True)
