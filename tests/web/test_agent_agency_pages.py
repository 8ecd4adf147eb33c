"""Agent and agency pages through the test client on the demo data: the cockpit and its chase list, the
follow-up form, the backward plan with its causes, the wall charts (escaped SVG), the project panel, the
register and scoreboard, an agency's own services and delivery; who may see what; query counts."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import (
    AgentAssignment,
    AuditEntry,
    Document,
    FollowUp,
    User,
)
from tests.agent_kit import FIRST, PDF, SECOND, seed_demo
from tests.queries import count_queries
from tests.web.web_people import log_in


@pytest.fixture
def demo(db_session):
    return seed_demo()


def get(client, url):
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_cockpit_lists_projects_and_the_chase_list_in_impact_order(client, demo):
    log_in(client, demo["users"]["agent"])
    status, html = get(client, "/agent")
    assert status == 200
    assert "代办工作台" in html and "今日督办清单" in html
    for code in (FIRST, SECOND):
        assert demo["projects"][code].name in html
    categories = [int(c) for c in re.findall(r'data-category="(\d)"', html)]
    assert categories == sorted(categories) and 0 in categories  # a red or yellow clock on a critical path
    assert "到审批局督办人防意见" in html  # the demo follow-up due today
    assert html.index('data-category="0"') < html.index('data-category="4"')


def test_cockpit_queries_do_not_grow_with_projects(client, demo):
    agent = demo["users"]["agent"]
    log_in(client, agent)
    get(client, "/agent")
    with count_queries() as before:
        assert get(client, "/agent")[0] == 200
    other = demo["projects"]["2026-331023-83-01-108003"]  # the school: not yet the agent's
    other.agent_id = agent.id
    db.session.commit()
    with count_queries() as after:
        assert get(client, "/agent")[0] == 200
    assert len(after) == len(before), (len(before), len(after))


def test_follow_up_form_records_and_refuses_a_past_date(client, demo):
    agent, project = demo["users"]["agent"], demo["projects"][SECOND]
    log_in(client, agent)
    tomorrow = (demo["today"] + dt.timedelta(days=1)).isoformat()
    response = client.post(f"/projects/{project.id}/follow-ups", data={
        "node": "eia-report", "contact": "环科 林工", "agreed": "周五交初稿", "next_action": "催交报告",
        "next_action_on": tomorrow})
    assert response.status_code == 302 and response.location.endswith("#followups-h")
    row = db.session.scalar(select(FollowUp).where(FollowUp.project_id == project.id))
    assert (row.contact, row.next_action_on.isoformat(), row.author_id) == ("环科 林工", tomorrow, agent.id)
    client.post(f"/projects/{project.id}/follow-ups", data={"contact": "x", "next_action": "y",
                                                            "next_action_on": "2020-01-01"})
    assert db.session.query(FollowUp).filter_by(project_id=project.id).count() == 1
    _, html = get(client, f"/projects/{project.id}")
    assert "环科 林工" in html and "跟进记录" in html and "下一步行动日期不能早于今天" in html


def test_a_follow_up_done_leaves_the_chase_list(client, demo):
    log_in(client, demo["users"]["agent"])
    row = db.session.scalar(select(FollowUp))
    assert client.post(f"/follow-ups/{row.id}/done", data={"next": "/agent"}).location.endswith("/agent")
    _, html = get(client, "/agent")
    assert "到审批局督办人防意见" not in html


def test_target_that_cannot_be_met_names_the_causes(client, demo):
    project = demo["projects"][SECOND]
    log_in(client, demo["users"]["agent"])
    target = (demo["today"] + dt.timedelta(days=10)).isoformat()
    response = client.post(f"/projects/{project.id}/target", data={"target": target})
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.target_date.isoformat() == target
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "project:target")).detail["new"] == target
    status, html = get(client, f"/projects/{project.id}/plan")
    assert status == 200 and "无法按期实现" in html and "造成延误的环节" in html
    causes = re.findall(r'<tr class="row-cause[^"]*" data-key="([^"]+)"', html)
    assert "construction-permit" in causes  # the last stage before 开工 is always on the critical path
    assert re.search(r'class="slack-negative">-\d+<', html)


def test_trying_a_target_does_not_store_it(client, demo):
    project = demo["projects"][SECOND]
    log_in(client, demo["users"]["owner"])
    far = (demo["today"] + dt.timedelta(days=400)).isoformat()
    status, html = get(client, f"/projects/{project.id}/plan?target={far}")
    assert status == 200 and "可按期实现" in html
    db.session.refresh(project)
    assert project.target_date.isoformat() != far


def test_wall_chart_is_an_escaped_svg_with_today_target_and_critical_path(client, demo):
    project = demo["projects"][FIRST]
    project.name = "<script>alert(1)</script>项目"
    db.session.commit()
    log_in(client, demo["users"]["agent"])
    status, html = get(client, f"/projects/{project.id}/wallchart")
    assert status == 200 and "<script>alert" not in html and "&lt;script&gt;" in html
    svg = html.split("<svg", 1)[1]
    assert 'class="wc-today"' in svg and 'class="wc-target"' in svg
    assert re.search(r'class="wc-row critical" data-key="start-works"', svg)  # the final milestone
    assert 'class="wc-actual"' in svg and 'class="wc-forecast"' in svg
    status, html = get(client, "/agent/wallchart")
    assert status == 200 and html.count('class="wc-group"') == 3


def test_clerk_assigns_and_hands_over_with_history(client, demo):
    project = demo["projects"]["2026-331023-83-01-108003"]
    clerk, agent = demo["users"]["clerk"], demo["users"]["agent"]
    second = User(username="agent2", display_name="王代办", role="agent", password_hash="!")
    db.session.add(second)
    db.session.commit()
    log_in(client, clerk)
    _, html = get(client, f"/projects/{project.id}")
    assert "指派或移交给" in html
    client.post(f"/projects/{project.id}/agent", data={"agent_id": agent.id})
    client.post(f"/projects/{project.id}/agent", data={"agent_id": second.id, "note": "调岗移交"})
    rows = db.session.scalars(select(AgentAssignment).where(AgentAssignment.project_id == project.id)
                              .order_by(AgentAssignment.id)).all()
    assert [(r.agent_id, r.until is not None) for r in rows] == [(agent.id, True), (second.id, False)]
    _, html = get(client, f"/projects/{project.id}")
    assert "王代办" in html and "指派记录" in html


def test_agent_sees_only_assigned_projects(client, demo):
    log_in(client, demo["users"]["agent"])
    school = demo["projects"]["2026-331023-83-01-108003"]
    for url in (f"/projects/{school.id}/plan", f"/projects/{school.id}/wallchart", f"/projects/{school.id}"):
        assert get(client, url)[0] == 404
    assert client.post(f"/projects/{school.id}/follow-ups", data={"contact": "x"}).status_code == 404


def test_project_page_shows_services_against_their_contracts_and_the_stage_days(client, demo):
    log_in(client, demo["users"]["owner"])
    project = demo["projects"][FIRST]
    status, html = get(client, f"/projects/{project.id}")
    assert status == 200
    services = html.split('id="agencies-h"')[1].split("</table>")[0]
    assert "台州环科环境咨询有限公司" in services and "浙江天成节能技术服务有限公司" in services
    assert "选取中介机构并登记合同" in html and "按时率 100%" in html  # the owner chooses with the score
    days = html.split('id="stage-days-h"')[1].split("</table>")[0]
    assert 'data-key="initiation"' in days and 'data-key="eia"' in days


def test_register_and_scoreboard(client, demo):
    log_in(client, demo["users"]["leader"])
    status, html = get(client, "/agencies")
    assert status == 200 and "中介机构库与评价榜" in html
    row = html.split("台州环科环境咨询有限公司")[1].split("</tr>")[0]
    assert "1 / 3" in row and "100%" in row
    log_in(client, demo["users"]["clerk"])
    response = client.post("/agencies/new", data={"name": "天台测绘院", "credit_code": "91331023MA2H7K3P1A",
                                                   "services": ["surveying"]})
    assert response.status_code == 422 and "校验" in response.get_data(as_text=True)
    response = client.post("/agencies/new", data={"name": "天台测绘院", "credit_code": "91331023MA2H7K3P2L",
                                                   "services": ["surveying"], "contact_name": "张工"})
    assert response.status_code == 302
    _, html = get(client, response.location)
    assert "天台测绘院" in html and "91331023MA2H7K3P2L" in html


def test_agency_user_sees_own_services_and_delivers_the_report(client, demo):
    user = demo["users"]["agency"]
    project = demo["projects"][SECOND]
    log_in(client, user)
    status, html = get(client, "/agency")
    assert status == 200 and project.name in html
    assert "浙江天成节能技术服务有限公司" not in html and "节能报告编制" not in html  # not this agency's
    contract_id = int(re.search(r'/agency/services/(\d+)/deliver', html).group(1))
    response = client.post(f"/agency/services/{contract_id}/deliver",
                           data={"report": (io.BytesIO(PDF), "环境影响报告表.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    document = db.session.scalar(select(Document).where(Document.project_id == project.id))
    assert document.material == "eia-report-form"
    log_in(client, demo["users"]["owner"])
    _, html = get(client, f"/projects/{project.id}")
    eia_row = html.split('id="node-eia"')[1].split("</tr>")[0]
    assert "<td>可申报</td>" in eia_row  # the EIA stage was waiting for the report: now ready to apply


def test_agency_user_cannot_act_on_another_agencys_service(client, demo):
    from coordinator.models import AgencyContract

    user = demo["users"]["agency"]
    other = db.session.scalar(select(AgencyContract).where(AgencyContract.agency_id != user.agency_id))
    log_in(client, user)
    assert client.post(f"/agency/services/{other.id}/start").status_code == 404
    assert client.post(f"/agency/services/{other.id}/notes", data={"text": "x"}).status_code == 404
    assert get(client, f"/projects/{other.project_id}")[0] == 403  # agencies do not read project pages


def test_clerk_links_an_agency_account(client, demo):
    clerk = demo["users"]["clerk"]
    newcomer = User(username="agency2", display_name="新中介", role="agency", password_hash="!")
    db.session.add(newcomer)
    db.session.commit()
    agency_id = demo["users"]["agency"].agency_id
    log_in(client, clerk)
    client.post(f"/agencies/{agency_id}/users", data={"username": "owner"})  # not an agency account
    client.post(f"/agencies/{agency_id}/users", data={"username": "agency2"})
    db.session.refresh(newcomer)
    assert newcomer.agency_id == agency_id and demo["users"]["owner"].agency_id is None
    _, html = get(client, f"/agencies/{agency_id}")
    assert "新中介" in html and "冯中介" in html
    assert html.count('id="accounts-h"') == 1  # once, in the page (not also in its <title>)
    assert "<" not in html.split("<title>")[1].split("</title>")[0]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agency:link_user")).user_id == clerk.id


def test_refused_agency_forms_say_why_and_write_nothing(client, demo):
    from coordinator.models import AgencyContract, AgencyQualification

    agency_id = demo["users"]["agency"].agency_id
    project = demo["projects"][SECOND]
    refused = [
        ("clerk", f"/agencies/{agency_id}/qualifications", {"name": "测绘资质", "expires_on": "2026-13-01"},
         "请按 YYYY-MM-DD"),
        ("clerk", f"/agencies/{agency_id}/qualifications", {"name": " ", "expires_on": ""}, "请填写名称。"),
        ("owner", f"/projects/{project.id}/contracts", {"agency_id": "0", "node": "eia", "signed_on": "bad"},
         "请选择本项目的中介服务环节。"),
        ("owner", f"/projects/{project.id}/contracts", {"agency_id": str(agency_id), "node": "eia",
                                                        "signed_on": "bad", "working_days": "10"}, "请按 YYYY-MM-DD"),
    ]
    before = db.session.query(AgencyQualification).count(), db.session.query(AgencyContract).count()
    for who, url, data, message in refused:
        log_in(client, demo["users"][who])
        response = client.post(url, data=data)
        assert response.status_code == 302
        assert message in get(client, response.location)[1], (url, data)
    assert (db.session.query(AgencyQualification).count(), db.session.query(AgencyContract).count()) == before
    log_in(client, demo["users"]["clerk"])
    response = client.post(f"/agencies/{agency_id}/qualifications", data={"name": "测绘资质", "expires_on": ""})
    assert "资质已添加。" in get(client, response.location)[1]
