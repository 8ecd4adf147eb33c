"""The opinions API: what each caller sees, giving an opinion with a version (stale → 409), a second
opinion → 409 with the current one, corrections with a revision number, and the timeline agreeing."""
import pytest

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.services.tokens import create_token
from tests.review_kit import D, accept, departments, person, project


@pytest.fixture
def world(db_session, business_date):
    departments()
    people = {"lead": person("lead", "natural-resources"), "fire": person("reviewer", "fire-protection"),
              "fire2": person("reviewer", "fire-protection"), "cad": person("reviewer", "civil-air-defense")}
    row = project()
    people["owner"] = person("owner", company_id=row.company_id)
    db.session.commit()
    accept(row)
    business_date(D("2026-06-02"))
    return row, people


def bearer(user) -> dict:
    _, raw = create_token(user, "test", current_clock().now())
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def opinion_of(listing, item, dept):
    return next(o for o in listing["opinions"] if (o["item"], o["dept"]) == (item, dept))


def test_a_department_sees_only_its_opinions_and_the_lead_sees_all(client, world):
    row, people = world
    fire = client.get(f"/api/v1/projects/{row.id}/opinions", headers=bearer(people["fire"])).json
    assert {(o["item"], o["dept"]) for o in fire["opinions"]} == {("scheme", "fire-protection"),
                                                                  ("permit", "fire-protection")}
    lead = client.get(f"/api/v1/projects/{row.id}/opinions", headers=bearer(people["lead"])).json
    assert len(lead["opinions"]) == 5
    owner = client.get(f"/api/v1/projects/{row.id}/opinions", headers=bearer(people["owner"])).json
    assert owner["opinions"] == []


def test_giving_an_opinion_with_versions_and_the_timeline_agrees(client, world):
    row, people = world
    headers = bearer(people["fire"])
    url = f"/api/v1/projects/{row.id}/opinions"
    current = opinion_of(client.get(url, headers=headers).json, "scheme", "fire-protection")
    body = {"node": "planning", "item": "scheme", "dept": "fire-protection", "decision": "conditional",
            "conditions": "增设消防车道", "version": current["version"]}
    assert client.post(url, json={**body, "version": current["version"] + 1}, headers=headers).status_code == 409
    assert client.post(url, json={**body, "extra": 1}, headers=headers).status_code == 422
    assert client.post(url, json={**body, "conditions": ""}, headers=headers).status_code == 422
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 201
    assert (response.json["decision"], response.json["revisions"][0]["signer"]) == (
        "conditional", people["fire"].display_name)
    second = client.post(url, json={**body, "decision": "consent"}, headers=bearer(people["fire2"]))
    assert second.status_code == 409 and second.json["error"]["current"]["decision"] == "conditional"
    timeline = client.get(f"/api/v1/projects/{row.id}/timeline", headers=headers).json
    engine = timeline["nodes"]["planning"]["items"]["scheme"]["opinions"]["fire-protection"]
    listed = opinion_of(client.get(url, headers=headers).json, "scheme", "fire-protection")
    assert {k: listed[k] for k in ("started", "deadline", "finished", "used", "light", "decision")} == {
        k: engine[k] for k in ("started", "deadline", "finished", "used", "light", "decision")}


def test_a_department_cannot_answer_for_another(client, world):
    row, people = world
    body = {"node": "planning", "item": "scheme", "dept": "fire-protection", "decision": "consent", "version": 0}
    assert client.post(f"/api/v1/projects/{row.id}/opinions", json=body,
                       headers=bearer(people["cad"])).status_code == 404
    assert client.post(f"/api/v1/projects/{row.id}/opinions", json=body,
                       headers=bearer(people["owner"])).status_code == 403


def test_corrections_are_numbered_and_a_stale_number_is_409(client, world):
    row, people = world
    url = f"/api/v1/projects/{row.id}/opinions"
    body = {"node": "planning", "item": "permit", "dept": "civil-air-defense"}
    client.post(url, json={**body, "decision": "object", "basis": "《人民防空法》", "version": 0},
                headers=bearer(people["cad"]))
    fix = {**body, "number": 1, "basis": "《人民防空法》第二十二条", "reason": "补充条款"}
    headers = bearer(people["cad"])
    response = client.post(f"{url}/revisions", json=fix, headers=headers)
    assert response.status_code == 201 and [r["number"] for r in response.json["revisions"]] == [1, 2]
    stale = client.post(f"{url}/revisions", json=fix, headers=headers)
    assert stale.status_code == 409 and len(stale.json["error"]["current"]["revisions"]) == 2


def test_the_lead_issues_results_and_completes_with_the_project_version(client, world):
    row, people = world
    lead = bearer(people["lead"])
    url = f"/api/v1/projects/{row.id}"
    version = client.get(f"{url}/opinions", headers=lead).json["project_version"]
    refused = client.post(f"{url}/stages/planning/items/scheme/result", headers=lead,
                          json={"result": "approved", "permit_no": "1", "version": version})
    assert refused.status_code == 422 and "opinions still open" in refused.json["error"]["message"]
    for dept, who, item in [("fire-protection", "fire", "scheme"), ("fire-protection", "fire", "permit"),
                            ("civil-air-defense", "cad", "permit")]:
        client.post(f"{url}/opinions", headers=bearer(people[who]),
                    json={"node": "planning", "item": item, "dept": dept, "decision": "consent", "version": 0})
    stale = client.post(f"{url}/stages/planning/items/scheme/result", headers=lead,
                        json={"result": "approved", "permit_no": "1", "version": version})
    assert stale.status_code == 409 and stale.json["error"]["current"]["project_version"] == version + 3
    assert client.post(f"{url}/stages/planning/items/scheme/result", headers=lead,
                       json={"result": "approved", "version": version + 3}).status_code == 422  # no permit no.
    other_lead = bearer(person("lead", "transport"))
    assert client.post(f"{url}/stages/planning/complete", headers=other_lead,
                       json={"version": version + 3}).status_code == 403
    meteo = bearer(person("reviewer", "meteorology"))
    client.post(f"{url}/opinions", headers=meteo, json={"node": "planning", "item": "scheme", "dept": "meteorology",
                                                        "decision": "consent", "version": 0})
    done = client.post(f"{url}/stages/planning/items/scheme/result", headers=lead,
                       json={"result": "approved", "permit_no": "建字第1号", "version": version + 4})
    assert done.status_code == 201 and done.json["project_version"] == version + 5
    assert done.json["stage"]["items"]["scheme"]["permit_no"] == "建字第1号"
