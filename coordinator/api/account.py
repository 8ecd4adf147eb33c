"""API: who am I, and the user list, through personal tokens and the same permission table as the pages."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import select

from coordinator.domain.permissions import permissions_of
from coordinator.extensions import db
from coordinator.models import User
from coordinator.web.access import requires

bp = Blueprint("api_account", __name__, url_prefix="/api/v1")


def _user_json(user: User) -> dict:
    return {
        "id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role,
        "department": user.department_code, "company": user.company.credit_code if user.company else None,
        "is_head": user.is_head, "active": user.is_active_account,
    }


@bp.get("/me")
@requires("account:view")
def me():
    """The token's user and what they may do."""
    return jsonify({**_user_json(current_user), "permissions": permissions_of(current_user.role)})


@bp.get("/users")
@requires("user:manage")
def users():
    """Every account (system administrator)."""
    rows = db.session.scalars(select(User).order_by(User.username)).unique().all()
    return jsonify({"users": [_user_json(user) for user in rows]})
