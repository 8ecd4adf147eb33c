"""Administration of people and departments, with separated duties (三权分立): the system administrator
manages accounts and departments, the security administrator assigns roles, nobody their own."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from coordinator.domain.credit_code import credit_code_problem, normalise
from coordinator.domain.permissions import (
    ADMIN_ROLES,
    ALL_ROLES,
    COMPANY_ROLES,
    DEPARTMENT_ROLES,
    can_change_role,
)
from coordinator.extensions import db
from coordinator.models import Company, Department, User
from coordinator.services.audit import record
from coordinator.services.auth import end_other_sessions
from coordinator.services.passwords import (
    PasswordRejected,
    check_new_password,
    hash_password,
    verify_password,
)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
DEPARTMENT_CODE = re.compile(r"^[a-z][a-z0-9-]{1,63}$")


class InvalidInput(ValueError):
    """A rejected admin action: `field` names the form field, `message` is an English msgid."""

    def __init__(self, field: str, message: str, **params):
        super().__init__(message)
        self.field, self.message, self.params = field, message, params


@dataclass(frozen=True)
class UserData:
    """What the system administrator types for a user (the role only at creation)."""

    display_name: str
    department_id: int | None = None
    company_id: int | None = None
    is_head: bool = False
    active: bool = True


def create_user(actor: User, username: str, role: str, data: UserData, password: str) -> User:
    """A new account with an initial password (in 等保 mode the user must change it at first login)."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise InvalidInput("username", "Use 3 to 64 lower-case letters, digits, dots, hyphens or underscores.")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise InvalidInput("username", "This user name is taken.")
    if role not in ALL_ROLES - ADMIN_ROLES:
        raise InvalidInput("role", "Administrator roles are granted by the security administrator.")
    _check_affiliation(role, data)
    _check_password(password, username, data.display_name)
    user = User(username=username, role=role, password_hash=hash_password(password), password_changed_at=None)
    _apply(user, data)
    db.session.add(user)
    db.session.flush()
    record("user_created", actor, "user", user.id, username=username, role=role)
    return user


def update_user(actor: User, user: User, data: UserData, now: dt.datetime) -> User:
    """Change a user's name, affiliation, head flag or activity (never the role: see assign_role)."""
    if user.id == actor.id and not data.active:
        raise InvalidInput("active", "You cannot deactivate your own account.")
    _check_affiliation(user.role, data)
    before = _snapshot(user)
    _apply(user, data)
    changes = {key: [before[key], value] for key, value in _snapshot(user).items() if before[key] != value}
    if not user.is_active_account:
        end_other_sessions(user, None, now, "deactivated")
    record("user_updated", actor, "user", user.id, changes=changes)
    db.session.flush()
    return user


def reset_password(actor: User, user: User, password: str, now: dt.datetime) -> None:
    """An administrator sets a new initial password; the user's sessions end and must change it."""
    _check_password(password, user.username, user.display_name)
    user.password_hash, user.password_changed_at = hash_password(password), None
    user.failed_logins, user.locked_until = 0, None
    end_other_sessions(user, None, now, "password")
    record("password_reset", actor, "user", user.id)
    db.session.flush()


def change_password(user: User, current: str, new: str, now: dt.datetime, keep_session_id: str | None) -> None:
    """The user replaces their own password; their other sessions end."""
    if not verify_password(user.password_hash, current):
        raise InvalidInput("current_password", "The current password is wrong.")
    if new == current:
        raise InvalidInput("password", "Choose a password different from the current one.")
    _check_password(new, user.username, user.display_name)
    user.password_hash, user.password_changed_at = hash_password(new), now
    end_other_sessions(user, keep_session_id, now, "password")
    record("password_changed", user, "user", user.id)
    db.session.flush()


def assign_role(actor: User, user: User, role: str) -> User:
    """The security administrator changes someone else's role."""
    if not can_change_role(actor.id, user.id, actor.role):
        raise InvalidInput("role", "Nobody can change their own role.")
    if role not in ALL_ROLES:
        raise InvalidInput("role", "Unknown role.")
    if role == user.role:
        return user
    record("role_changed", actor, "user", user.id, old=user.role, new=role)
    user.role = role
    db.session.flush()
    return user


def create_department(actor: User, code: str, name: str, name_en: str = "") -> Department:
    """A new department, named by a register-style code (e.g. fire-protection)."""
    code, name = code.strip(), name.strip()
    if not DEPARTMENT_CODE.match(code):
        raise InvalidInput("code", "Use lower-case letters, digits and hyphens, starting with a letter.")
    if not name or len(name) > 100:
        raise InvalidInput("name", "Give a name of at most 100 characters.")
    if db.session.scalar(select(Department.id).where(Department.code == code)):
        raise InvalidInput("code", "This department code is taken.")
    department = Department(code=code, name=name, name_en=name_en.strip()[:200])
    db.session.add(department)
    db.session.flush()
    record("department_created", actor, "department", department.id, code=code, name=name)
    return department


def find_or_create_company(actor: User, credit_code: str, name: str) -> Company:
    """The company with this 统一社会信用代码, created when new (the code's check character is verified)."""
    code = normalise(credit_code)
    problem = credit_code_problem(code)
    if problem:
        raise InvalidInput("credit_code", "This 统一社会信用代码 is not valid (GB 32100-2015).", problem=problem)
    company = db.session.scalar(select(Company).where(Company.credit_code == code))
    if company is not None:
        return company
    if not name.strip():
        raise InvalidInput("company_name", "Give the company's name.")
    company = Company(credit_code=code, name=name.strip()[:200])
    db.session.add(company)
    db.session.flush()
    record("company_created", actor, "company", company.id, credit_code=code)
    return company


def _check_affiliation(role: str, data: UserData) -> None:
    if not data.display_name.strip():
        raise InvalidInput("display_name", "Give the person's name.")
    if role in DEPARTMENT_ROLES and data.department_id is None:
        raise InvalidInput("department_id", "Staff users belong to a department.")
    if role in COMPANY_ROLES and data.company_id is None:
        raise InvalidInput("company_id", "Project owners belong to a company.")
    if data.is_head and data.department_id is None:
        raise InvalidInput("is_head", "Only a department member can be its head.")


def _check_password(password: str, username: str, display_name: str) -> None:
    try:
        check_new_password(password, username, display_name)
    except PasswordRejected as rejected:
        raise InvalidInput("password", "password_policy", problems=rejected.problems) from rejected


def _apply(user: User, data: UserData) -> None:
    user.display_name = data.display_name.strip()[:100]
    user.department_id, user.company_id = data.department_id, data.company_id
    user.is_head, user.is_active_account = data.is_head, data.active


def _snapshot(user: User) -> dict:
    return {"display_name": user.display_name, "department_id": user.department_id,
            "company_id": user.company_id, "is_head": user.is_head, "active": user.is_active_account}
