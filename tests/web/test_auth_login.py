"""Logging in and out: generic failure message, lockout, server-side sessions that really end."""
import datetime as dt

import pytest

from coordinator.extensions import db
from coordinator.models import AuditEntry, User, UserSession
from coordinator.web.auth_loader import SESSION_KEY
from tests.login import PASSWORD, log_in, make_user


def login(client, username, password=PASSWORD, **kwargs):
    return client.post("/login", data={"username": username, "password": password}, **kwargs)


def actions() -> list[str]:
    return [entry.action for entry in db.session.query(AuditEntry).order_by(AuditEntry.id)]


def test_login_page_is_chinese_first(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and 'name="password"' in page


def test_login_starts_a_server_side_session_and_is_audited(client, db_session):
    user = make_user("clerk", "window1")
    response = login(client, "window1")
    assert response.status_code == 302
    with client.session_transaction() as session:
        sid = session[SESSION_KEY]
    row = db.session.get(UserSession, sid)
    assert row.user_id == user.id and row.revoked_at is None
    assert "login" in actions()
    assert client.get("/account").status_code == 200


def test_unknown_user_and_wrong_password_get_the_same_message(client, db_session):
    make_user("clerk", "window1")
    unknown = login(client, "nobody").get_data(as_text=True)
    wrong = login(client, "window1", "Wrong-Password-123").get_data(as_text=True)
    message = "用户名或密码错误"
    assert message in unknown and message in wrong
    assert actions() == ["login_failed", "login_failed"]
    reasons = [entry.detail["reason"] for entry in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert reasons == ["unknown_user", "wrong_password"]


def test_five_failures_lock_the_account_for_fifteen_minutes(client, db_session):
    user = make_user("clerk", "window1")
    for _ in range(5):
        login(client, "window1", "Wrong-Password-123")
    db.session.expire_all()
    locked_until = db.session.get(User, user.id).locked_until
    assert locked_until is not None
    assert "account_locked" in actions()
    # even the right password is refused while locked
    assert login(client, "window1").status_code == 200
    assert client.get("/account").status_code == 302
    # fifteen minutes later it works again
    db.session.get(User, user.id).locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    db.session.commit()
    assert login(client, "window1").status_code == 302
    assert client.get("/account").status_code == 200


def test_inactive_user_cannot_log_in(client, db_session):
    make_user("clerk", "window1", is_active_account=False)
    assert login(client, "window1").status_code == 200
    assert client.get("/account").status_code == 302


def test_session_id_changes_at_login(client, db_session):
    make_user("clerk", "window1")
    login(client, "window1")
    with client.session_transaction() as session:
        first = session[SESSION_KEY]
    login(client, "window1")  # already logged in: stays
    client.post("/logout")
    login(client, "window1")
    with client.session_transaction() as session:
        second = session[SESSION_KEY]
    assert first != second


def test_replaying_the_cookie_after_logout_is_refused(app, client, db_session):
    make_user("clerk", "window1")
    login(client, "window1")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert client.get("/account").status_code == 200
    assert client.post("/logout").status_code == 302
    assert "logout" in actions()
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_idle_session_ends_after_thirty_minutes(app, client, db_session):
    user = make_user("clerk", "window1")
    sid = log_in(client, user)
    assert client.get("/account").status_code == 200
    row = db.session.get(UserSession, sid)
    row.last_seen = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.commit()
    assert client.get("/account").status_code == 302
    db.session.expire_all()
    row = db.session.get(UserSession, sid)
    assert row.revoked_at is not None and row.ended_by == "idle"
    # and it stays ended, even if the clock were turned back
    row_last = dt.datetime.now(dt.UTC)
    db.session.execute(db.update(UserSession).where(UserSession.id == sid).values(last_seen=row_last))
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_setting_only_the_user_id_in_the_cookie_is_not_enough(client, db_session):
    user = make_user("sysadmin")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    assert client.get("/admin/users").status_code == 302


def test_next_only_goes_to_same_origin_paths(client, db_session):
    make_user("clerk", "window1")
    response = login(client, "window1", query_string={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = login(client, "window1", query_string={"next": "/account"})
    assert response.headers["Location"] == "/account"


def test_expired_password_must_be_changed_first(app, client, db_session):
    make_user("clerk", "window1", password_changed_at=None)  # set by an administrator
    response = login(client, "window1")
    assert response.headers["Location"].endswith("/account/password")
    assert client.get("/account").headers["Location"].endswith("/account/password")
    new = "Another-Good-Secret-42"
    response = client.post("/account/password", data={"current_password": PASSWORD, "password": new})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert "password_changed" in actions()


@pytest.mark.parametrize("path", ["/account", "/admin/users", "/admin/audit"])
def test_pages_send_anonymous_people_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_activity_moves_last_seen_forward(client, db_session):
    sid = log_in(client, make_user("clerk"))
    five_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    db.session.execute(db.update(UserSession).where(UserSession.id == sid).values(last_seen=five_minutes_ago))
    db.session.commit()
    assert client.get("/account").status_code == 200
    db.session.expire_all()
    last_seen = db.session.get(UserSession, sid).last_seen.replace(tzinfo=dt.UTC)
    assert last_seen > five_minutes_ago + dt.timedelta(minutes=4)


def test_user_names_are_not_case_sensitive(client, db_session):
    make_user("clerk", "window1")
    assert login(client, " Window1 ").status_code == 302
