"""The 承诺书 (commitment letter) of a 标准地+承诺制 project: the parcel's "N+X" control indicators the
owner commits to reach, the project's declared investment intensity against the minimum, and one clause per
approval item issued on commitment with who verifies it and within how many working days, and the
agreement's obligations (start, completion, 对标验收, 达产复核) with their due dates. The content is
data (the page renders and prints it); its digest fixes exactly what was signed."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from coordinator.domain.agreement_terms import Term, schedule

# the common core "N" of a standard parcel's indicators: field -> (unit, checked when)
CORE_INDICATORS: dict[str, tuple[str, str]] = {
    "investment_intensity": ("万元/亩", "benchmark"),  # 对标验收 at completion
    "plot_ratio": ("", "benchmark"),
    "tax_per_mu": ("万元/亩", "production"),  # 达产复核
    "energy_value_added": ("万元/吨标煤", "production"),
    "emission_value_added": ("万元/吨", "production"),
}


@dataclass(frozen=True)
class Indicator:
    key: str  # a CORE_INDICATORS key, or "x:<name>" for a locally added one
    name: str  # the X indicator's own name ('' for the core, which the page names)
    minimum: str
    unit: str
    checked: str  # benchmark (对标验收) or production (达产复核)


@dataclass(frozen=True)
class Clause:
    item: str
    item_name: str
    dept: str  # the deciding department's code
    verify_by: str | None
    within: int


@dataclass(frozen=True)
class Letter:
    project_code: str
    project_name: str
    company: str
    parcel_code: str
    parcel_name: str
    area_mu: str
    indicators: tuple[Indicator, ...]
    clauses: tuple[Clause, ...]
    declared_intensity: str | None  # investment ÷ land area, 万元/亩
    intensity_met: bool | None
    day: dt.date
    terms: tuple[Term, ...] = ()  # the agreement's obligations: start, completion, 对标验收, 达产复核

    def as_dict(self) -> dict:
        out = asdict(self)
        out["day"] = self.day.isoformat()
        for term in out["terms"]:
            term["due"] = term["due"].isoformat()
        return out

    def digest(self) -> str:
        """SHA-256 of the canonical content: the same letter always gives the same digest."""
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def number(value) -> str | None:
    """A decimal as plain text without trailing zeros (350.00 -> '350', 1.20 -> '1.2')."""
    if value is None:
        return None
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def indicators(parcel: dict) -> tuple[Indicator, ...]:
    """The parcel's core indicators that are set, then its X indicators, in that order."""
    out = [Indicator(key, "", number(parcel[key]), unit, checked)
           for key, (unit, checked) in CORE_INDICATORS.items() if parcel.get(key) is not None]
    for extra in parcel.get("extra_indicators") or ():
        out.append(Indicator(f"x:{extra['name']}", extra["name"], number(extra["value"]), extra.get("unit", ""),
                             extra.get("checked", "production")))
    return tuple(out)


def declared_intensity(investment, land_area) -> Decimal | None:
    """投资强度 = 固定资产总投资 ÷ 用地面积, rounded to 0.01 万元/亩 (domain §3.1)."""
    if investment is None or not land_area:
        return None
    return (Decimal(str(investment)) / Decimal(str(land_area))).quantize(Decimal("0.01"), ROUND_HALF_UP)


def build(project: dict, parcel: dict, clauses: list[Clause], day: dt.date) -> Letter:
    """The letter for `project` (code, name, company, investment, land_area) on `parcel` signed on `day`,
    with the agreement's obligations counted from the parcel's `delivered_on` (else from `day`)."""
    if not clauses:
        raise ValueError("a commitment letter needs at least one item issued on commitment")
    declared = declared_intensity(project.get("investment"), project.get("land_area"))
    minimum = parcel.get("investment_intensity")
    met = None if declared is None or minimum is None else declared >= Decimal(str(minimum))
    rows = indicators(parcel)
    return Letter(project["code"], project["name"], project.get("company") or "", parcel["code"], parcel["name"],
                  number(parcel["area_mu"]), rows, tuple(clauses),
                  number(declared) if declared is not None else None, met, day,
                  schedule(parcel.get("delivered_on"), day, rows))
