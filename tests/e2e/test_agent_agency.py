"""The agent's and the agency's journeys in a real browser: an agent opens the cockpit, logs a follow-up
with a next-action date (it appears on the chase list), sets a target date that cannot be met and sees which
nodes cause it; an agency user delivers the EIA report and the EIA stage that waited for it becomes ready.
Screenshots at laptop and phone width go to test-artifacts/."""
from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
from playwright.sync_api import expect

from coordinator.extensions import db
from tests.e2e.conftest import E2E_PASSWORD

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def world(live_app):
    """A fresh agent, an agency with one user, and a project whose EIA report is being written by that agency
    (initiation done, the report started), assigned to the agent."""
    from sqlalchemy import select

    from coordinator.clock import current_clock
    from coordinator.domain.credit_code import check_character
    from coordinator.models import TemplateVersion, User
    from coordinator.services.agencies import record_contract, register_agency
    from coordinator.services.agents import assign_agent
    from coordinator.services.calendar import app_calendar
    from coordinator.services.passwords import hash_password

    tag = secrets.token_hex(3)
    with live_app.app_context():
        today = current_clock().today()
        cal = app_calendar()
        now = dt.datetime.now(dt.UTC)
        agent = User(username=f"e2e-agent-{tag}", display_name=f"代办{tag}", role="agent",
                     password_hash=hash_password(E2E_PASSWORD), password_changed_at=now)
        first17 = "91331023MA" + "".join(secrets.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
        agency = register_agency(None, name=f"测试环评咨询{tag}有限公司", credit_code=first17 + check_character(first17),
                                 services=["environmental-assessment"])
        agency_user = User(username=f"e2e-agency-{tag}", display_name=f"中介{tag}", role="agency",
                           password_hash=hash_password(E2E_PASSWORD), password_changed_at=now, agency_id=agency.id)
        db.session.add_all([agent, agency_user])
        db.session.flush()
        project = _project(tag, today, cal, select, TemplateVersion)
        record_contract(project, "eia-report", agency, None, signed_on=cal.latest_start(today, 4), working_days=15)
        assign_agent(project, agent, None, today)
        db.session.commit()
        return {"agent": agent.username, "agency": agency_user.username, "project": project.id,
                "name": project.name}


def _project(tag, today, cal, select, TemplateVersion):
    from coordinator.services.projects import append_event, create_project

    template = db.session.scalars(select(TemplateVersion).where(TemplateVersion.key == "enterprise-filing")
                                  .order_by(TemplateVersion.version.desc())).first()
    project = create_project(code=f"2026-331023-34-03-{secrets.randbelow(10**6):06d}", name=f"代办测试项目{tag}",
                             template=template, actor=None)
    for ago, event in ((3, {"do": "submit", "node": "initiation"}), (3, {"do": "accept", "node": "initiation"}),
                       (2, {"do": "decide", "node": "initiation", "item": "filing", "result": "approved"}),
                       (2, {"do": "complete", "node": "initiation"}), (1, {"do": "start", "node": "eia-report"})):
        append_event(project, event, None, cal.latest_start(today, ago))
    return project


def _log_out(page):
    page.locator("form.nav-logout button").click()
    page.wait_for_load_state("networkidle")


def test_agent_follows_up_and_plans_backwards(page, log_in, screenshot, world):
    log_in(world["agent"], E2E_PASSWORD)
    page.locator("a.nav-cockpit").click()
    expect(page).to_have_url(re.compile(r"/agent$"))
    expect(page.locator("table.cockpit")).to_contain_text(world["name"])
    page.locator("table.cockpit a", has_text=world["name"]).click()
    expect(page).to_have_url(re.compile(rf"/projects/{world['project']}$"))

    form = page.locator("form.followup-form")
    form.locator("select[name=node]").select_option("eia-report")
    form.locator("input[name=contact]").fill("测试环评咨询 项目负责人")
    form.locator("textarea[name=agreed]").fill("本周五前提交报告表初稿")
    form.locator("input[name=next_action]").fill("电话催交环评报告表初稿")
    form.locator("input[name=next_action_on]").fill(form.locator("input[name=next_action_on]").get_attribute("min"))
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("table.followup-log")).to_contain_text("电话催交环评报告表初稿")

    page.goto("/agent")
    entry = page.locator("li.chase-entry", has_text="电话催交环评报告表初稿")
    expect(entry).to_be_visible()  # due today: on today's chase list
    screenshot("agent-cockpit")

    page.goto(f"/projects/{world['project']}/plan")
    target = page.locator("#save-target")
    target.fill((dt.date.today() + dt.timedelta(days=7)).isoformat())  # the EIA report alone needs 15 wd
    page.locator("form", has=target).locator("button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(".verdict-missed")).to_contain_text("无法按期实现")
    causes = page.locator("p.causes .cause")
    expect(causes.first).to_be_visible()
    expect(page.locator("tr.row-cause").first).to_contain_text("造成延误")
    screenshot("agent-backward-plan")

    page.goto(f"/projects/{world['project']}/wallchart")
    expect(page.locator("svg.wallchart .wc-today")).to_have_count(1)
    expect(page.locator("svg.wallchart .wc-target")).to_have_count(1)
    expect(page.locator("svg.wallchart .wc-row.critical").first).to_be_attached()
    screenshot("agent-wallchart")


def test_agency_delivers_and_the_waiting_stage_becomes_ready(page, log_in, screenshot, world):
    log_in(world["agency"], E2E_PASSWORD)
    page.locator("a.nav-services").click()
    card = page.locator("section.service-card", has_text=world["name"])
    expect(card.locator(".service-status")).to_have_text("进行中")
    card.locator("input[name=text]").fill("现场踏勘已完成，正在编制报告表")
    card.locator("form", has=page.locator("input[name=text]")).locator("button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    card = page.locator("section.service-card", has_text=world["name"])
    expect(card.locator(".service-notes")).to_contain_text("现场踏勘已完成")
    screenshot("agency-services")
    card.locator("input[name=report]").set_input_files(
        files=[{"name": "环境影响报告表.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    card.locator(".deliver-form button").click()
    expect(page.locator(".flash-success")).to_contain_text("成果报告已提交")
    card = page.locator("section.service-card", has_text=world["name"])
    expect(card.locator(".service-status")).to_have_text("已交付")
    screenshot("agency-delivered")
    _log_out(page)

    log_in(world["agent"], E2E_PASSWORD)
    page.goto(f"/projects/{world['project']}")
    expect(page.locator("#node-eia td").first).to_have_text("可申报")
    expect(page.locator("#service-eia-report")).to_contain_text("已交付")
    expect(page.locator("#service-eia-report")).to_contain_text("现场踏勘已完成")  # the agency's latest note
    screenshot("agent-project-after-delivery")


def test_demo_agent_cockpit_and_the_scoreboard(page, log_in, screenshot):
    """The demo data as `make run` shows it: the demo agent's three projects and chase list, the register."""
    log_in("agent")
    page.goto("/agent")
    expect(page.locator("table.cockpit tbody tr")).to_have_count(3)
    expect(page.locator("li.chase-entry").first).to_be_visible()
    expect(page.locator("li.chase-entry", has_text="到审批局督办人防意见")).to_be_visible()
    screenshot("demo-agent-cockpit")
    page.goto("/agent/wallchart")
    expect(page.locator("svg.wallchart .wc-group")).to_have_count(3)
    screenshot("demo-agent-wallchart")
    _log_out(page)
    log_in("leader")
    page.goto("/agencies")
    row = page.locator("table.scoreboard tbody tr", has_text="台州环科环境咨询有限公司")
    expect(row).to_contain_text("100%")
    screenshot("demo-agency-scoreboard")
