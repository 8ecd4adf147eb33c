"""The password policy (身份鉴别): length, no common or context words, and in 等保 mode 3 of 4
character classes. Returns problem codes so the web layer can word them. Pure (stdlib only)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_LENGTH = 256  # long passphrases are welcome; this only bounds the work of hashing
_TRAILING_NOISE = re.compile(r"[\d\W_]+$")


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 12
    dengbao: bool = True  # 等保 mode: at least 3 of upper, lower, digit, symbol


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of breached passwords, lower case."""
    lines = (Path(__file__).with_name("common_passwords.txt")).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def character_classes(password: str) -> int:
    """How many of A-Z, a-z, 0-9 and other characters (symbols, spaces, Chinese) the password uses."""
    tests = (lambda c: "A" <= c <= "Z", lambda c: "a" <= c <= "z", lambda c: "0" <= c <= "9",
             lambda c: not (c.isascii() and c.isalnum()))
    return sum(any(test(c) for c in password) for test in tests)


def is_common(password: str) -> bool:
    """On the breach list as typed, or once trailing digits and symbols are removed ("Password2024!")."""
    lowered = password.lower()
    core = _TRAILING_NOISE.sub("", lowered)
    return lowered in common_passwords() or (len(core) >= 4 and core in common_passwords())


def _meaningful(word: str) -> bool:
    """Context words worth checking: 3+ characters, or 2+ for Chinese names."""
    return len(word) >= 3 or (len(word) >= 2 and not word.isascii())


def contains_context_word(password: str, context: list[str]) -> bool:
    """The password contains the username, display name or another word about this user or system."""
    lowered = password.lower()
    words = {part.lower() for word in context for part in re.split(r"[\s@._-]+", word or "") + [word or ""]}
    return any(_meaningful(word) and word in lowered for word in words)


def password_problems(password: str, policy: PasswordPolicy, context: list[str] = ()) -> list[str]:
    """Problem codes, empty when acceptable: too_short, too_long, common, context, classes."""
    problems = []
    if len(password) < policy.min_length:
        problems.append("too_short")
    if len(password) > MAX_LENGTH:
        problems.append("too_long")
    if is_common(password):
        problems.append("common")
    if contains_context_word(password, list(context)):
        problems.append("context")
    if policy.dengbao and character_classes(password) < 3:
        problems.append("classes")
    return problems


def is_expired(changed_days_ago: int | None, policy: PasswordPolicy, max_age_days: int) -> bool:
    """In 等保 mode a password older than `max_age_days` (or never set by its user) must be changed."""
    if not policy.dengbao or max_age_days <= 0:
        return False
    return changed_days_ago is None or changed_days_ago > max_age_days

