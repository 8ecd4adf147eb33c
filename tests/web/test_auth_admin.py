"""Administration with separated duties (三权分立): the system administrator manages users and
departments, the security administrator assigns roles (never their own), the auditor reads the log."""
import pytest

from coordinator import create_app
from coordinator.extensions import db
from coordinator.models import AuditEntry, Company, Department, User
from tests.login import log_in, make_department, make_user

GOOD_PASSWORD = "Initial-Secret-2026!"


def audit_actions() -> list[str]:
    return [a for (a,) in db.session.query(AuditEntry.action).order_by(AuditEntry.id)]


def test_sysadmin_creates_a_staff_user(client, db_session):
    log_in(client, make_user("sysadmin"))
    fire = make_department("fire-protection")
    db.session.commit()
    response = client.post("/admin/users/new", data={
        "username": "fire.reviewer", "role": "reviewer", "display_name": "李审查", "department_id": str(fire.id),
        "company_id": "None", "is_head": "y", "active": "y", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    user = db.session.query(User).filter_by(username="fire.reviewer").one()
    assert (user.role, user.department_id, user.is_head, user.password_changed_at) == ("reviewer", fire.id, True, None)
    assert user.password_hash.startswith("$argon2id$")
    assert "user_created" in audit_actions()
    assert "fire.reviewer" in client.get("/admin/users").get_data(as_text=True)


def test_a_bad_form_re_renders_with_the_input_and_the_message(client, db_session):
    log_in(client, make_user("sysadmin"))
    response = client.post("/admin/users/new", data={
        "username": "owner.one", "role": "owner", "display_name": "张建设", "department_id": "None",
        "company_id": "None", "credit_code": "91330100716105852E", "company_name": "示范公司",
        "active": "y", "password": GOOD_PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "统一社会信用代码无效" in page and 'value="张建设"' in page and 'value="91330100716105852E"' in page
    assert db.session.query(User).filter_by(username="owner.one").count() == 0


def test_an_owner_gets_a_company_from_a_valid_credit_code(client, db_session):
    log_in(client, make_user("sysadmin"))
    response = client.post("/admin/users/new", data={
        "username": "owner.one", "role": "owner", "display_name": "张建设", "department_id": "None",
        "company_id": "None", "credit_code": "9133 0100 7161 0585 2f", "company_name": "示范建设有限公司",
        "active": "y", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    company = db.session.query(Company).one()
    assert company.credit_code == "91330100716105852F"
    assert db.session.query(User).filter_by(username="owner.one").one().company_id == company.id


@pytest.mark.parametrize("password, message", [
    ("short-1A", "密码太短"),
    ("Password2024!", "过于常见"),
    ("owner.one-Secret-9", "不得包含"),
    ("alllowercaseletters", "至少三类"),
])
def test_the_password_policy_applies_to_initial_passwords(client, db_session, password, message):
    log_in(client, make_user("sysadmin"))
    company = make_user("owner").company_id
    response = client.post("/admin/users/new", data={
        "username": "owner.one", "role": "owner", "display_name": "张建设", "department_id": "None",
        "company_id": str(company), "active": "y", "password": password})
    assert message in response.get_data(as_text=True)


def test_sysadmin_cannot_create_administrators(client, db_session):
    log_in(client, make_user("sysadmin"))
    response = client.post("/admin/users/new", data={
        "username": "auditor2", "role": "auditor", "display_name": "审计", "department_id": "None",
        "company_id": "None", "active": "y", "password": GOOD_PASSWORD})
    assert response.status_code == 200 and db.session.query(User).filter_by(username="auditor2").count() == 0


def test_sysadmin_edits_a_user_but_not_the_role(client, db_session):
    log_in(client, make_user("sysadmin"))
    clerk = make_user("clerk")
    response = client.post(f"/admin/users/{clerk.id}", data={
        "display_name": "王窗口", "department_id": str(clerk.department_id), "company_id": "None",
        "role": "sysadmin", "is_head": "", "active": ""})
    assert response.status_code == 302
    db.session.expire_all()
    clerk = db.session.get(User, clerk.id)
    assert (clerk.display_name, clerk.is_active_account, clerk.role) == ("王窗口", False, "clerk")
    entry = db.session.query(AuditEntry).filter_by(action="user_updated").one()
    assert entry.detail["changes"]["active"] == [True, False]


def test_sysadmin_cannot_deactivate_themselves(client, db_session):
    admin = make_user("sysadmin")
    log_in(client, admin)
    response = client.post(f"/admin/users/{admin.id}", data={"display_name": "管理员", "department_id": "None",
                                                             "company_id": "None"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_active_account


def test_reset_password_ends_the_users_sessions(app, client, db_session):
    log_in(client, make_user("sysadmin"))
    clerk = make_user("clerk")
    clerk_client = app.test_client()
    log_in(clerk_client, clerk)
    assert clerk_client.get("/account").status_code == 200
    assert client.post(f"/admin/users/{clerk.id}/password", data={"password": GOOD_PASSWORD}).status_code == 302
    assert clerk_client.get("/account").status_code == 302


def test_departments_list_and_create(client, db_session):
    log_in(client, make_user("sysadmin"))
    response = client.post("/admin/departments/new", data={"code": "tax", "name": "税务局", "name_en": "Tax"})
    assert response.status_code == 302
    assert db.session.query(Department).filter_by(code="tax").one().name == "税务局"
    assert "税务局" in client.get("/admin/departments").get_data(as_text=True)
    again = client.post("/admin/departments/new", data={"code": "tax", "name": "税务局"})
    assert "已被使用" in again.get_data(as_text=True)


def test_secadmin_assigns_roles_and_it_is_audited(client, db_session):
    log_in(client, make_user("secadmin"))
    clerk = make_user("clerk")
    page = client.get("/admin/roles").get_data(as_text=True)
    assert f'action="/admin/users/{clerk.id}/role"' in page and '<option value="clerk" selected>综合窗口' in page
    assert client.post(f"/admin/users/{clerk.id}/role", data={"role": "lead"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, clerk.id).role == "lead"
    entry = db.session.query(AuditEntry).filter_by(action="role_changed").one()
    assert (entry.detail["old"], entry.detail["new"]) == ("clerk", "lead")


@pytest.mark.parametrize("role", ["secadmin", "sysadmin", "auditor", "clerk"])
def test_nobody_changes_their_own_role(client, db_session, role):
    me = make_user(role)
    log_in(client, me)
    response = client.post(f"/admin/users/{me.id}/role", data={"role": "sysadmin"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, me.id).role == role
    assert "permission_denied" in audit_actions()


@pytest.mark.parametrize("role, path, status", [
    ("sysadmin", "/admin/users", 200), ("sysadmin", "/admin/roles", 403), ("sysadmin", "/admin/audit", 403),
    ("secadmin", "/admin/users", 403), ("secadmin", "/admin/roles", 200), ("secadmin", "/admin/audit", 403),
    ("auditor", "/admin/users", 403), ("auditor", "/admin/roles", 403), ("auditor", "/admin/audit", 200),
    ("secadmin", "/admin/permissions", 200), ("auditor", "/admin/permissions", 200),
])
def test_three_separated_duties(client, db_session, role, path, status):
    log_in(client, make_user(role))
    assert client.get(path).status_code == status


def test_auditor_filters_the_audit_log(client, db_session):
    auditor = make_user("auditor")
    secadmin, clerk = make_user("secadmin"), make_user("clerk")
    secadmin_client = client.application.test_client()
    log_in(secadmin_client, secadmin)
    secadmin_client.post(f"/admin/users/{clerk.id}/role", data={"role": "lead"})
    log_in(client, auditor)
    page = client.get("/admin/audit", query_string={"action": "role_changed"}).get_data(as_text=True)
    assert "role_changed" in page and "login" not in page.split("<tbody>")[1]
    page = client.get("/admin/audit", query_string={"username": secadmin.username}).get_data(as_text=True)
    assert "role_changed" in page
    page = client.get("/admin/audit", query_string={"username": "nobody"}).get_data(as_text=True)
    assert "没有符合条件的记录" in page
    page = client.get("/admin/audit", query_string={"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert "没有符合条件的记录" in page.get_data(as_text=True)


def test_the_nav_shows_the_user_and_their_admin_links(client, db_session):
    log_in(client, make_user("auditor", display_name="赵审计"))
    page = client.get("/account").get_data(as_text=True)
    assert "赵审计 · 审计员" in page and "/admin/audit" in page and "/admin/users" not in page


def test_with_csrf_on_a_post_without_a_token_is_refused(app, db_session):
    csrf_app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": True,
                           "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    make_user("clerk", "window1")
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "window1", "password": "Correct-Horse-Battery-9"})
    assert response.status_code == 400
    assert "login" not in audit_actions()
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_the_user_list_shows_who_is_locked(client, db_session):
    import datetime as dt

    log_in(client, make_user("sysadmin"))
    make_user("clerk", "locked.clerk", locked_until=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10))
    make_user("clerk", "was.locked", locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10))
    page = client.get("/admin/users").get_data(as_text=True)
    assert page.count("锁定至") == 1
