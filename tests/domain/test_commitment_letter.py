"""The 承诺书 content: N+X indicators, declared investment intensity (domain Scenario 1: 12,000 ÷ 28.5 =
421.05 ≥ 350), one clause per commitment item, and a stable digest."""
import datetime as dt
from decimal import Decimal

import pytest

from coordinator.domain.commitment_letter import (
    Clause,
    build,
    declared_intensity,
    number,
)

PARCEL = {"code": "A-07", "name": "标准地A-07", "area_mu": Decimal("28.50"), "investment_intensity": Decimal("350.00"),
          "plot_ratio": Decimal("1.20"), "tax_per_mu": Decimal(25), "energy_value_added": Decimal("2.0"),
          "emission_value_added": None, "extra_indicators": [{"name": "研发经费占比", "value": "2", "unit": "%"}]}
PROJECT = {"code": "2025-331023-29-03-000001", "name": "赤城新材料", "company": "赤城公司", "investment": 12000,
           "land_area": Decimal("28.5")}
CLAUSES = [Clause("eia-approval", "环评审批", "ecology-environment", "ecology-environment", 180)]
DAY = dt.date(2025, 4, 25)


def test_scenario_1_declared_intensity_meets_the_minimum():
    letter = build(PROJECT, PARCEL, CLAUSES, DAY)
    assert letter.declared_intensity == "421.05"
    assert letter.intensity_met is True
    assert build({**PROJECT, "investment": 9000}, PARCEL, CLAUSES, DAY).intensity_met is False  # 315.79 < 350


def test_indicators_core_in_order_then_x_and_unset_ones_left_out():
    letter = build(PROJECT, PARCEL, CLAUSES, DAY)
    assert [(i.key, i.minimum, i.unit) for i in letter.indicators] == [
        ("investment_intensity", "350", "万元/亩"), ("plot_ratio", "1.2", ""), ("tax_per_mu", "25", "万元/亩"),
        ("energy_value_added", "2", "万元/吨标煤"), ("x:研发经费占比", "2", "%")]
    assert letter.area_mu == "28.5"


@pytest.mark.parametrize(("investment", "area", "expected"), [
    (12000, 28.5, Decimal("421.05")), (12300, 28.5, Decimal("431.58")), (None, 28.5, None), (100, 0, None)])
def test_declared_intensity(investment, area, expected):
    assert declared_intensity(investment, area) == expected


def test_digest_is_stable_and_changes_with_the_content():
    a, b = build(PROJECT, PARCEL, CLAUSES, DAY), build(PROJECT, PARCEL, CLAUSES, DAY)
    assert a.digest() == b.digest()
    assert build(PROJECT, PARCEL, CLAUSES, DAY + dt.timedelta(days=1)).digest() != a.digest()


def test_a_letter_needs_a_commitment_item():
    with pytest.raises(ValueError):
        build(PROJECT, PARCEL, [], DAY)


def test_number_has_no_trailing_zeros():
    assert [number(v) for v in (Decimal("350.00"), Decimal("1.20"), 2, None)] == ["350", "1.2", "2", None]


def test_the_letter_carries_the_agreement_obligations_from_the_delivery_date():
    letter = build(PROJECT, {**PARCEL, "delivered_on": dt.date(2025, 4, 30)}, CLAUSES, dt.date(2025, 4, 24))
    dues = {(t.check, t.key): t.due.isoformat() for t in letter.terms}
    assert dues[("delivery", "start_works")] == "2025-10-30" and dues[("delivery", "completion")] == "2027-04-30"
    assert ("production", "x:研发经费占比") in dues and ("benchmark", "plot_ratio") in dues
    assert letter.as_dict()["terms"][0]["due"] == "2025-10-30"  # JSON-ready, part of the digest
    assert letter.digest() != build(PROJECT, PARCEL, CLAUSES, dt.date(2025, 4, 24)).digest()
