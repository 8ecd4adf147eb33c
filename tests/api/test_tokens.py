"""Personal API tokens: created and revoked on /account, stored hashed, and obeying the same permission
table as the pages (401 without a live token, 403 JSON for the wrong role)."""
import hashlib
import re

from coordinator.extensions import db
from coordinator.models import ApiToken, AuditEntry
from tests.login import log_in, make_user


def create_token(client, name="scripts") -> str:
    page = client.post("/account/tokens", data={"name": name}).get_data(as_text=True)
    return re.search(r'<code class="token">(cdt_[^<]+)</code>', page).group(1)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_token_is_shown_once_and_stored_hashed(client, db_session):
    log_in(client, make_user("clerk"))
    raw = create_token(client)
    row = db.session.query(ApiToken).one()
    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(row.prefix) and len(row.prefix) == 12
    account = client.get("/account").get_data(as_text=True)
    assert row.prefix in account and raw not in account
    assert db.session.query(AuditEntry).filter_by(action="token_created").count() == 1


def test_token_works_until_revoked(app, client, db_session):
    user = make_user("clerk")
    log_in(client, user)
    raw = create_token(client)
    api = app.test_client()  # no cookie: only the token
    response = api.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 200
    assert response.json["username"] == user.username and "project:view" in response.json["permissions"]
    token_id = db.session.query(ApiToken.id).scalar()
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    response = api.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401 and response.json["error"]["status"] == 401


def test_wrong_role_gets_403_json_and_an_audit_row(app, client, db_session):
    log_in(client, make_user("clerk"))
    raw = create_token(client)
    response = app.test_client().get("/api/v1/users", headers=bearer(raw))
    assert response.status_code == 403 and response.is_json
    entry = db.session.query(AuditEntry).filter_by(action="permission_denied").one()
    assert entry.detail["permission"] == "user:manage" and entry.role == "clerk"


def test_the_right_role_may_use_the_same_route(app, client, db_session):
    log_in(client, make_user("sysadmin"))
    response = app.test_client().get("/api/v1/users", headers=bearer(create_token(client)))
    assert response.status_code == 200 and len(response.json["users"]) == 1


def test_no_or_bad_token_is_401(app, db_session):
    api = app.test_client()
    assert api.get("/api/v1/me").status_code == 401
    assert api.get("/api/v1/me", headers=bearer("cdt_made-up")).status_code == 401
    assert api.get("/api/v1/me", headers={"Authorization": "Basic eDp5"}).status_code == 401


def test_the_session_cookie_does_not_open_the_api(client, db_session):
    log_in(client, make_user("sysadmin"))
    assert client.get("/account").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_a_deactivated_users_token_stops_working(app, client, db_session):
    user = make_user("clerk")
    log_in(client, user)
    raw = create_token(client)
    user.is_active_account = False
    db.session.commit()
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_nobody_revokes_someone_elses_token(app, client, db_session):
    log_in(client, make_user("clerk"))
    create_token(client)
    token_id = db.session.query(ApiToken.id).scalar()
    other = app.test_client()
    log_in(other, make_user("reviewer"))
    assert other.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert db.session.query(ApiToken).one().revoked_at is None


def test_use_is_recorded_on_the_token(app, client, db_session):
    log_in(client, make_user("clerk"))
    raw = create_token(client)
    assert db.session.query(ApiToken).one().last_used_at is None
    app.test_client().get("/api/v1/me", headers=bearer(raw))
    db.session.expire_all()
    assert db.session.query(ApiToken).one().last_used_at is not None
