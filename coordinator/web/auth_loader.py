"""How Flask-Login finds the current user: pages through the server-side session record named in the
signed cookie, the JSON API only through `Authorization: Bearer <token>` (never the cookie, so the API
needs no CSRF token)."""
from __future__ import annotations

import datetime as dt

from flask import current_app, request, session

from coordinator.clock import current_clock
from coordinator.extensions import db, login_manager

SESSION_KEY = "sid"

login_manager.login_view = "auth.login"
login_manager.login_message = None  # the login page explains itself; no flash on every redirect
login_manager.session_protection = "basic"


def _is_api() -> bool:
    return request.path.startswith("/api/")


@login_manager.user_loader
def load_user(user_id: str):
    """The user of a live, not idle, server-side session whose record matches the cookie."""
    from coordinator.services.auth import session_user

    if _is_api():
        return None
    idle = dt.timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    user, wrote = session_user(session.get(SESSION_KEY), current_clock().now(), idle)
    if wrote:
        db.session.commit()
    if user is None or str(user.id) != user_id or not user.is_active:
        return None
    return user


@login_manager.request_loader
def load_user_from_token(req):
    """The owner of a live personal API token, for /api/ requests only."""
    from coordinator.services.tokens import token_user

    scheme, _, raw = req.headers.get("Authorization", "").partition(" ")
    if not _is_api() or scheme.lower() != "bearer" or not raw.strip():
        return None
    user, wrote = token_user(raw.strip(), current_clock().now())
    if wrote:
        db.session.commit()
    return user
