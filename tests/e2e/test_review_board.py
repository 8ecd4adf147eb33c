"""The lead's opinion board in a browser: the lead sends the requests, the board fills as two departments
answer, the business date moves so a third department goes overdue (red) and an unanswered deemed-consent
opinion records itself, a leader overrides the red one, the lead issues the results and completes the stage,
and the owner's project page shows the next stage ready. Screenshots in test-artifacts/review-*.png."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from playwright.sync_api import expect

from coordinator.clock import BUSINESS_DATE_KEY
from coordinator.extensions import db
from coordinator.models import AuditEntry, Department, User
from coordinator.services.passwords import hash_password
from coordinator.services.projects import append_event
from coordinator.services.settings import get_setting, put_setting
from tests.e2e.conftest import E2E_PASSWORD
from tests.review_kit import TEMPLATE, project

_runs = itertools.count(1)
ROLES = {"lead": ("lead", "natural-resources"), "fire": ("reviewer", "fire-protection"),
         "meteo": ("reviewer", "meteorology"), "transport": ("reviewer", "transport"),
         "cad": ("reviewer", "civil-air-defense"), "leader": ("leader", "natural-resources")}


def set_date(app, day: str) -> None:
    with app.app_context():
        put_setting(BUSINESS_DATE_KEY, day)
        db.session.commit()


@pytest.fixture
def review_world(live_app):
    """A project whose planning stage was accepted on Monday 2026-06-01, and one login per role."""
    run = next(_runs)
    with live_app.app_context():
        previous = get_setting(BUSINESS_DATE_KEY)
        secret, now = hash_password(E2E_PASSWORD), dt.datetime.now(dt.UTC)
        departments = {d.code: d.id for d in db.session.query(Department)}
        names = {}
        for key, (role, dept) in ROLES.items():
            username = f"rv{run}-{key}"
            db.session.add(User(username=username, display_name=f"{key}{run}", role=role, password_hash=secret,
                                password_changed_at=now, department_id=departments[dept]))
            names[key] = username
        row = project(TEMPLATE, name=f"浏览器并联审批项目{run}")
        names["owner"] = f"rv{run}-owner"
        db.session.add(User(username=names["owner"], display_name="业主", role="owner", password_hash=secret,
                            password_changed_at=now, company_id=row.company_id))
        for do in ("submit", "accept"):
            append_event(row, {"do": do, "node": "planning"}, None, dt.date(2026, 6, 1))
        db.session.commit()
        project_id = row.id
    set_date(live_app, "2026-06-01")
    yield project_id, names
    set_date(live_app, previous or dt.date.today().isoformat())


def as_user(browser, live_server, viewport, username):
    """A fresh browser page logged in as `username` through the real login form."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", E2E_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def screenshot_of(page, name: str) -> None:
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def answer(page, project_id, item, dept, decision, conditions="", shot=""):
    page.goto(f"/review/projects/{project_id}/opinions/planning/{item}/{dept}")
    page.check(f"input[name=decision][value={decision}]")
    if conditions:
        page.fill("textarea[name=conditions]", conditions)
    if shot:
        screenshot_of(page, shot)
    page.click("form.opinion-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("意见已签署并发送")
    expect(page.locator("ol.revisions li")).to_have_count(1)  # signed, with signer and time


def test_board_fills_goes_red_records_deemed_consent_and_completes(page, browser, live_server, live_app,
                                                                  review_world, screenshot):
    project_id, users = review_world
    viewport = page.viewport_size
    lead = page
    lead.goto("/login")
    lead.fill("input[name=username]", users["lead"])
    lead.fill("input[name=password]", E2E_PASSWORD)
    lead.click("main form button[type=submit]")

    lead.click("nav a.nav-inbox")
    lead.click(f"section.to-send a[href*='/review/projects/{project_id}/stages/planning/assign']")
    expect(lead.locator("table.assign tbody tr")).to_have_count(5)
    screenshot("review-assign")
    lead.click("form.assign-form button[type=submit]")
    board = lead.locator("table.board")
    expect(board).to_be_visible()
    expect(board.locator("td.decision-open")).to_have_count(5)

    fire = as_user(browser, live_server, viewport, users["fire"])
    expect(fire.locator("nav a.nav-inbox .badge")).to_be_visible()
    fire.goto(f"/review/inbox?project={project_id}")
    expect(fire.locator("tr.inbox-row")).to_have_count(2)  # scheme and permit, earliest deadline first
    screenshot_of(fire, "review-inbox")
    answer(fire, project_id, "permit", "fire-protection", "conditional", "增设环形消防车道", shot="review-opinion")
    meteo = as_user(browser, live_server, viewport, users["meteo"])
    answer(meteo, project_id, "scheme", "meteorology", "consent")

    lead.reload()
    expect(board.locator("td.stand-out")).to_have_count(1)
    expect(board.locator("td.stand-out")).to_contain_text("增设环形消防车道")
    expect(board.locator("td.decision-consent")).to_have_count(1)
    screenshot("review-board-filling")

    set_date(live_app, "2026-06-05")  # the 3-day opinions were due Thursday 06-04
    lead.reload()
    deemed = board.locator("tr[data-dept=fire-protection] td[data-item=scheme]")
    expect(deemed).to_contain_text("视为同意")
    red = board.locator("tr[data-dept=civil-air-defense] td[data-item=permit]")
    expect(red.locator(".light-red")).to_be_visible()
    screenshot("review-board-overdue")
    with live_app.app_context():
        assert db.session.query(AuditEntry).filter(AuditEntry.action == "opinion:deemed",
                                                   AuditEntry.object_id == str(project_id)).count() == 1

    leader = as_user(browser, live_server, viewport, users["leader"])
    leader.goto("/review/overdue")
    expect(leader.locator("table.overdue-list")).to_contain_text("浏览器并联审批项目")
    leader.goto(f"/review/projects/{project_id}/stages/planning/board")
    for dept in ("civil-air-defense", "transport"):
        cell = leader.locator(f"tr[data-dept={dept}] td[data-item=permit]")
        cell.locator("summary").click()
        cell.locator("textarea[name=reason]").fill("联审会议决定，意见已在会上协调")
        cell.locator("button[type=submit]").click()
        expect(leader.locator(".flash")).to_contain_text("该意见已由领导决定关闭")

    lead.reload()
    for item in ("scheme", "permit"):
        cell = lead.locator(f"tfoot td[data-item={item}]")
        cell.locator("summary", has_text="出具办理结果").click()
        cell.locator("input[name=result][value=approved]").check()
        cell.locator("input[name=permit_no]").fill(f"建字第2026-{item}号")
        cell.locator("button", has_text="出具").click()
        expect(lead.locator(".flash")).to_contain_text("事项办理结果已出具")
    lead.click("form.complete-form button[type=submit]")
    expect(lead.locator(".flash")).to_contain_text("阶段办理结果已出具")
    screenshot("review-board-complete")

    owner = as_user(browser, live_server, viewport, users["owner"])
    owner.goto(f"/projects/{project_id}")
    expect(owner.locator("#node-construction")).to_contain_text("可申报")
    expect(owner.locator("nav .badge-bell")).to_be_visible()
    screenshot_of(owner, "review-owner-project")
    screenshot_of(leader, "review-leader-board")
    for other in (fire, meteo, leader, owner):
        other.context.close()
