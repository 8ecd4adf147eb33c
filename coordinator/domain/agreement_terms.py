"""The obligations a 标准地 investment agreement adds to the items on commitment (domain §3.1, Scenario 1
O3–O6, Scenario 6A): start of works and completion, counted in calendar months from the land delivery;
对标验收 of the benchmark indicators after completion; 达产复核 of the production indicators after the
agreed production year. Each gets its due date, the department that verifies it and its target, and a
verification compares the measured value with the target. Pure: no clock, no database."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

START_MONTHS = 6  # O3: start works within 6 months of land delivery
COMPLETION_MONTHS = 24  # O4: complete within 24 months of land delivery
BENCHMARK_MONTHS = 3  # decision: 对标验收 within 3 months after completion (the guide says "at completion")
PRODUCTION_YEARS = 2  # 6A: the production year is the 2nd full calendar year after production starts
REVIEW_BY = (3, 31)  # 6A: 达产复核 by 31 March of the year after the production year

# what is checked -> the department that verifies it (domain §3.1 table, Scenario 1 verifiers)
VERIFIERS: dict[str, str] = {
    "start_works": "natural-resources",  # O3 自然资源 (idle-land handling)
    "completion": "housing-construction",  # O4 住建
    "investment_intensity": "development-reform",  # O5 发改 (+ 自然资源 for the plot ratio)
    "plot_ratio": "natural-resources",
    "energy_value_added": "development-reform",  # O2 发改 (energy commitment)
    "emission_value_added": "ecology-environment",
    "tax_per_mu": "economy-information",  # O6 经信 (亩均评价, with the tax bureau's figures)
}
NAMES: dict[str, str] = {  # the obligation's name in the records (the pages translate it)
    "start_works": "按期开工", "completion": "按期竣工", "investment_intensity": "投资强度", "plot_ratio": "容积率",
    "tax_per_mu": "亩均税收", "energy_value_added": "单位能耗增加值", "emission_value_added": "单位排放增加值",
}
X_VERIFIER = "economy-information"  # locally added X indicators (R&D share …): 达产复核 by 经信
PER_MU = "万元/亩"  # indicators whose shortfall times the parcel's area is the default penalty (6A)
DATE_KINDS = ("start_works", "completion")


@dataclass(frozen=True)
class Term:
    """One obligation of the agreement: `check` is when (delivery, benchmark, production), `key` what."""

    kind: str  # start_works, completion or indicator
    check: str
    key: str
    name: str  # an X indicator's own name ('' otherwise)
    target: str | None  # the committed minimum of an indicator; None for a date obligation
    unit: str
    due: dt.date
    verify_by: str


@dataclass(frozen=True)
class Outcome:
    """A verification's result: kept or breached, and the shortfall (with its total over the parcel)."""

    kept: bool
    shortfall: Decimal | None = None
    total: Decimal | None = None


def name(key: str) -> str:
    """The Chinese name of what an agreement obligation checks (an X indicator by its own name)."""
    return key[2:] if key.startswith("x:") else NAMES.get(key, key)


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def production_review_due(production_start: dt.date) -> dt.date:
    """31 March after the production year, the 2nd full calendar year after production starts (6A)."""
    first_full = production_start.year if (production_start.month, production_start.day) == (1, 1) \
        else production_start.year + 1
    return dt.date(first_full + PRODUCTION_YEARS, *REVIEW_BY)


def redated(completed_on: dt.date) -> dict[str, dt.date]:
    """check -> due, once the actual completion date is known (production is taken to start then)."""
    return {"benchmark": months_later(completed_on, BENCHMARK_MONTHS),
            "production": production_review_due(completed_on)}


def schedule(delivered_on: dt.date | None, signed_on: dt.date, indicators) -> tuple[Term, ...]:
    """The agreement's obligations for a letter signed on `signed_on`: months count from the land delivery
    (the signing day when the parcel has no delivery date). `indicators` are the letter's Indicator rows."""
    base = delivered_on or signed_on
    completion = months_later(base, COMPLETION_MONTHS)
    dues = {"delivery": months_later(base, START_MONTHS), **redated(completion)}
    terms = [Term("start_works", "delivery", "start_works", "", None, "", dues["delivery"],
                  VERIFIERS["start_works"]),
             Term("completion", "delivery", "completion", "", None, "", completion, VERIFIERS["completion"])]
    for indicator in indicators:
        check = "benchmark" if indicator.checked == "benchmark" else "production"
        terms.append(Term("indicator", check, indicator.key, indicator.name, indicator.minimum, indicator.unit,
                          dues[check], VERIFIERS.get(indicator.key, X_VERIFIER)))
    return tuple(terms)


def parse_measured(text: str) -> Decimal:
    """A measured indicator value: a finite number ≥ 0 (ValueError otherwise)."""
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not value.is_finite() or value < 0:
        raise ValueError("not a number")
    return value


def assess_indicator(target: str, measured: Decimal, unit: str, area_mu) -> Outcome:
    """Kept when the measured value reaches the committed minimum; the shortfall (to 0.01) otherwise, and
    for a per-mu indicator its total over the parcel's area (the agreement's default penalty, 6A)."""
    minimum = Decimal(target)
    if measured >= minimum:
        return Outcome(True)
    shortfall = (minimum - measured).quantize(Decimal("0.01"), ROUND_HALF_UP)
    total = None
    if unit == PER_MU and area_mu is not None:
        total = (shortfall * Decimal(str(area_mu))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Outcome(False, shortfall, total)


def assess_date(due: dt.date, happened_on: dt.date | None, today: dt.date) -> Outcome:
    """A start or a completion: kept when it happened on or before the due date; breached when it happened
    later or, with no date, once the due date has passed (ValueError before: nothing to find yet)."""
    if happened_on is not None:
        if happened_on > today:
            raise ValueError("in the future")
        return Outcome(happened_on <= due)
    if today <= due:
        raise ValueError("not due")
    return Outcome(False)
