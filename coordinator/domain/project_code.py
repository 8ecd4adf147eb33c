"""投资项目代码 (national investment project code) YYYY-NNNNNN-NN-NN-NNNNNN: year of registration, the
6-digit administrative division, industry, project type, serial number. Pure."""
from __future__ import annotations

import re

_SHAPE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")
# first two digits of GB/T 2260 division codes: provinces, autonomous regions, municipalities
PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                       50, 51, 52, 53, 54, 61, 62, 63, 64, 65})
FIRST_YEAR = 2014  # the national online approval platform issued the first codes in 2014


def normalise(code: str) -> str:
    """Without surrounding spaces, full-width hyphens made ASCII."""
    return (code or "").strip().replace("－", "-").replace("—", "-")


def project_code_problem(code: str, this_year: int) -> str | None:
    """None for a well-formed code; else "format", "year" or "division"."""
    match = _SHAPE.match(code)
    if match is None:
        return "format"
    year, division = int(match.group(1)), match.group(2)
    if not FIRST_YEAR <= year <= this_year:
        return "year"
    if int(division[:2]) not in PROVINCES:
        return "division"
    return None


def is_valid_project_code(code: str, this_year: int) -> bool:
    """True for a code of the national format, registered between 2014 and this year."""
    return project_code_problem(code, this_year) is None
