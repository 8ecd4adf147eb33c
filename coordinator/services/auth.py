"""Logging in and out: password check with a database-held lockout, and server-side session records."""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from coordinator.extensions import db
from coordinator.models import User, UserSession
from coordinator.models.types import as_utc
from coordinator.services.audit import record
from coordinator.services.passwords import hash_password, needs_rehash, verify_password

TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen is written at most once a minute per session


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lockout: dt.timedelta = dt.timedelta(minutes=15)


def authenticate(username: str, password: str, now: dt.datetime, policy: LoginPolicy) -> User | None:
    """The user when the password is right and the account usable; None otherwise (audited either way)."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()).with_for_update(of=User))
    if user is None:
        verify_password(None, password)
        record("login_failed", None, "user", "", result="failed", username=username[:64], reason="unknown_user")
        return None
    if _is_locked(user, now):
        record("login_failed", user, "user", user.id, result="failed", reason="locked")
        return None
    if not verify_password(user.password_hash, password):
        _count_failure(user, now, policy)
        return None
    if not user.is_active:
        record("login_failed", user, "user", user.id, result="failed", reason="inactive")
        return None
    user.failed_logins, user.locked_until = 0, None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _is_locked(user: User, now: dt.datetime) -> bool:
    locked_until = as_utc(user.locked_until)
    return locked_until is not None and locked_until > now


def _count_failure(user: User, now: dt.datetime, policy: LoginPolicy) -> None:
    """One more failure; at the limit the account locks and the counter starts again."""
    user.failed_logins = (user.failed_logins or 0) + 1
    record("login_failed", user, "user", user.id, result="failed", reason="wrong_password",
           failures=user.failed_logins)
    if user.failed_logins >= policy.max_failures:
        user.failed_logins = 0
        user.locked_until = now + policy.lockout
        record("account_locked", user, "user", user.id, result="locked", until=user.locked_until)
    db.session.flush()


def start_session(user: User, now: dt.datetime, ip: str = "", user_agent: str = "") -> UserSession:
    """A new server-side session with a fresh random id (the id changes at every login)."""
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user.id, created_at=now, last_seen=now,
                      ip=ip[:64], user_agent=user_agent[:200])
    db.session.add(row)
    record("login", user, "session", row.id[:8])
    db.session.flush()
    return row


def end_session(session_id: str | None, now: dt.datetime, reason: str, actor=None) -> bool:
    """Revoke the session (logout, idle, password change); False if it was unknown or already ended."""
    row = db.session.get(UserSession, session_id) if session_id else None
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at, row.ended_by = now, reason
    record("logout" if reason == "logout" else "session_ended", actor or row.user, "session", row.id[:8],
           reason=reason)
    db.session.flush()
    return True


def end_other_sessions(user: User, keep_id: str | None, now: dt.datetime, reason: str) -> int:
    """Revoke every live session of the user but `keep_id` (after a password change or deactivation)."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None), UserSession.id != (keep_id or ""))
        .values(revoked_at=now, ended_by=reason)
    )
    return result.rowcount


def session_user(session_id: str | None, now: dt.datetime, idle: dt.timedelta) -> tuple[User | None, str]:
    """(the session's user or None, what follows): "ended" when it went idle and was revoked here, "touch"
    when last_seen is due an update (see touch_session), "" otherwise."""
    row = db.session.get(UserSession, session_id) if session_id else None
    if row is None or row.revoked_at is not None:
        return None, ""
    last_seen = as_utc(row.last_seen)
    if now - last_seen > idle:
        end_session(row.id, now, "idle")
        return None, "ended"
    return row.user, "touch" if now - last_seen >= TOUCH_EVERY else ""


def touch_session(session_id: str, now: dt.datetime) -> None:
    """Record activity; one UPDATE, best started as its own transaction (SQLite: no stale read snapshot)."""
    db.session.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen=now))
