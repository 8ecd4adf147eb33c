"""POST /api/v1/simulations: 200 with the timeline, 422 naming the field or the event, 401/403 without the right."""
import json
from pathlib import Path

import pytest
import yaml

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.services.tokens import create_token
from tests.contract import assert_contract
from tests.login import make_user

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "formats" / "examples"
URL = "/api/v1/simulations"


def scenario(name: str = "contract-example") -> dict:
    """A shared example as a JSON body (dates as ISO strings)."""
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def bearer(role: str) -> dict:
    user = make_user(role)
    _, raw = create_token(user, "test", current_clock().now())
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def clerk(db_session):
    return bearer("clerk")


@pytest.mark.parametrize("name", ["contract-example", "enterprise-parallel-opinions", "plan-feasible",
                                  "rongque-deferred-material"])
def test_200_with_the_timeline(client, clerk, name):
    response = client.post(URL, json=scenario(name), headers=clerk)
    assert response.status_code == 200, response.get_data(as_text=True)
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert_contract(expected, response.get_json())


def test_422_names_the_event_and_the_rule(client, clerk):
    body = scenario()
    body["events"].append({"date": "2026-03-05", "do": "complete", "node": "land-planning"})
    response = client.post(URL, json=body, headers=clerk)
    assert response.status_code == 422
    assert response.get_json() == {"error": {
        "status": 422, "position": 5, "rule": "R8",
        "message": "event 5 (2026-03-05 complete land-planning): stage 'land-planning' is ready, not accepted [R8]",
    }}


@pytest.mark.parametrize("mutate, field, text", [
    (lambda b: b.update(colour="red"), "colour", "colour: unknown top-level key"),
    (lambda b: b["events"][0].update(date="03/02/2026"), "events[1].date", "must be an ISO date"),
    (lambda b: b["events"][1].update(do="stamp"), "events[2].do", "unknown event 'stamp'"),
    (lambda b: b.update(template="nope"), "template", "unknown template 'nope'"),
    (lambda b: b.update(as_of="tomorrow"), "as_of", "must be an ISO date"),
])
def test_422_names_the_field(client, clerk, mutate, field, text):
    body = scenario()
    mutate(body)
    response = client.post(URL, json=body, headers=clerk)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field
    assert text in error["message"]
    assert "position" not in error


@pytest.mark.parametrize("payload", [[1, 2], "text"])
def test_422_for_a_body_that_is_not_an_object(client, clerk, payload):
    response = client.post(URL, json=payload, headers=clerk)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "body"


def test_a_shipped_template_by_key(client, clerk):
    body = {"template": "enterprise-filing", "project": {"name": "p"}, "as_of": "2026-03-20",
            "events": [{"date": "2026-03-02", "do": "submit", "node": "initiation"}]}
    response = client.post(URL, json=body, headers=clerk)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["nodes"]["initiation"]["deemed_accepted"] is True


def test_401_without_a_token(client):
    response = client.post(URL, json=scenario())
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401


def test_403_without_the_permission(client, db_session):
    response = client.post(URL, json=scenario(), headers=bearer("auditor"))
    assert response.status_code == 403


def test_owners_and_agents_rehearse_their_own_plans(client, db_session):
    for role in ("owner", "agent"):
        assert client.post(URL, json=scenario(), headers=bearer(role)).status_code == 200
