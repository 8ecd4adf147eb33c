"""Access cases for login, the account page, API tokens and the administration pages."""
from __future__ import annotations

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import User
from coordinator.services.tokens import create_token
from tests.access_cases import Case, Request
from tests.login import make_user


def _fixed(url: str, method: str = "GET", data: dict | None = None):
    """An endpoint without an object: only "own" applies."""
    return lambda user, whose: Request(url, method, data) if whose == "own" else None


def _token(user, whose):
    owner = user if whose == "own" else make_user("clerk")
    token, _raw = create_token(owner, "matrix", current_clock().now())
    db.session.commit()
    return Request(f"/account/tokens/{token.id}/revoke", "POST")


def _managed_user(path: str, method: str = "GET", data: dict | None = None):
    """Administration of someone's account: "own" is another person, "other" does not exist."""
    def build(user, whose):
        if whose == "other":
            return Request(f"/admin/users/999999{path}", method, data)
        target = make_user("reviewer")
        return Request(f"/admin/users/{target.id}{path}", method, data)
    return build


def _role_change(user, whose):
    """Changing someone else's role is the job; one's own is refused (403)."""
    target: User = make_user("clerk") if whose == "own" else user
    return Request(f"/admin/users/{target.id}/role", "POST", {"role": "lead"})


CASES = {
    "auth.logout": Case(_fixed("/logout", "POST"), ok=302),
    "account.index": Case(_fixed("/account")),
    "account.password": Case(_fixed("/account/password")),
    "account.create": Case(_fixed("/account/tokens", "POST", {"name": "matrix"})),
    "account.revoke": Case(_token, ok=302, other=404),
    "admin.users": Case(_fixed("/admin/users")),
    "admin.new_user": Case(_fixed("/admin/users/new")),
    "admin.edit_user": Case(_managed_user(""), other=404),
    "admin.reset_user_password": Case(_managed_user("/password", "POST", {"password": "Matrix-Reset-2026!"}),
                                      ok=302, other=404),
    "admin.departments": Case(_fixed("/admin/departments")),
    "admin.new_department": Case(_fixed("/admin/departments/new")),
    "security.roles": Case(_fixed("/admin/roles")),
    "security.change_role": Case(_role_change, ok=302, other=403),
    "security.permissions": Case(_fixed("/admin/permissions")),
    "security.audit": Case(_fixed("/admin/audit")),
    "api_account.me": Case(_fixed("/api/v1/me")),
    "api_account.users": Case(_fixed("/api/v1/users")),
}
