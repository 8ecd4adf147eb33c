"""One form and one set of materials for several stages at once (打捆申请, 一表申请, 一次告知). Pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from coordinator.domain.templates import (
    FieldSpec,
    ItemSpec,
    MaterialSpec,
    StageTemplate,
)

TRUE_WORDS = ("yes", "true", "1", "on", "是")
FALSE_WORDS = ("no", "false", "0", "off", "否")
MAX_TEXT = 2000
# template field key -> project attribute: what the registration already said is never asked again
PROJECT_FACTS = {"project-name": "name", "construction-site": "location", "total-investment": "investment",
                 "land-area": "land_area", "planned-start": "planned_start", "industry-category": "industry"}


@dataclass(frozen=True)
class AskedField:
    """A field asked once, with the items that need it."""

    spec: FieldSpec
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class NeededMaterial:
    """A material listed once, with the items that need it (一次告知)."""

    spec: MaterialSpec
    items: tuple[ItemSpec, ...]

    @property
    def deferrable(self) -> bool:
        return self.spec.deferrable


def _active_items(template: StageTemplate, stages: list[str], waived: frozenset[str]) -> list[ItemSpec]:
    return [item for key in stages for item in template.node(key).items if item.key not in waived]


def bundle_fields(template: StageTemplate, stages: list[str], waived: frozenset[str] = frozenset()) -> list[AskedField]:
    """The union of the items' fields in template order, each asked once."""
    users: dict[str, list[ItemSpec]] = {}
    for item in _active_items(template, stages, waived):
        for key in item.fields:
            users.setdefault(key, []).append(item)
    return [AskedField(template.fields[key], tuple(items)) for key, items in users.items()]


def bundle_materials(template: StageTemplate, stages: list[str],
                     waived: frozenset[str] = frozenset()) -> list[NeededMaterial]:
    """The material checklist for the stages: each material once, with the items that need it."""
    users: dict[str, list[ItemSpec]] = {}
    for item in _active_items(template, stages, waived):
        for key in item.materials:
            users.setdefault(key, []).append(item)
    return [NeededMaterial(template.materials[key], tuple(items)) for key, items in users.items()]


def known_values(project) -> dict[str, str]:
    """The form values the project's registration already gives (as the owner would type them)."""
    out = {}
    for key, attribute in PROJECT_FACTS.items():
        value = getattr(project, attribute, None)
        if value not in (None, ""):
            out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return out


def parse_value(spec: FieldSpec, raw: str) -> tuple[object, str | None]:
    """(value, None) or (None, problem) for one typed input; an empty input is (None, None)."""
    text = (raw or "").strip()
    if not text:
        return None, None
    if len(text) > MAX_TEXT:
        return None, "too_long"
    parser = {"number": _number, "date": _date, "bool": _bool, "choice": _choice}.get(spec.type)
    if parser is None:
        return text, None
    return parser(spec, text)


def _number(_spec: FieldSpec, text: str):
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None, "number"
    if not value.is_finite() or value < 0:
        return None, "number"
    return str(value), None


def _date(_spec: FieldSpec, text: str):
    try:
        return dt.date.fromisoformat(text).isoformat(), None
    except ValueError:
        return None, "date"


def _bool(_spec: FieldSpec, text: str):
    lowered = text.lower()
    if lowered in TRUE_WORDS:
        return True, None
    if lowered in FALSE_WORDS:
        return False, None
    return None, "bool"


def _choice(spec: FieldSpec, text: str):
    return (text, None) if text in spec.choices else (None, "choice")


def check_values(fields: list[AskedField], raw: dict[str, str], *, complete: bool) -> tuple[dict, dict[str, str]]:
    """Parse every asked field; with `complete`, a required field left empty is a problem too.

    Returns (values by key, problems by key: "required", "number", "date", "bool", "choice", "too_long").
    """
    values: dict = {}
    problems: dict[str, str] = {}
    for asked in fields:
        spec = asked.spec
        value, problem = parse_value(spec, raw.get(spec.key, ""))
        if problem:
            problems[spec.key] = problem
        elif value is None and complete and spec.required:
            problems[spec.key] = "required"
        elif value is not None:
            values[spec.key] = value
    return values, problems
