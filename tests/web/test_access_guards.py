"""The guards themselves: @requires (401/redirect, 403 audited), ensure() (404 unseen, 403 seen), and a
typo in a permission name failing at import time."""
import pytest

from coordinator import create_app
from coordinator.extensions import db
from coordinator.models import AuditEntry
from coordinator.web.access import ensure, requires
from tests.login import log_in, make_user


@pytest.fixture
def guarded_app(app):
    """A separate app on the same database with two extra views that use ensure()."""
    other = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @requires("project:view")
    def thing(visible: int, allowed: int):
        ensure(bool(allowed), visible=bool(visible), permission="project:view", object_type="thing", object_id=7)
        return "ok"

    other.add_url_rule("/thing/<int:visible>/<int:allowed>", "thing", thing)
    other.add_url_rule("/api/thing/<int:visible>/<int:allowed>", "api_thing", thing)
    return other


@pytest.mark.parametrize("visible, allowed, status", [(1, 1, 200), (1, 0, 403), (0, 0, 404)])
def test_ensure_maps_object_rules_to_statuses(guarded_app, db_session, visible, allowed, status):
    client = guarded_app.test_client()
    log_in(client, make_user("clerk"))
    assert client.get(f"/thing/{visible}/{allowed}").status_code == status
    denials = db.session.query(AuditEntry).filter_by(action="permission_denied").all()
    assert len(denials) == (1 if status == 403 else 0)
    if denials:
        assert (denials[0].object_type, denials[0].object_id, denials[0].result) == ("thing", "7", "denied")


def test_requires_answers_by_kind_of_client(guarded_app, db_session):
    client = guarded_app.test_client()
    assert client.get("/thing/1/1").status_code == 302
    response = client.get("/api/thing/1/1")
    assert response.status_code == 401 and response.is_json and "Bearer" in response.headers["WWW-Authenticate"]
    log_in(client, make_user("sysadmin"))
    assert client.get("/thing/1/1").status_code == 403
    assert db.session.query(AuditEntry).filter_by(action="permission_denied").one().detail["path"] == "/thing/1/1"


def test_an_unknown_permission_fails_at_import_time():
    with pytest.raises(KeyError, match="project:fly"):
        requires("project:fly")


@pytest.mark.parametrize("visible, allowed, title, text", [
    (1, 0, "无权访问", "您的角色无权访问此页面或执行此操作"),
    (0, 0, "页面不存在", "页面不存在，或您无权查看。"),
])
def test_error_pages_speak_the_users_language(guarded_app, db_session, visible, allowed, title, text):
    client = guarded_app.test_client()
    log_in(client, make_user("clerk"))
    page = client.get(f"/thing/{visible}/{allowed}").get_data(as_text=True)
    assert f"<title>{title}</title>" in page and text in page
    assert "on the server" not in page and "You don't have the permission" not in page
