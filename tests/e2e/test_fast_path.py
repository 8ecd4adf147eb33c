"""标准地+承诺制 in a real browser: an owner on a standard parcel sees the fast path with its conditions,
opts in (the single-project reports become waived), signs the commitment letter and sees the commitment
items issued the same day; a supervisor of the development-reform bureau claims the energy commitment and
records a breach with evidence; the leader sees the flag. Screenshots at laptop and phone width."""
from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coordinator.extensions import db
from tests.e2e.conftest import E2E_PASSWORD

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PATH = "standard-land-commitment"


@pytest.fixture
def scene(live_app):
    """Fresh people for each viewport, and a filed project of the owner's company on a standard parcel."""
    from coordinator.clock import current_clock
    from coordinator.models import (
        Company,
        Department,
        RegionalAssessment,
        StandardParcel,
        TemplateVersion,
        User,
    )
    from coordinator.services.calendar import app_calendar
    from coordinator.services.passwords import hash_password
    from coordinator.services.projects import append_event, create_project

    tag = secrets.token_hex(3)
    with live_app.app_context():
        today = current_clock().today()
        departments = dict(db.session.query(Department.code, Department.id))
        company = Company(credit_code=f"91331023MA{secrets.token_hex(4).upper()}", name=f"赤城标准地测试{tag}有限公司")
        db.session.add(company)
        db.session.flush()
        now, password = dt.datetime.now(dt.UTC), hash_password(E2E_PASSWORD)
        users = {}
        for name, role, dept in (("owner", "owner", None), ("checker", "supervisor", "development-reform"),
                                 ("leader", "leader", "approval-bureau")):
            users[name] = User(username=f"e2e-fp-{name}-{tag}", display_name=f"{name}{tag}", role=role,
                               password_hash=password, password_changed_at=now, department_id=departments.get(dept),
                               company_id=company.id if role == "owner" else None)
            db.session.add(users[name])
        parcel = StandardParcel(code=f"E2E-{tag}", name=f"测试标准地{tag}", zone="苍山", area_mu=Decimal("28.5"),
                                investment_intensity=Decimal(350), plot_ratio=Decimal("1.2"),
                                tax_per_mu=Decimal(25), energy_value_added=Decimal(2), extra_indicators=[])
        parcel.assessments = [
            RegionalAssessment(kind="area-eia", name="苍山区域规划环评", approved_on=dt.date(2024, 3, 15)),
            RegionalAssessment(kind="area-energy", name="苍山区域能评", approved_on=dt.date(2024, 5, 20)),
            RegionalAssessment(kind="soil-water", name="苍山区域水保", approved_on=dt.date(2023, 11, 8))]
        db.session.add(parcel)
        db.session.flush()
        template = db.session.query(TemplateVersion).filter_by(key="industrial-standard-land").one()
        project = create_project(code=f"2026-331023-29-03-{secrets.randbelow(10**6):06d}",
                                 name=f"赤城新材料仿真植物墙板项目{tag}", template=template, actor=None,
                                 company_id=company.id, investment=12000, land_area=Decimal("28.5"))
        project.parcel_id = parcel.id
        filed = app_calendar().latest_start(today, 1)
        for event in ({"do": "submit", "node": "initiation"}, {"do": "accept", "node": "initiation"},
                      {"do": "decide", "node": "initiation", "item": "filing", "result": "approved"},
                      {"do": "complete", "node": "initiation"}):
            append_event(project, event, None, filed)
        db.session.commit()
        return {"today": today, "project": project.id, "name": project.name,
                **{name: user.username for name, user in users.items()}}


def window_accepts_commitment_stages(live_app, project_id: int, today: dt.date) -> None:
    """The window accepts the 标准地一件事 application (EIA and energy stages), as its inbox would."""
    from coordinator.models import Project
    from coordinator.services.projects import append_event

    with live_app.app_context():
        project = db.session.get(Project, project_id)
        for node in ("eia", "energy-review"):
            append_event(project, {"do": "submit", "node": node}, None, today)
            append_event(project, {"do": "accept", "node": node}, None, today)
        db.session.commit()


def log_out(page):
    page.locator("form.nav-logout button").click()
    page.wait_for_load_state("networkidle")


def test_owner_opts_in_signs_and_a_breach_reaches_the_leader(page, log_in, screenshot, scene, live_app):
    project_url = f"/projects/{scene['project']}"
    log_in(scene["owner"], E2E_PASSWORD)
    page.goto(project_url)
    panel = page.locator("section.fastpath-panel")
    expect(panel).to_contain_text("测试标准地")
    panel.locator("a[href$='/fast-paths']").click()
    expect(page.locator("section.path-card")).to_have_count(2)  # 标准地+承诺制 and 区域评估 (no commitments)
    card = page.locator("section.path-card", has_text="标准地+承诺制")
    expect(card.locator(".cond-not-held")).to_have_count(0)
    expect(card).to_contain_text("苍山区域能评")
    screenshot("fastpath-eligibility")
    card.locator("form.opt-in-form button").click()
    expect(page).to_have_url(re.compile(rf"{project_url}$"))
    expect(page.locator(".flash-info")).to_be_visible()
    expect(page.locator("#node-eia-report")).to_contain_text("免于办理")
    expect(page.locator("#node-soil-water")).to_contain_text("免于办理")
    screenshot("fastpath-opted-in")

    page.goto(f"{project_url}/paths")
    expect(page.locator("#milestone-pile-start")).to_be_visible()
    expect(page.locator("#milestone-start-works .gain")).to_be_visible()
    screenshot("fastpath-compare")

    window_accepts_commitment_stages(live_app, scene["project"], scene["today"])
    page.goto(f"{project_url}/commitment-letter")
    letter = page.locator("article.letter")
    expect(letter).to_contain_text("421.05")
    expect(letter.locator(".letter-clauses li")).to_have_count(2)
    expect(letter.locator("table.letter-terms")).to_contain_text("按约定期限开工")  # the agreement's obligations
    expect(letter.locator("table.letter-terms")).to_contain_text("达产复核")
    page.fill("#signer", "王建国（法定代表人）")
    screenshot("fastpath-letter")
    page.locator("form.sign-form button").click()
    expect(page.locator(".flash-info")).to_be_visible()
    expect(page.locator(".signature")).to_contain_text("王建国（法定代表人）")
    expect(page.locator(".letter-clauses .cond-held")).to_have_count(2)
    page.goto(project_url)
    today = scene["today"].isoformat()
    commitments = page.locator("table.commitments tbody tr")
    expect(commitments).to_have_count(2)
    expect(commitments.first).to_contain_text(today)
    issued = page.locator("table.clocks tr.item-row", has_text="环境影响报告表审批")
    expect(issued).to_contain_text(today)
    screenshot("fastpath-issued")
    log_out(page)

    log_in(scene["checker"], E2E_PASSWORD)
    page.goto("/supervision/")
    rows = page.locator("table.obligations tr.obligation-row", has_text=scene["name"])
    expect(rows).to_have_count(3)  # the energy commitment, 对标验收 投资强度 and 达产复核 单位能耗增加值 (发改's)
    expect(rows.filter(has_text="对标验收")).to_contain_text("≥ 350")
    row = rows.filter(has_text="节能审查")
    expect(row).to_have_count(1)
    expect(page.locator("table.pushes tr.push-row", has_text=scene["name"]).first).to_be_visible()
    screenshot("supervision-inbox")
    row.locator("button").click()
    expect(page.locator("form.verify-form")).to_be_visible()
    page.check("input[name=outcome][value=breached]")
    page.fill("#finding", "单位能耗增加值1.6万元/吨标煤，低于承诺的2.0")
    page.set_input_files("#evidence", files=[{"name": "核查记录.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("form.verify-form button[type=submit]").click()
    expect(page.locator(".flash-info")).to_be_visible()
    expect(page.locator(".obligation-status")).to_contain_text("未履行")
    expect(page.locator(".credit-flag")).to_be_visible()
    screenshot("supervision-breach")
    log_out(page)

    log_in(scene["leader"], E2E_PASSWORD)
    expect(page.locator(".nav-bell .badge")).to_be_visible()
    page.goto("/supervision/credit")
    expect(page.locator("table.credit-records tr.credit-row", has_text=scene["name"])).to_be_visible()
    screenshot("leader-credit")
    page.goto(project_url)
    expect(page.locator("section.fastpath-panel .credit-flag")).to_contain_text("承诺未履行")
    screenshot("leader-project-flag")
