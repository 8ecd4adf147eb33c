"""Password hashing (Argon2id at OWASP's minimum, ~50 ms) and the configured password policy."""
from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from coordinator.domain.passwords import PasswordPolicy, is_expired, password_problems
from coordinator.models.types import as_utc

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1 (tuned here to well under 100 ms)
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16)
_DUMMY_HASH = HASHER.hash("not a real password: equalises timing for unknown users")


class PasswordRejected(ValueError):
    """The new password breaks the policy; `problems` are the domain's codes."""

    def __init__(self, problems: list[str]):
        super().__init__(", ".join(problems))
        self.problems = problems


def hash_password(password: str) -> str:
    """An Argon2id PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash)."""
    return HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; a missing or malformed hash still costs one verification."""
    try:
        return HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with older parameters."""
    return HASHER.check_needs_rehash(stored_hash)


def current_policy() -> PasswordPolicy:
    """The policy configured for this installation (PASSWORD_MIN_LENGTH, PASSWORD_DENGBAO)."""
    cfg = current_app.config
    return PasswordPolicy(min_length=cfg["PASSWORD_MIN_LENGTH"], dengbao=cfg["PASSWORD_DENGBAO"])


def check_new_password(password: str, username: str, display_name: str) -> None:
    """Raise PasswordRejected unless the password meets the policy for this user."""
    problems = password_problems(password, current_policy(), [username, display_name])
    if problems:
        raise PasswordRejected(problems)


def password_expired(changed_at: dt.datetime | None, now: dt.datetime) -> bool:
    """True in 等保 mode when the password is older than PASSWORD_MAX_AGE_DAYS or was set by an admin."""
    days = None if changed_at is None else (now - as_utc(changed_at)).days
    return is_expired(days, current_policy(), current_app.config["PASSWORD_MAX_AGE_DAYS"])

