"""The training instance's business date: set by a sysadmin on the page or with the CLI, audited,
refused (404 / exit 2) on an instance that follows the real date."""
import datetime as dt

import pytest

from coordinator import create_app
from coordinator.clock import BUSINESS_DATE_KEY, current_clock
from coordinator.extensions import db
from coordinator.models import AuditEntry
from coordinator.services.settings import get_setting
from tests.web.web_people import log_in, make_user


@pytest.fixture
def real_date_app(app):
    """An app on the same database whose clock follows the real date (neither TESTING nor TRAINING)."""
    return create_app({"SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "WTF_CSRF_ENABLED": False, "TRAINING": False})


def test_sysadmin_sets_the_business_date_and_it_is_audited(client, db_session):
    log_in(client, make_user("sysadmin"))
    page = client.get("/admin/business-date")
    assert page.status_code == 200 and 'type="date"' in page.get_data(as_text=True)
    response = client.post("/admin/business-date", data={"business_date": "2026-03-20"})
    assert response.status_code == 302
    assert get_setting(BUSINESS_DATE_KEY) == "2026-03-20"
    assert current_clock().today() == dt.date(2026, 3, 20)
    entry = db.session.query(AuditEntry).filter_by(action="business_date_set").one()
    assert entry.detail["value"] == "2026-03-20" and entry.object_id == BUSINESS_DATE_KEY
    assert "2026-03-20" in client.get("/admin/business-date").get_data(as_text=True)


def test_a_bad_date_is_refused_and_changes_nothing(client, db_session):
    log_in(client, make_user("sysadmin"))
    response = client.post("/admin/business-date", data={"business_date": "2026-02-30"})
    assert response.status_code == 422
    assert get_setting(BUSINESS_DATE_KEY) is None
    assert db.session.query(AuditEntry).filter_by(action="business_date_set").count() == 0


@pytest.mark.parametrize("role", ["owner", "clerk", "secadmin", "auditor"])
def test_other_roles_may_not_set_it(client, db_session, role):
    log_in(client, make_user(role))
    assert client.post("/admin/business-date", data={"business_date": "2026-03-20"}).status_code == 403
    assert get_setting(BUSINESS_DATE_KEY) is None


def test_anonymous_visitors_are_sent_to_log_in(client, db_session):
    response = client.post("/admin/business-date", data={"business_date": "2026-03-20"})
    assert response.status_code in (302, 401)
    assert get_setting(BUSINESS_DATE_KEY) is None


def test_the_page_does_not_exist_on_a_real_date_instance(real_date_app, db_session):
    user = make_user("sysadmin")
    client = real_date_app.test_client()
    log_in(client, user)
    assert client.get("/admin/business-date").status_code == 404
    assert client.post("/admin/business-date", data={"business_date": "2026-03-20"}).status_code == 404
    assert get_setting(BUSINESS_DATE_KEY) is None


def test_cli_sets_the_business_date(app, db_session):
    result = app.test_cli_runner().invoke(args=["set-business-date", "2026-12-31"])
    assert result.exit_code == 0, result.output
    assert get_setting(BUSINESS_DATE_KEY) == "2026-12-31"
    assert db.session.query(AuditEntry).filter_by(action="business_date_set").count() == 1


def test_cli_refuses_on_a_real_date_instance(real_date_app):
    # no db_session here: the command must run in real_date_app's own context, not the test app's
    result = real_date_app.test_cli_runner().invoke(args=["set-business-date", "2026-12-31"])
    assert result.exit_code == 2
    assert "training" in result.output
    with real_date_app.app_context():
        assert get_setting(BUSINESS_DATE_KEY) is None
