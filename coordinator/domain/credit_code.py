"""统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet, the last a check
character over the first 17 with weights 3^i mod 31. Pure."""
from __future__ import annotations

import re

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(r"^[1-9A-GY][1-59][0-9]{6}[0-9A-HJ-NP-RTUW-Y]{9}[0-9A-HJ-NP-RTUW-Y]$")


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """Upper case without surrounding or inner spaces, as people type it."""
    return re.sub(r"\s+", "", code or "").upper()


def credit_code_problem(code: str) -> str | None:
    """None for a valid code; else "length", "characters" or "check"."""
    if len(code) != 18:
        return "length"
    if not _SHAPE.match(code):
        return "characters"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid_credit_code(code: str) -> bool:
    """True for an 18-character code with the right shape and check character."""
    return credit_code_problem(code) is None
