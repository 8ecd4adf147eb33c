"""Test helpers for people: make users of any role, and log a test client in through a real
server-side session record (setting `_user_id` alone is refused by the session check)."""
from __future__ import annotations

import secrets
from functools import lru_cache

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Company, Department, User, UserSession
from coordinator.web.auth_loader import SESSION_KEY
from tests import unique

PASSWORD = "Correct-Horse-Battery-9"


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One real Argon2id hash of PASSWORD, computed once per run (hashing costs ~50 ms)."""
    from coordinator.services.passwords import hash_password

    return hash_password(PASSWORD)


def make_department(code: str = "fire-protection", name: str = "消防救援大队") -> Department:
    department = db.session.query(Department).filter_by(code=code).one_or_none()
    if department is None:
        department = Department(code=code, name=name)
        db.session.add(department)
        db.session.flush()
    return department


def make_company(credit_code: str = "91330100716105852F", name: str = "示范建设有限公司") -> Company:
    company = db.session.query(Company).filter_by(credit_code=credit_code).one_or_none()
    if company is None:
        company = Company(credit_code=credit_code, name=name)
        db.session.add(company)
        db.session.flush()
    return company


def make_user(role: str = "clerk", username: str | None = None, **overrides) -> User:
    """A committed user with PASSWORD; staff get a department, owners a company, unless overridden."""
    from coordinator.domain.permissions import COMPANY_ROLES, DEPARTMENT_ROLES

    if role in DEPARTMENT_ROLES and "department_id" not in overrides:
        overrides["department_id"] = make_department().id
    if role in COMPANY_ROLES and "company_id" not in overrides:
        overrides["company_id"] = make_company().id
    values = {"display_name": f"测试{role}", "password_hash": password_hash(),
              "password_changed_at": current_clock().now(), **overrides}
    user = User(username=username or f"{role}-u{unique.number()}", role=role, **values)
    db.session.add(user)
    db.session.commit()
    return user


def log_in(client, user: User) -> str:
    """Give the client a live session for `user`, as the login page would; returns the session id."""
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user.id)
    db.session.add(row)
    db.session.commit()
    with client.session_transaction() as session:
        session[SESSION_KEY] = row.id
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return row.id
