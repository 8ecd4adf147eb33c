"""The investment agreement's obligations (domain Scenario 1 O3–O6 and Scenario 6A): due dates in calendar
months from the land delivery, the production-review date, and the measured value against the target."""
import datetime as dt
from decimal import Decimal

import pytest

from coordinator.domain.agreement_terms import (
    assess_date,
    assess_indicator,
    months_later,
    name,
    parse_measured,
    production_review_due,
    redated,
    schedule,
)
from coordinator.domain.commitment_letter import Indicator

D = dt.date.fromisoformat
INDICATORS = (Indicator("investment_intensity", "", "350", "万元/亩", "benchmark"),
              Indicator("plot_ratio", "", "1.2", "", "benchmark"),
              Indicator("tax_per_mu", "", "25", "万元/亩", "production"),
              Indicator("energy_value_added", "", "2", "万元/吨标煤", "production"),
              Indicator("x:研发经费占比", "研发经费占比", "2", "%", "production"))


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2025-04-30", 6, "2025-10-30"),  # Scenario 1 O3
    ("2025-04-30", 24, "2027-04-30"),  # Scenario 1 O4
    ("2025-08-31", 6, "2026-02-28"),  # no 31 February: the month's last day
    ("2027-08-31", 6, "2028-02-29"),  # leap year
    ("2025-03-31", 1, "2025-04-30"),
    ("2025-11-15", 3, "2026-02-15"),  # across the year
])
def test_months_later(day, months, expected):
    assert months_later(D(day), months) == D(expected)


@pytest.mark.parametrize(("start", "due"), [
    ("2026-11-05", "2029-03-31"),  # Scenario 6A: production from 2026-11, production year 2028
    ("2026-09-30", "2029-03-31"),  # 6A's completion date taken as the start of production
    ("2027-01-01", "2029-03-31"),  # a start on 1 January makes that year the first full one
    ("2027-01-02", "2030-03-31"),
    ("2027-04-30", "2030-03-31"),  # Scenario 1's contracted completion
])
def test_production_review_due(start, due):
    assert production_review_due(D(start)) == D(due)


def test_scenario_1_obligations_from_the_land_delivery():
    terms = {(t.check, t.key): t for t in schedule(D("2025-04-30"), D("2025-04-24"), INDICATORS)}
    rows = [(key, t.due.isoformat(), t.verify_by, t.target) for key, t in terms.items()]
    assert rows == [
        (("delivery", "start_works"), "2025-10-30", "natural-resources", None),  # O3
        (("delivery", "completion"), "2027-04-30", "housing-construction", None),  # O4
        (("benchmark", "investment_intensity"), "2027-07-30", "development-reform", "350"),  # O5
        (("benchmark", "plot_ratio"), "2027-07-30", "natural-resources", "1.2"),  # O5
        (("production", "tax_per_mu"), "2030-03-31", "economy-information", "25"),  # O6
        (("production", "energy_value_added"), "2030-03-31", "development-reform", "2"),  # O2
        (("production", "x:研发经费占比"), "2030-03-31", "economy-information", "2"),  # O6 (R&D)
    ]


def test_without_a_delivery_date_months_count_from_the_signing_day():
    terms = schedule(None, D("2026-06-01"), ())
    assert [(t.kind, t.due.isoformat()) for t in terms] == [("start_works", "2026-12-01"), ("completion", "2028-06-01")]


def test_the_actual_completion_redates_the_later_checks():
    assert redated(D("2026-09-30")) == {"benchmark": D("2026-12-30"), "production": D("2029-03-31")}  # 6A


@pytest.mark.parametrize(("target", "measured", "unit", "kept", "shortfall", "total"), [
    ("25", "19", "万元/亩", False, "6.00", "171.00"),  # Scenario 6A: 6.00 × 28.5 = 171.0 万元
    ("350", "431.58", "万元/亩", True, None, None),  # 6A 对标验收
    ("1.2", "1.35", "", True, None, None),
    ("1.2", "1.2", "", True, None, None),  # the minimum itself is kept
    ("2", "1.5", "%", False, "0.50", None),  # not per mu: no total
])
def test_measured_against_the_target(target, measured, unit, kept, shortfall, total):
    outcome = assess_indicator(target, Decimal(measured), unit, Decimal("28.5"))
    assert outcome.kept is kept
    assert (str(outcome.shortfall) if outcome.shortfall is not None else None) == shortfall
    assert (str(outcome.total) if outcome.total is not None else None) == total


@pytest.mark.parametrize(("happened", "today", "kept"), [
    ("2025-05-20", "2025-06-01", True),  # Scenario 6A: works started 2025-05-20, due 2025-10-30
    ("2025-10-30", "2025-11-03", True),
    ("2025-10-31", "2025-11-03", False),
    (None, "2025-10-31", False),  # nothing by the due date
])
def test_a_date_obligation(happened, today, kept):
    assert assess_date(D("2025-10-30"), D(happened) if happened else None, D(today)).kept is kept


@pytest.mark.parametrize(("happened", "today", "message"), [
    (None, "2025-10-30", "not due"), ("2025-06-02", "2025-06-01", "in the future")])
def test_a_date_obligation_refused(happened, today, message):
    with pytest.raises(ValueError, match=message):
        assess_date(D("2025-10-30"), D(happened) if happened else None, D(today))


@pytest.mark.parametrize("text", ["", "abc", "-1", "NaN", "Infinity"])
def test_measured_must_be_a_number(text):
    with pytest.raises(ValueError):
        parse_measured(text)


def test_names():
    assert name("tax_per_mu") == "亩均税收" and name("x:研发经费占比") == "研发经费占比" and name("start_works") == "按期开工"
