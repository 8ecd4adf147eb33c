"""/api/v1/projects: the timeline of a visible project (404 for others', 401 without a token) and project
registration (422 naming each bad or unknown field), with personal API tokens."""
import datetime as dt

import pytest

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.services.templates import sync_templates
from coordinator.services.tokens import create_token
from tests.application_kit import bundle_project, people


def bearer(user) -> dict:
    _, raw = create_token(user, "test", current_clock().now())
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def who(db_session):
    return people()


def test_timeline_of_an_own_project_and_404_for_someone_elses(client, who, business_date):
    business_date(dt.date(2026, 6, 1))
    project = bundle_project(who["owner"].company_id)
    response = client.get(f"/api/v1/projects/{project.id}/timeline", headers=bearer(who["owner"]))
    assert response.status_code == 200
    body = response.get_json()
    assert body["as_of"] == "2026-06-01" and body["nodes"]["land"]["status"] == "ready"
    assert client.get(f"/api/v1/projects/{project.id}/timeline", headers=bearer(who["stranger"])).status_code == 404
    assert client.get(f"/api/v1/projects/{project.id}/timeline", headers=bearer(who["clerk"])).status_code == 200
    assert client.get(f"/api/v1/projects/{project.id}/timeline").status_code == 401
    assert client.get("/api/v1/projects/999999/timeline", headers=bearer(who["owner"])).status_code == 404


def test_create_a_project(client, who):
    sync_templates()
    db.session.commit()
    body = {"name": "API 项目", "code": "2026-331023-34-03-777777", "kind": "enterprise-filing", "location": "天台",
            "investment": 1200, "land_area": "12.5", "standard_land": True, "planned_start": "2026-10-01"}
    response = client.post("/api/v1/projects", json=body, headers=bearer(who["owner"]))
    assert response.status_code == 201
    created = response.get_json()
    assert created["template"] == "enterprise-filing" and created["public_code"]
    again = client.post("/api/v1/projects", json=body, headers=bearer(who["owner"]))
    assert again.status_code == 422 and again.get_json()["error"]["fields"] == {"code": "taken"}


def test_bad_and_unknown_fields_are_named(client, who):
    sync_templates()
    db.session.commit()
    body = {"name": "", "code": "2026-331023-34-03", "kind": "nope", "location": "天台", "investment": -5,
            "colour": "red"}
    response = client.post("/api/v1/projects", json=body, headers=bearer(who["owner"]))
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"name": "required", "code": "format", "kind": "kind",
                                                      "investment": "number", "colour": "unknown"}
    assert client.post("/api/v1/projects", data="[]", headers={**bearer(who["owner"]),
                                                               "Content-Type": "application/json"}).status_code == 422


def test_window_staff_cannot_create_projects(client, who):
    response = client.post("/api/v1/projects", json={}, headers=bearer(who["clerk"]))
    assert response.status_code == 403


def test_an_agent_registers_a_project_for_a_registered_owner(client, who):
    from coordinator.models import Project
    from tests.login import make_user

    sync_templates()
    agent = make_user("agent")
    db.session.commit()
    body = {"name": "代办项目", "code": "2026-331023-34-03-555555", "kind": "enterprise-filing", "location": "天台"}
    missing = client.post("/api/v1/projects", json=body, headers=bearer(agent))
    assert missing.status_code == 422 and missing.get_json()["error"]["fields"] == {"owner_credit_code": "required"}
    unknown = client.post("/api/v1/projects", json={**body, "owner_credit_code": "91331023MA2K8HX915"},
                          headers=bearer(agent))
    assert unknown.get_json()["error"]["fields"] == {"owner_credit_code": "no_company"}
    owner_code = who["owner"].company.credit_code
    created = client.post("/api/v1/projects", json={**body, "owner_credit_code": owner_code.lower()},
                          headers=bearer(agent))
    assert created.status_code == 201
    project = db.session.get(Project, created.get_json()["id"])
    assert (project.company_id, project.agent_id) == (who["owner"].company_id, agent.id)
    mine = client.get(f"/api/v1/projects/{project.id}/timeline", headers=bearer(who["owner"]))
    assert mine.status_code == 200
    refused = client.post("/api/v1/projects", json={**body, "code": "2026-331023-34-03-555556",
                                                    "owner_credit_code": owner_code}, headers=bearer(who["owner"]))
    assert refused.get_json()["error"]["fields"] == {"owner_credit_code": "unknown"}
