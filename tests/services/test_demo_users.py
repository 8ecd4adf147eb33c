"""Demo accounts: every role, idempotent, the shared password works and meets the policy."""
from coordinator.demo import departments, users
from coordinator.domain.credit_code import is_valid_credit_code
from coordinator.domain.passwords import PasswordPolicy, password_problems
from coordinator.domain.permissions import ALL_ROLES
from coordinator.extensions import db
from coordinator.models import User
from coordinator.services.passwords import verify_password


def test_one_account_of_every_role_and_idempotent(db_session):
    departments.seed()
    assert users.seed() == len(users.DEMO_USERS)
    assert users.seed() == 0
    accounts = db.session.query(User).all()
    assert {user.role for user in accounts} == ALL_ROLES
    by_name = {user.username: user for user in accounts}
    assert by_name["clerk"].department.code == "approval-bureau" and by_name["lead"].department.code == "approval-bureau"
    assert {by_name[n].department.code for n in ("fire", "airdefense", "transport", "landplan")} == {
        "fire-protection", "civil-air-defense", "transport", "natural-resources"}
    assert is_valid_credit_code(by_name["owner"].company.credit_code)
    assert verify_password(by_name["auditor"].password_hash, users.DEMO_PASSWORD)


def test_staff_have_departments_and_heads_exist(db_session):
    departments.seed()
    users.seed()
    staff = db.session.query(User).filter(User.role.in_(["clerk", "lead", "reviewer", "leader", "supervisor"])).all()
    assert all(user.department_id for user in staff)
    assert any(user.is_head for user in staff)


def test_the_demo_password_meets_the_strict_policy():
    context = [word for username, name, *_ in users.DEMO_USERS for word in (username, name)]
    assert password_problems(users.DEMO_PASSWORD, PasswordPolicy(12, dengbao=True), context) == []


def test_logins_name_every_account(app):
    lines = users.logins()
    assert users.DEMO_PASSWORD in lines[0]
    assert len(lines) == len(users.DEMO_USERS) + 1 and any("审计员" in line for line in lines)
