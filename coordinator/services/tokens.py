"""Personal API tokens: shown once at creation, stored as SHA-256, revocable by their owner."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update

from coordinator.extensions import db
from coordinator.models import ApiToken, User
from coordinator.models.types import as_utc
from coordinator.services.audit import record

TOKEN_PREFIX = "cdt_"
SHOWN_CHARS = 12  # "cdt_" and 8 random characters: enough to recognise, useless to guess
TOUCH_EVERY = dt.timedelta(seconds=60)


class TokenError(ValueError):
    """The token cannot be created or revoked (field, message)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def digest(raw: str) -> str:
    """SHA-256 hex of the token text (tokens are random, so no salt or slow hash is needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(actor: User, name: str, now: dt.datetime) -> tuple[ApiToken, str]:
    """(the stored token, its full text to show once)."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise TokenError("name", "Give the token a name of at most 100 characters.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=actor.id, name=name, prefix=raw[:SHOWN_CHARS], token_hash=digest(raw), created_at=now)
    db.session.add(token)
    db.session.flush()
    record("token_created", actor, "api_token", token.id, name=name, prefix=token.prefix)
    return token, raw


def revoke_token(actor: User, token_id: int, now: dt.datetime) -> ApiToken:
    """Revoke one of the actor's own live tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.id or token.revoked_at is not None:
        raise TokenError("token", "No such active token.")
    token.revoked_at = now
    record("token_revoked", actor, "api_token", token.id, prefix=token.prefix)
    db.session.flush()
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def token_user(raw: str, now: dt.datetime) -> tuple[User | None, int | None]:
    """(the live token's active user or None, the token's id when last_used_at is due an update)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None, None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None, None
    last = as_utc(token.last_used_at)
    return token.user, token.id if last is None or now - last >= TOUCH_EVERY else None


def touch_token(token_id: int, now: dt.datetime) -> None:
    """Record use; one UPDATE, best started as its own transaction (SQLite: no stale read snapshot)."""
    db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
