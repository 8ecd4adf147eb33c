"""Agents and agencies on the demo data: assignment and hand-over with history, follow-ups on the chase
list, the target date, contracts and consortia, delivery turning a report into the next stage's material,
the scoreboard; audit rows for every action and query counts that do not grow with the data."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from coordinator.clock import current_clock
from coordinator.demo import agencies as demo_agencies
from coordinator.domain.chase import AGENCY_LATE, FOLLOW_UP
from coordinator.domain.errors import RuleBroken
from coordinator.domain.uploads import UploadRefused
from coordinator.extensions import db
from coordinator.models import (
    Agency,
    AgencyContract,
    AgentAssignment,
    AuditEntry,
    Document,
    FollowUp,
    Notification,
    TemplateVersion,
    User,
)
from coordinator.services import agencies as agency_service
from coordinator.services import agents as agent_service
from coordinator.services.projects import append_event, create_project, project_timeline
from tests.agent_kit import FIRST, PDF, SECOND, seed_demo
from tests.queries import count_queries


@pytest.fixture
def demo(db_session):
    """The demo data as `flask seed-demo` loads it."""
    return seed_demo()


def audits(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_demo_seed_is_idempotent_and_links_the_agent_and_agency(demo):
    assert demo_agencies.seed(demo["today"]) == 0
    agent, agency_user = demo["users"]["agent"], demo["users"]["agency"]
    assert {p.code for p in demo["projects"].values() if p.agent_id == agent.id} == set(demo_agencies.AGENT_PROJECTS)
    first_agency = db.session.scalar(select(Agency).where(Agency.credit_code == demo_agencies.DEMO_AGENCIES[0][0]))
    assert agency_user.agency_id == first_agency.id
    assert db.session.scalar(select(func.count()).select_from(AgencyContract)) == 5


def test_hand_over_keeps_the_history_and_is_audited(demo):
    project = demo["projects"][FIRST]
    other = User(username="agent2", display_name="王代办", role="agent", password_hash="!")
    db.session.add(other)
    db.session.flush()
    lead = demo["users"]["lead"]
    later = demo["today"] + dt.timedelta(days=3)
    agent_service.assign_agent(project, other, lead, later, "原代办员调岗")
    history = agent_service.assignment_history(project)
    assert [(h.agent_id, h.since, h.until) for h in history] == [
        (other.id, later, None), (demo["users"]["agent"].id, demo["today"], later)]
    assert project.agent_id == other.id
    (note,) = db.session.scalars(select(Notification).where(Notification.user_id == other.id)).all()
    assert note.kind == "agent_assigned" and note.link == f"/projects/{project.id}"
    (row,) = audits("agent:handover")
    assert row.user_id == lead.id and row.detail["previous"] == demo["users"]["agent"].id
    with pytest.raises(agent_service.AgentError):
        agent_service.assign_agent(project, other, lead, later)
    with pytest.raises(agent_service.AgentError):
        agent_service.assign_agent(project, lead, lead, later)  # not an agent account


def test_follow_up_comes_back_on_the_chase_list_on_its_day(demo):
    agent, today = demo["users"]["agent"], demo["today"]
    project = demo["projects"][SECOND]
    tomorrow = today + dt.timedelta(days=1)
    agent_service.log_follow_up(project, agent, today, contact="环科 林工", agreed="周五前交初稿",
                                next_action="催交环评报告表", next_action_on=tomorrow, node="eia-report")
    texts = lambda day: [e.text for e in agent_service.cockpit(agent, day).chase if e.category == FOLLOW_UP]
    assert "催交环评报告表" not in texts(today)
    assert "催交环评报告表" in texts(tomorrow)
    assert "到审批局督办人防意见" in texts(today)  # the demo follow-up due today
    with pytest.raises(agent_service.AgentError):
        agent_service.log_follow_up(project, agent, today, contact="x", next_action="y",
                                    next_action_on=today - dt.timedelta(days=1))
    with pytest.raises(agent_service.AgentError):
        agent_service.log_follow_up(project, agent, today, contact=" ")
    assert len(audits("follow_up:log")) == 2  # the demo one and ours


def test_cockpit_queries_do_not_grow_with_projects(demo):
    agent = demo["users"]["agent"]
    template_id, agency_id = demo["projects"][FIRST].template_id, db.session.scalar(select(Agency.id))
    db.session.expunge_all()
    with count_queries() as few:
        small = agent_service.cockpit(db.session.get(User, agent.id), demo["today"])
    template = db.session.get(TemplateVersion, template_id)
    for n in range(4):
        extra = create_project(code=f"2026-331023-34-03-2000{n:02d}", name=f"加测项目{n}", template=template,
                               actor=None, agent_id=agent.id)
        append_event(extra, {"do": "submit", "node": "initiation"}, None, demo["today"])
        db.session.add(AgencyContract(project_id=extra.id, node="eia-report", agency_id=agency_id, signed_on=demo["today"],
                                      working_days=10))
    db.session.commit()
    db.session.expunge_all()
    with count_queries() as more:
        big = agent_service.cockpit(db.session.get(User, agent.id), demo["today"])
    assert len(big.rows) == len(small.rows) + 4
    assert len(more) == len(few) <= 8, more


def test_late_agency_shows_against_its_contract(demo):
    agent = demo["users"]["agent"]
    project = demo["projects"][SECOND]  # eia-report started 4 working days ago, contracted 15
    late_day = current_clock().today() + dt.timedelta(days=30)
    entries = [e for e in agent_service.cockpit(agent, late_day).chase if e.category == AGENCY_LATE]
    assert (project.id, "eia-report", "red") in {(e.project_id, e.node, e.light) for e in entries}


def test_target_date_is_stored_and_audited_and_the_plan_names_the_causes(demo):
    project = demo["projects"][SECOND]
    agent = demo["users"]["agent"]
    too_soon = demo["today"] + dt.timedelta(days=7)
    agent_service.set_target(project, too_soon, agent)
    assert project.target_date == too_soon
    (row,) = [a for a in audits("project:target") if a.object_id == str(project.id)]
    assert row.detail["new"] == too_soon.isoformat()
    plan = agent_service.plan_for(project, demo["today"], too_soon)
    assert not plan.feasible and plan.short_by > 0 and plan.causes
    assert all(r.critical and r.slack < 0 for r in plan.rows if r.causes)


def test_contract_rules(demo):
    project = demo["projects"][SECOND]
    owner = demo["users"]["owner"]
    eia_agency, energy_agency = (db.session.scalar(select(Agency).where(Agency.credit_code == row[0]))
                                 for row in demo_agencies.DEMO_AGENCIES[:2])
    signed = demo["today"]
    with pytest.raises(agency_service.AgencyError, match="service"):
        agency_service.record_contract(project, "eia-report", energy_agency, owner, signed_on=signed, working_days=10)
    with pytest.raises(agency_service.AgencyError, match="node"):
        agency_service.record_contract(project, "eia", eia_agency, owner, signed_on=signed, working_days=10)
    with pytest.raises(agency_service.AgencyError, match="started"):  # eia-report is under way
        agency_service.record_contract(project, "eia-report", eia_agency, owner, signed_on=signed, working_days=9)
    contract = agency_service.record_contract(project, "energy-report", energy_agency, owner, signed_on=signed,
                                              working_days=10, fee=3)
    assert contract.working_days == 10 and audits("agency:contract")[-1].user_id == owner.id


def test_consortium_package_with_member_limits(demo):
    project = demo["projects"][FIRST]
    owner = demo["users"]["owner"]
    lead = db.session.scalar(select(Agency).where(Agency.credit_code == demo_agencies.DEMO_AGENCIES[0][0]))
    with pytest.raises(agency_service.AgencyError, match="package_days"):
        agency_service.form_consortium(project, owner, name="多评合一", lead=lead, service_days=12,
                                       nodes=["energy-report", "soil-water-report"])
    consortium = agency_service.form_consortium(project, owner, name="多评合一", lead=lead, service_days=18,
                                                nodes=["energy-report", "soil-water-report"])
    rows = agency_service.service_rows(list(agency_service.contracts_of(project).values()), demo["today"])
    packaged = [r for r in rows if r.contract.consortium_id == consortium.id]
    assert len(packaged) == 2 and all(r.package is not None for r in packaged)
    assert {r.reading.light for r in packaged} == {"none"}  # members not started yet


def test_delivery_stores_the_report_as_the_next_stage_material_and_the_stage_becomes_ready(demo):
    project = demo["projects"][SECOND]
    agency_user = demo["users"]["agency"]
    contract = agency_service.contract_for_agency(agency_service.contracts_of(project)["eia-report"].id,
                                                  agency_user.agency_id)
    assert project_timeline(project, demo["today"])["nodes"]["eia"]["status"] == "waiting"
    document = agency_service.deliver_service(contract, agency_user, demo["today"], "环评报告表.pdf", io.BytesIO(PDF))
    db.session.commit()
    assert document.material == "eia-report-form" and document.project_id == project.id
    timeline = project_timeline(project, demo["today"])
    assert timeline["nodes"]["eia-report"]["status"] == "delivered"
    assert timeline["nodes"]["eia"]["status"] == "ready"
    assert audits("event:deliver") and audits("document:upload")
    told = db.session.scalars(select(Notification).where(Notification.kind == "agency_delivered")).all()
    assert {n.user_id for n in told} == {demo["users"]["owner"].id, demo["users"]["agent"].id}


def test_a_refused_delivery_writes_nothing(demo):
    project = demo["projects"][FIRST]  # its energy report has not started
    agency_user = demo["users"]["agency"]
    contract = agency_service.contracts_of(project)["soil-water-report"]
    with pytest.raises(RuleBroken):
        agency_service.deliver_service(contract, agency_user, demo["today"], "水保.pdf", io.BytesIO(PDF))
    db.session.rollback()
    second = demo["projects"][SECOND]
    running = agency_service.contracts_of(second)["eia-report"]
    with pytest.raises(UploadRefused):
        agency_service.deliver_service(running, agency_user, demo["today"], "report.exe", io.BytesIO(b"MZ"))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_an_agency_sees_only_its_own_services(demo):
    agency_user = demo["users"]["agency"]
    mine = agency_service.my_services(agency_user.agency_id, demo["today"])
    assert mine and {r.contract.agency_id for r in mine} == {agency_user.agency_id}
    other = db.session.scalar(select(AgencyContract).where(AgencyContract.agency_id != agency_user.agency_id))
    assert agency_service.contract_for_agency(other.id, agency_user.agency_id) is None
    assert agency_service.my_services(None, demo["today"]) == []


def test_scoreboard_and_its_query_count(demo):
    today = demo["today"]
    first = db.session.scalar(select(Agency).where(Agency.credit_code == demo_agencies.DEMO_AGENCIES[0][0]))
    with count_queries() as queries:
        scores = agency_service.scores(today)
    assert len(queries) <= 4, queries  # contracts, projects, their events, the calendar stamp
    owner = demo["users"]["owner"]
    energy = db.session.scalar(select(Agency).where(Agency.credit_code == demo_agencies.DEMO_AGENCIES[1][0]))
    agency_service.record_contract(demo["projects"][SECOND], "energy-report", energy, owner, signed_on=today,
                                   working_days=10)
    db.session.commit()
    with count_queries() as more:
        agency_service.scores(today)
    assert len(more) == len(queries)
    score = scores[first.id]
    # demo: project 1's EIA delivered after 13 wd on a 15-wd contract; project 2's running; one not started
    assert (score.services, score.delivered, score.on_time, score.median_used, score.median_contracted) == (
        3, 1, 1, 13, 15)


def test_register_agency_checks_the_credit_code(demo):
    clerk = demo["users"]["clerk"]
    with pytest.raises(agency_service.AgencyError, match="check"):
        agency_service.register_agency(clerk, name="某咨询", credit_code="91331023MA2H7K3P1A", services=["surveying"])
    with pytest.raises(agency_service.AgencyError, match="taken"):
        agency_service.register_agency(clerk, name="重复", credit_code=demo_agencies.DEMO_AGENCIES[0][0],
                                       services=["surveying"])
    with pytest.raises(agency_service.AgencyError, match="services"):
        agency_service.register_agency(clerk, name="某咨询", credit_code="91331023MA2H7K3P2L",
                                       services=["cooking"])
    assert db.session.scalar(select(func.count()).select_from(AgentAssignment)) == 3
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 1
