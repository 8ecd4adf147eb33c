"""The owner's pages through HTTP: company and project registration with checked codes, the bundled
application (re-rendered with the input on errors, idempotent submit), uploads and downloads with the
original Chinese name, object rules (404 for someone else's project or file)."""
import io
import re
import time
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from coordinator.extensions import db
from coordinator.models import (
    Application,
    AuditEntry,
    Company,
    Document,
    Project,
    ProjectEvent,
    User,
)
from coordinator.services.templates import sync_templates
from tests.application_kit import GOOD_FORM, PDF, PNG, bundle_project, people
from tests.login import log_in, make_user


@pytest.fixture
def who(db_session):
    return people()


@pytest.fixture
def project(who):
    return bundle_project(who["owner"].company_id)


def _start(client, project, token="token-0000000001", stages=("land", "scheme")):
    response = client.post(f"/projects/{project.id}/applications", data={"token": token, "stage": list(stages)})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_owner_without_company_registers_one_with_a_checked_credit_code(client, db_session):
    owner = make_user("owner", company_id=None)
    log_in(client, owner)
    assert client.get("/owner/projects/new").headers["Location"].endswith("/owner/company")
    bad = client.post("/owner/company", data={"name": "某公司", "credit_code": "91330100716105852X"})
    assert bad.status_code == 422 and 'id="e-credit_code"' in bad.get_data(as_text=True)
    assert "91330100716105852X" in bad.get_data(as_text=True)  # the input is kept
    good = client.post("/owner/company", data={"name": "某公司", "credit_code": "91330100 716105852f"})
    assert good.status_code == 302
    assert db.session.get(User, owner.id).company_id == db.session.scalar(
        select(Company.id).where(Company.credit_code == "91330100716105852F"))


def test_project_registration_checks_the_code_and_its_uniqueness(client, who):
    sync_templates()
    db.session.commit()
    log_in(client, who["owner"])
    form = {"name": "新项目", "code": "2026-331023-34-03-999999", "kind": "enterprise-filing", "location": "天台",
            "investment": "26000", "land_area": "45", "industry": "制造", "planned_start": "2026-09-01",
            "standard_land": "yes"}
    bad = client.post("/owner/projects/new", data={**form, "code": "2026-99"})
    assert bad.status_code == 422 and 'value="2026-99"' in bad.get_data(as_text=True)
    response = client.post("/owner/projects/new", data=form)
    assert response.status_code == 302
    project = db.session.scalar(select(Project).where(Project.code == form["code"]))
    assert project.company_id == who["owner"].company_id and project.standard_land and project.public_code
    assert project.template.key == "enterprise-filing"
    again = client.post("/owner/projects/new", data=form)
    assert again.status_code == 422
    assert db.session.scalar(select(func.count(Project.id)).where(Project.code == form["code"])) == 1


def test_project_page_shows_the_owner_panel_with_ready_stages(client, who, project):
    log_in(client, who["owner"])
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'name="stage" value="land"' in page and 'name="stage" value="scheme"' in page


def test_bundled_form_reshows_the_input_with_messages_and_keeps_the_draft(client, who, project):
    log_in(client, who["owner"])
    application_id = _start(client, project)
    assert _start(client, project) == application_id  # double click on "apply": one draft
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert page.count('name="site"') == 1 and page.count('name="file-licence"') == 1
    assert page.count('class="tag tag-deferrable"') == 2
    saved_at = int(re.search(r'data-saved-at="(\d+)"', page).group(1))
    assert abs(saved_at - time.time()) < 120  # UTC epoch whatever the server's time zone (the JS compares it)
    response = client.post(f"/applications/{application_id}", data={**GOOD_FORM, "area": "很多", "action": "submit",
                                                                    "token": "token-0000000001"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="很多"' in body and 'value="天台县赤城街道"' in body
    assert db.session.get(Application, application_id).form["area"] == "很多"
    assert db.session.scalar(select(func.count(ProjectEvent.id))) == 0


def test_submit_with_uploads_then_double_submit_records_once(client, who, project):
    log_in(client, who["owner"])
    application_id = _start(client, project)
    data = {**GOOD_FORM, "action": "submit", "token": "token-0000000001",
            "file-licence": (io.BytesIO(PDF), "营业执照.pdf"), "file-contract": (io.BytesIO(PNG), "出让合同.png")}
    response = client.post(f"/applications/{application_id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/projects/{project.id}")
    again = client.post(f"/applications/{application_id}", data={**GOOD_FORM, "action": "submit", "token": "token-0000000001"})
    assert again.status_code == 200  # shows the submitted application, records nothing
    events = db.session.scalars(select(ProjectEvent.do)).all()
    assert events == ["submit", "submit"]
    assert sorted(db.session.scalars(select(Document.material)).all()) == ["contract", "licence"]


def test_a_refused_upload_is_reported_and_the_rest_kept(client, who, project):
    log_in(client, who["owner"])
    application_id = _start(client, project)
    data = {**GOOD_FORM, "action": "save", "token": "token-0000000001",
            "file-licence": (io.BytesIO(b"MZ..."), "营业执照.pdf"), "file-contract": (io.BytesIO(PDF), "合同.pdf")}
    response = client.post(f"/applications/{application_id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalars(select(Document.material)).all() == ["contract"]


def test_download_restores_the_chinese_name_and_is_audited(client, who, project):
    log_in(client, who["owner"])
    application_id = _start(client, project)
    client.post(f"/applications/{application_id}", content_type="multipart/form-data",
                data={"action": "save", "token": "token-0000000001", "file-licence": (io.BytesIO(PDF), "营业执照（副本）.pdf")})
    document = db.session.scalars(select(Document)).one()
    response = client.get(f"/documents/{document.id}")
    assert response.status_code == 200 and response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('营业执照（副本）.pdf')}" in disposition and 'filename="' in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "document:download")) == 1


def test_another_owner_gets_404_for_the_project_its_draft_and_its_files(client, app, who, project):
    owner_client = app.test_client()
    log_in(owner_client, who["owner"])
    application_id = _start(owner_client, project)
    owner_client.post(f"/applications/{application_id}", content_type="multipart/form-data",
                      data={"action": "save", "token": "token-0000000001", "file-licence": (io.BytesIO(PDF), "a.pdf")})
    document = db.session.scalars(select(Document)).one()
    log_in(client, who["stranger"])
    assert client.get(f"/projects/{project.id}").status_code == 404
    assert client.get(f"/applications/{application_id}").status_code == 404
    assert client.get(f"/documents/{document.id}").status_code == 404
    assert client.post(f"/projects/{project.id}/applications", data={"token": "x", "stage": "land"}).status_code == 404
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "document:download")) == 0


def test_window_staff_cannot_edit_an_application(client, who, project):
    log_in(client, who["clerk"])
    assert client.post(f"/projects/{project.id}/applications", data={"token": "x", "stage": "land"}).status_code == 403


def test_an_expired_session_sends_the_owner_back_to_the_draft_after_login(client, who, project):
    log_in(client, who["owner"])
    application_id = _start(client, project)
    client.post("/logout")
    response = client.post(f"/applications/{application_id}", data={**GOOD_FORM, "action": "save"})
    assert response.status_code == 302
    assert f"next=%2Fapplications%2F{application_id}" in response.headers["Location"]


def test_a_lost_csrf_session_sends_the_owner_back_to_the_draft_not_to_an_error(app, client, who, project):
    log_in(client, who["owner"])
    application_id = _start(client, project)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/applications/{application_id}", data={**GOOD_FORM, "action": "save"})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/applications/{application_id}")
        other = client.post("/owner/projects/new", data={"name": "x"})
        assert other.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_an_agent_registers_a_project_for_the_owner_it_acts_for(client, who):
    sync_templates()
    agent = make_user("agent")
    log_in(client, agent)
    form = {"name": "代办项目", "code": "2026-331023-34-03-444444", "kind": "enterprise-filing", "location": "天台"}
    page = client.get("/owner/projects/new").get_data(as_text=True)
    assert 'name="owner_credit_code"' in page
    assert client.post("/owner/projects/new", data=form).status_code == 422
    response = client.post("/owner/projects/new", data={**form, "owner_credit_code": "91330100716105852F"})
    assert response.status_code == 302
    project = db.session.scalar(select(Project).where(Project.code == form["code"]))
    assert (project.company_id, project.agent_id) == (who["owner"].company_id, agent.id)
