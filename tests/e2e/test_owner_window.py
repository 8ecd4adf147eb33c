"""The first user journey in a real browser: an owner registers their company and a project, submits a
bundled application with two uploads; a window clerk accepts it with one deferred material (容缺受理); the
owner supplies it and prints the receipt; another owner cannot open the project or its file (404).
Screenshots at laptop and phone width go to test-artifacts/."""
from __future__ import annotations

import datetime as dt
import io
import re
import secrets

import pytest
from playwright.sync_api import expect

from coordinator.domain.credit_code import check_character
from coordinator.extensions import db
from tests.e2e.conftest import E2E_PASSWORD

expect.set_options(timeout=15_000)  # a submit replays the project and stores files: give a busy CI time

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _credit_code() -> str:
    first = "91331023MA" + "".join(secrets.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
    return first + check_character(first)


@pytest.fixture
def people(live_app):
    """A new owner without a company, a clerk of the approval bureau, and another owner with a project and a
    stored file (fresh names for each viewport)."""
    from coordinator.models import Department, User
    from coordinator.services.documents import store_upload
    from coordinator.services.passwords import hash_password
    from coordinator.services.registration import register_company, register_project

    tag = secrets.token_hex(3)
    with live_app.app_context():
        bureau = db.session.query(Department).filter_by(code="approval-bureau").one()
        now = dt.datetime.now(dt.UTC)
        users = {}
        for name, role, department in (("owner", "owner", None), ("clerk", "clerk", bureau.id),
                                       ("other", "owner", None)):
            user = User(username=f"e2e-{name}-{tag}", display_name=f"{name}{tag}", role=role,
                        password_hash=hash_password(E2E_PASSWORD), password_changed_at=now, department_id=department)
            db.session.add(user)
            users[name] = user
        db.session.flush()
        other = users["other"]
        register_company(other, "他人建设有限公司", _credit_code())
        project = register_project(other, {"name": "他人的项目", "code": f"2026-331023-34-03-{secrets.randbelow(10**6):06d}",
                                           "kind": "small-low-risk", "location": "天台"}, dt.date.today())
        document = store_upload(project, "business-license", "他人执照.pdf", io.BytesIO(PDF), other)
        db.session.commit()
        return {"owner": users["owner"].username, "clerk": users["clerk"].username, "other": other.username,
                "other_project": project.id, "other_document": document.id}


def _log_out(page):
    page.locator("form.nav-logout button").click()
    page.wait_for_load_state("networkidle")


def _idle_out(live_app, username: str) -> None:
    """Make the user's server-side sessions older than the idle timeout."""
    from coordinator.models import User, UserSession

    with live_app.app_context():
        user_id = db.session.query(User.id).filter_by(username=username).scalar()
        past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
        db.session.query(UserSession).filter_by(user_id=user_id).update({"last_seen": past})
        db.session.commit()


def _fill_form(page):
    """Fill every asked field by its type."""
    for field in page.locator("fieldset.form-section").first.locator(".form-field").all():
        control = field.locator("input, select").first
        kind = control.get_attribute("type") or ""
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(index=1)
        elif kind == "date":
            control.fill("2026-12-01")
        elif control.get_attribute("inputmode") == "decimal":
            control.fill("12.5")
        else:
            control.fill("天台县始丰街道测试路1号")


def test_owner_applies_clerk_defers_owner_supplies(page, log_in, screenshot, people):
    code = f"2026-331023-34-03-{secrets.randbelow(10**6):06d}"
    log_in(people["owner"], E2E_PASSWORD)
    page.goto("/owner/projects/new")
    expect(page).to_have_url(re.compile(r"/owner/company$"))
    page.fill("#f-name", "台州测试建设有限公司")
    page.fill("#f-credit_code", _credit_code()[:-1] + "?")
    page.click("main form button[type=submit]")
    expect(page.locator("#e-credit_code")).to_be_visible()  # bad code: input kept, message shown
    page.fill("#f-credit_code", _credit_code())
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/owner/projects/new$"))
    page.fill("#f-name", "台州测试年产10万件零部件项目")
    page.fill("#f-code", code)
    page.select_option("#f-kind", "small-low-risk")
    page.fill("#f-location", "天台县始丰街道")
    page.fill("#f-investment", "3200")
    page.fill("#f-land_area", "12")
    screenshot("owner-new-project")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/projects/\d+$"))
    project_url = page.url

    page.locator(".owner-panel .apply-form button").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+$"))
    _fill_form(page)
    page.set_input_files("input[name=file-business-license]",
                         files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.set_input_files("input[name=file-land-sale-contract]",
                         files=[{"name": "土地出让合同.png", "mimeType": "image/png", "buffer": PNG}])
    screenshot("owner-application")
    page.locator("button[value=submit]").click()
    expect(page).to_have_url(project_url)
    expect(page.locator(".flash-info")).to_be_visible()
    expect(page.locator("table.events")).to_contain_text("申请")
    _log_out(page)

    log_in(people["clerk"], E2E_PASSWORD)
    page.goto("/window/")
    row = page.locator("table.inbox tbody tr", has_text="台州测试年产10万件零部件项目")
    expect(row.locator(".light-green")).to_be_visible()
    screenshot("window-inbox")
    row.locator("a").first.click()
    expect(page.locator("table.checklist")).to_contain_text("营业执照.pdf")
    defer = page.locator("form.decision", has=page.locator("button[value=defer]"))
    defer.locator("input[name=deferred][value=power-of-attorney]").check()
    defer.locator("input[name=due]").fill((dt.date.today() + dt.timedelta(days=14)).isoformat())
    screenshot("window-review")
    defer.locator("button[value=defer]").click()
    expect(page.locator(".flash-info")).to_be_visible()
    expect(page.locator("button[value=accept]")).to_have_count(0)
    _log_out(page)

    log_in(people["owner"], E2E_PASSWORD)
    page.goto(project_url)
    deferred = page.locator("table.deferred")
    expect(deferred).to_contain_text("授权委托书")
    screenshot("owner-deferred")
    deferred.locator("input[type=file]").first.set_input_files(
        files=[{"name": "授权委托书.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    deferred.locator("button").first.click()
    expect(page.locator(".flash-info")).to_be_visible()
    expect(page.locator("table.deferred")).to_have_count(0)
    page.locator(".owner-panel a[href*='/receipts/']").first.click()
    expect(page.locator(".qr img")).to_be_visible()
    expect(page.locator(".query-code")).not_to_be_empty()
    screenshot("owner-receipt")
    public_url = page.locator(".qr small").inner_text()
    _log_out(page)

    page.goto(public_url)
    expect(page.locator("table.public-stages")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("营业执照.pdf")
    screenshot("public-progress")


def test_an_owner_cannot_open_another_owners_project_or_file(page, log_in, people):
    log_in(people["owner"], E2E_PASSWORD)
    assert page.goto(f"/projects/{people['other_project']}").status == 404
    assert page.request.get(f"/documents/{people['other_document']}").status == 404
    _log_out(page)
    log_in(people["other"], E2E_PASSWORD)
    assert page.goto(f"/projects/{people['other_project']}").status == 200
    own = page.request.get(f"/documents/{people['other_document']}")
    assert own.status == 200 and own.body() == PDF
    assert "filename*=UTF-8''" in own.headers["content-disposition"]


def test_notice_of_missing_materials_and_an_expired_session_lose_nothing(page, log_in, screenshot, people, live_app):
    from coordinator.models import User
    from coordinator.services.registration import register_company, register_project

    with live_app.app_context():
        owner = db.session.query(User).filter_by(username=people["owner"]).one()
        register_company(owner, "台州告知测试有限公司", _credit_code())
        project = register_project(owner, {"name": "告知测试项目", "code": f"2026-331023-34-03-{secrets.randbelow(10**6):06d}",
                                           "kind": "small-low-risk", "location": "天台"}, dt.date.today())
        db.session.commit()
        project_url = f"/projects/{project.id}"

    log_in(people["owner"], E2E_PASSWORD)
    page.goto(project_url)
    page.locator(".owner-panel .apply-form button").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+$"))
    draft_url = page.url
    _fill_form(page)
    page.fill("#v-building-height", "23.5")
    _idle_out(live_app, people["owner"])  # the session times out while the owner is typing
    page.locator("button[value=save]").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.fill("input[name=username]", people["owner"])
    page.fill("input[name=password]", E2E_PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(draft_url)
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.locator("#v-building-height")).to_have_value("23.5")
    screenshot("owner-draft-restored")
    page.locator("button[value=submit]").click()
    expect(page).to_have_url(re.compile(r"/projects/\d+$"))
    _log_out(page)

    log_in(people["clerk"], E2E_PASSWORD)
    page.goto("/window/")
    page.locator("table.inbox tbody tr", has_text="告知测试项目").locator("a").first.click()
    notify = page.locator("form.decision", has=page.locator("button[value=notify]"))
    notify.locator("input[name=missing][value=business-license]").check()
    notify.locator("input[name=missing][value=parcel-map]").check()
    notify.locator("textarea[name=note]").fill("营业执照须加盖公章")
    notify.locator("button[value=notify]").click()
    expect(page.locator(".flash-info")).to_be_visible()
    _log_out(page)

    log_in(people["owner"], E2E_PASSWORD)
    page.goto(project_url)
    notice = page.locator(".owner-panel .task-notice")
    expect(notice).to_contain_text("营业执照")
    expect(notice).to_contain_text("营业执照须加盖公章")
    notice.locator("a").first.click()
    expect(page.locator("ol.notice-list li")).to_have_count(2)
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    screenshot("owner-notice-print")
