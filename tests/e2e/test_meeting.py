"""A joint-approval meeting in a browser: a leader convenes it from the suggestions, two departments record
their positions, the chair overrides the objection and grants an extension, signs, and the project's page
shows both events with the meeting's reasons. Screenshots in test-artifacts/meeting-*.png."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from playwright.sync_api import expect

from coordinator.clock import BUSINESS_DATE_KEY
from coordinator.extensions import db
from coordinator.models import Department, ProjectEvent, User
from coordinator.services.passwords import hash_password
from coordinator.services.projects import append_event
from coordinator.services.settings import get_setting, put_setting
from tests.e2e.conftest import E2E_PASSWORD
from tests.e2e.test_review_board import as_user, screenshot_of
from tests.review_kit import TEMPLATE, project

_runs = itertools.count(1)
ROLES = {"leader": ("leader", "natural-resources"), "fire": ("reviewer", "fire-protection"),
         "meteo": ("reviewer", "meteorology")}


@pytest.fixture
def meeting_world(live_app):
    """A project whose scheme item has fire's objection and meteorology's consent, one login per role."""
    run = next(_runs)
    with live_app.app_context():
        previous = get_setting(BUSINESS_DATE_KEY)
        secret, now = hash_password(E2E_PASSWORD), dt.datetime.now(dt.UTC)
        departments = {d.code: d.id for d in db.session.query(Department)}
        names = {}
        for key, (role, dept) in ROLES.items():
            names[key] = f"mt{run}-{key}"
            db.session.add(User(username=names[key], display_name=f"{key}{run}", role=role, password_hash=secret,
                                password_changed_at=now, department_id=departments[dept]))
        row = project(TEMPLATE, name=f"浏览器联审学校{run}")
        for do in ("submit", "accept"):
            append_event(row, {"do": do, "node": "planning"}, None, dt.date(2026, 6, 1))
        for dept, decision in (("fire-protection", "object"), ("meteorology", "consent")):
            append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": dept,
                               "decision": decision}, None, dt.date(2026, 6, 2))
        put_setting(BUSINESS_DATE_KEY, "2026-06-03")
        db.session.commit()
        project_id = row.id
    yield project_id, names
    with live_app.app_context():
        put_setting(BUSINESS_DATE_KEY, previous or dt.date.today().isoformat())
        db.session.commit()


def position(page, meeting_url, stance, text=""):
    page.goto(meeting_url)
    form = page.locator("form.position-form").first
    form.locator(f"input[name=stance][value={stance}]").check()
    if text:
        form.locator("textarea[name=text]").fill(text)
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("意见已记录")


def decide(page, kind, text, basis="", days=""):
    item = page.locator("li.agenda-item").first
    item.locator("details.cell-action summary", has_text="添加议定事项").click()
    form = item.locator("form.resolution-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("textarea[name=text]").fill(text)
    if basis:
        form.locator("input[name=basis]").fill(basis)
    if days:
        form.locator("input[name=days]").fill(days)
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("议定事项已记录")


def test_convene_positions_override_extend_sign_and_the_timeline_shows_both(page, browser, live_server, live_app,
                                                                           meeting_world, screenshot):
    project_id, users = meeting_world
    viewport = page.viewport_size
    leader = as_user(browser, live_server, viewport, users["leader"])
    leader.goto("/meetings/")
    leader.click("a.button[href$='/meetings/new']")
    key = f"{project_id}:objection:planning:scheme:fire-protection"
    for box in leader.locator("input[name=suggestion]").all():
        if box.get_attribute("value") != key:
            box.uncheck()
    expect(leader.locator(f"input[name=suggestion][value='{key}']")).to_be_checked()
    leader.fill("input[name=place]", "行政审批服务中心三楼会议室")
    leader.check("input[name=dept][value=meteorology]")
    screenshot_of(leader, "meeting-convene")
    leader.click("form.meeting-form button[type=submit]")
    expect(leader.locator(".flash")).to_contain_text("会议已召集")
    meeting_url = leader.url
    expect(leader.locator("li.agenda-item")).to_have_count(1)

    fire = as_user(browser, live_server, viewport, users["fire"])
    position(fire, meeting_url, "disagree", "消防车道宽度不足4米")
    meteo = as_user(browser, live_server, viewport, users["meteo"])
    position(meteo, meeting_url, "agree")

    leader.goto(meeting_url)
    expect(leader.locator("table.positions")).to_contain_text("消防车道宽度不足4米")
    decide(leader, "override", "建设单位已调整总平面布置，满足消防要求", basis="《中华人民共和国消防法》第十一条")
    decide(leader, "extend", "等待补充日照分析", days="3")
    screenshot_of(leader, "meeting-board")
    leader.click("button.sign-button")
    expect(leader.locator(".meeting-status")).to_contain_text("纪要已于")
    expect(leader.locator("form.resolution-form")).to_have_count(0)  # locked

    leader.goto(f"/projects/{project_id}")
    events = leader.locator("table.events")
    expect(events).to_contain_text("《中华人民共和国消防法》第十一条")
    expect(events).to_contain_text("等待补充日照分析")
    expect(events).to_contain_text("联审纪要")
    screenshot_of(leader, "meeting-project")
    leader.goto(meeting_url + "/minutes")
    expect(leader.locator("pre.minutes-text")).to_contain_text("不予采纳异议")
    screenshot_of(leader, "meeting-minutes")
    with live_app.app_context():
        done = {e.do for e in db.session.query(ProjectEvent).filter_by(project_id=project_id)}
        assert {"extend", "decide"} <= done
