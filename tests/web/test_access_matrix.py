"""The access matrix, generated from the permission table: role × every route × (own, other) → status.

1. Every non-public endpoint has a Case (tests/access_cases/) or is listed as pending.
2. For every route and method, every role outside the permission table gets 403 (JSON on /api/), and an
   anonymous visitor the login page (401 JSON on /api/); the object does not even have to exist.
3. For every declared Case, every role inside the table gets the Case's status for its own object and for
   someone else's (404 may not see / 403 may not act).
How to declare a Case: see tests/access_cases/__init__.py.
"""
from __future__ import annotations

import pytest

from coordinator.clock import current_clock
from coordinator.domain.permissions import ALL_ROLES, PERMISSIONS
from coordinator.extensions import db
from coordinator.services.tokens import create_token
from coordinator.web.access import PUBLIC, access_of
from tests.access_cases import all_cases
from tests.access_cases.pending import PENDING
from tests.login import log_in, make_user

CASES = all_cases()
ROLES = sorted(ALL_ROLES)


def guarded_routes(app) -> list[tuple[str, str, str, str]]:
    """(endpoint, permission, method, url with placeholder arguments) for every non-public route."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        permission = access_of(app.view_functions[rule.endpoint])
        if permission == PUBLIC:
            continue
        values = {name: 999999 if type(conv).__name__ == "IntegerConverter" else "x"
                  for name, conv in rule._converters.items()}
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, permission, method, url))
    return routes


def client_for(app, user):
    """A test client acting as `user`: a live session for pages, a bearer token for the API."""
    client = app.test_client()
    log_in(client, user)
    _token, raw = create_token(user, "matrix", current_clock().now())
    db.session.commit()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def call(client, method: str, url: str, data: dict | None = None):
    if url.startswith("/api/"):
        return client.open(url, method=method, json=data or {})
    return client.open(url, method=method, data=data or {})


def test_every_guarded_endpoint_is_declared_or_pending(app):
    endpoints = {endpoint for endpoint, *_ in guarded_routes(app)}
    missing = sorted(endpoints - set(CASES) - PENDING)
    assert not missing, f"declare these in tests/access_cases/<area>.py: {missing}"
    assert not PENDING & set(CASES), "declared endpoints must leave pending.PENDING"
    assert not PENDING - endpoints, f"pending endpoints that no longer exist: {sorted(PENDING - endpoints)}"


def test_anonymous_visitors_are_sent_to_log_in(app, client):
    wrong = []
    for endpoint, _permission, method, url in guarded_routes(app):
        response = call(client, method, url)
        expected = 401 if url.startswith("/api/") else 302
        if response.status_code != expected or (expected == 302 and "/login" not in response.location):
            wrong.append(f"{method} {url} ({endpoint}): {response.status_code}")
    assert not wrong, wrong


@pytest.mark.parametrize("role", ROLES)
def test_roles_outside_the_table_get_403_on_every_route(app, db_session, role):
    client = client_for(app, make_user(role))
    wrong = []
    for endpoint, permission, method, url in guarded_routes(app):
        if role in PERMISSIONS[permission]:
            continue
        response = call(client, method, url)
        if response.status_code != 403 or (url.startswith("/api/") and not response.is_json):
            wrong.append(f"{method} {url} ({endpoint}, {permission}): {response.status_code}")
    assert not wrong, wrong


@pytest.mark.parametrize("role", ROLES)
def test_roles_inside_the_table_get_own_and_other_statuses(app, db_session, role):
    user = make_user(role)
    client = client_for(app, user)
    wrong = []
    for endpoint, case in sorted(CASES.items()):
        if role not in PERMISSIONS[access_of(app.view_functions[endpoint])]:
            continue
        for whose, expected in (("own", case.own_status(role)), ("other", case.other_status(role))):
            request = case.build(user, whose)
            if request is None:
                continue
            status = call(client, request.method, request.url, request.data).status_code
            if status != expected:
                wrong.append(f"{whose} {request.method} {request.url} ({endpoint}): {status}, expected {expected}")
        if endpoint == "auth.logout":
            client = client_for(app, user)
    assert not wrong, wrong
