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
    from coordinator.services.auth import session_user, touch_session

    if _is_api():
        return None
    idle = dt.timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    now = current_clock().now()
    user, follow_up = session_user(session.get(SESSION_KEY), now, idle)
    if follow_up == "ended":
        db.session.commit()
    elif follow_up == "touch":
        _write_apart(touch_session, session[SESSION_KEY], now)
    if user is None or str(user.id) != user_id or not user.is_active:
        return None
    return user


@login_manager.request_loader
def load_user_from_token(req):
    """The owner of a live personal API token, for /api/ requests only."""
    from coordinator.services.tokens import token_user, touch_token

    scheme, _, raw = req.headers.get("Authorization", "").partition(" ")
    if not _is_api() or scheme.lower() != "bearer" or not raw.strip():
        return None
    now = current_clock().now()
    user, token_id = token_user(raw.strip(), now)
    if token_id is not None:
        _write_apart(touch_token, token_id, now)
    return user


def _write_apart(touch, key, now) -> None:
    """End the loader's read transaction, then write in a fresh one: on SQLite a write after a read whose
    snapshot another worker has since changed fails at once, whereas a transaction that starts with the write
    waits for its turn."""
    db.session.commit()
    touch(key, now)
    db.session.commit()
