"""What an owner types to register a project, checked field by field (pages and API alike). Pure."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from coordinator.domain.credit_code import credit_code_problem
from coordinator.domain.credit_code import normalise as credit_normalise
from coordinator.domain.project_code import normalise, project_code_problem

FIELDS = ("name", "code", "kind", "location", "investment", "land_area", "industry", "planned_start",
          "standard_land", "owner_credit_code")
REQUIRED = ("name", "code", "kind", "location")
MAX_LENGTH = {"name": 200, "location": 200, "industry": 100}
MAX_AMOUNT = Decimal(999999999999)


def check_project_input(raw: dict, kinds: set[str], this_year: int) -> tuple[dict, dict[str, str]]:
    """(values, problems by field); problem codes: required, too_long, format, year, division, kind, number,
    date, bool, length, characters, check (credit code), unknown (a field this form does not have)."""
    problems = {key: "unknown" for key in raw if key not in FIELDS}
    values: dict = {}
    for key in FIELDS:
        value = raw.get(key)
        text = value.strip() if isinstance(value, str) else value
        if text in (None, ""):
            if key in REQUIRED:
                problems[key] = "required"
            continue
        checked, problem = _CHECKS[key](text, kinds, this_year)
        if problem:
            problems[key] = problem
        else:
            values[key] = checked
    values.setdefault("standard_land", False)
    return values, problems


def _text(key: str):
    def check(value, _kinds, _year):
        if not isinstance(value, str):
            return None, "format"
        return (value, None) if len(value) <= MAX_LENGTH[key] else (None, "too_long")

    return check


def _code(value, _kinds, year):
    if not isinstance(value, str):
        return None, "format"
    code = normalise(value)
    problem = project_code_problem(code, year)
    return (None, problem) if problem else (code, None)


def _credit_code(value, _kinds, _year):
    code = credit_normalise(value) if isinstance(value, str) else ""
    problem = credit_code_problem(code)
    return (None, problem) if problem else (code, None)


def _kind(value, kinds, _year):
    return (value, None) if value in kinds else (None, "kind")


def _amount(value, _kinds, _year):
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None, "number"
    if isinstance(value, bool) or not number.is_finite() or number < 0 or number > MAX_AMOUNT:
        return None, "number"
    return number, None


def _date(value, _kinds, _year):
    try:
        return dt.date.fromisoformat(str(value)), None
    except ValueError:
        return None, "date"


def _bool(value, _kinds, _year):
    if isinstance(value, bool):
        return value, None
    lowered = str(value).strip().lower()
    if lowered in ("1", "true", "yes", "on", "y"):
        return True, None
    if lowered in ("0", "false", "no", "off", "n"):
        return False, None
    return None, "bool"


_CHECKS = {"name": _text("name"), "code": _code, "kind": _kind, "location": _text("location"),
           "investment": _amount, "land_area": _amount, "industry": _text("industry"), "planned_start": _date,
           "standard_land": _bool, "owner_credit_code": _credit_code}
