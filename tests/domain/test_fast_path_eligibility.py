"""Eligibility for fast paths (domain §3.1, §3.5, Scenario 6A): conditions held or not held on a day, the
validity of an area-wide assessment on its boundary days, and the shipped 标准地+承诺制 path."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coordinator.domain.eligibility import (
    Assessment,
    Facts,
    check_all,
    check_path,
    covering,
)
from coordinator.domain.templates import load_template_file

D = dt.date.fromisoformat
TEMPLATE = load_template_file(Path(__file__).parents[2] / "stage_templates" / "industrial-standard-land.yaml")
PATH = TEMPLATE.fast_paths["standard-land-commitment"]
EIA = Assessment("area-eia", "区域规划环评", D("2024-03-15"), D("2029-03-14"))
ENERGY = Assessment("area-energy", "区域能评", D("2024-05-20"), D("2027-05-19"))
SOIL = Assessment("soil-water", "区域水保", D("2023-11-08"), None)
ALL = (EIA, ENERGY, SOIL)
DAY = D("2026-11-20")


@pytest.mark.parametrize(("approved", "until", "day", "valid"), [
    ("2024-05-20", "2027-05-19", "2024-05-19", False),  # the day before approval
    ("2024-05-20", "2027-05-19", "2024-05-20", True),  # the approval day itself
    ("2024-05-20", "2027-05-19", "2027-05-19", True),  # the last valid day
    ("2024-05-20", "2027-05-19", "2027-05-20", False),  # the day after
    ("2023-11-08", None, "2040-01-01", True),  # no end date
])
def test_assessment_validity_on_a_day(approved, until, day, valid):
    assessment = Assessment("area-energy", "x", D(approved), D(until) if until else None)
    assert assessment.valid_on(D(day)) is valid


def test_the_newest_valid_assessment_of_the_right_kind_covers_a_service():
    older = Assessment("area-eia", "旧规划环评", D("2019-01-01"), D("2024-01-01"))
    assert covering("environmental-assessment", (older, EIA), DAY) is EIA
    assert covering("environmental-assessment", (older,), DAY) is None
    assert covering("energy-assessment", (EIA,), DAY) is None
    assert covering("drawing-review", ALL, DAY) is None  # no area-wide assessment replaces a drawing review


def facts(**overrides) -> Facts:
    values = {"attributes": {"standard_land": False}, "parcel": "A-07", "assessments": ALL}
    values.update(overrides)
    return Facts(**values)


def held(result) -> dict[str, list[bool]]:
    out: dict[str, list[bool]] = {}
    for condition in result.conditions:
        out.setdefault(condition.code, []).append(condition.held)
    return out


@pytest.mark.parametrize(("case", "overrides", "day", "eligible", "failing"), [
    ("all held", {}, DAY, True, set()),
    ("no parcel", {"parcel": None}, DAY, False, {"parcel", "when"}),
    ("energy expired", {}, D("2027-05-20"), False, {"assessment", "when"}),
    ("soil-water missing", {"assessments": (EIA, ENERGY)}, DAY, False, {"assessment", "when"}),
    ("credit suspended", {"credit_suspended_until": D("2026-12-15")}, DAY, False, {"credit"}),
    ("credit repaired the day before", {"credit_suspended_until": D("2026-11-19")}, DAY, True, set()),
    ("credit suspended through today", {"credit_suspended_until": DAY}, DAY, False, {"credit"}),
    ("events do not fit", {"replay_problems": {"standard-land-commitment": "node 'eia-report' is waived"}}, DAY,
     False, {"events"}),
])
def test_eligibility_conditions(case, overrides, day, eligible, failing):
    result = check_path(TEMPLATE, PATH, facts(**overrides), day)
    assert result.eligible is eligible, case
    assert {c.code for c in result.conditions if not c.held} == failing, case


def test_the_owner_saying_standard_land_is_not_enough():
    """`standard_land` comes from the register, not from the project's own attribute."""
    result = check_path(TEMPLATE, PATH, facts(parcel=None, attributes={"standard_land": True}), DAY)
    assert not result.eligible
    assert result.attributes() == {}
    assert check_path(TEMPLATE, PATH, facts(), DAY).attributes() == {"standard_land": True}


def test_each_waived_report_names_the_assessment_that_replaces_it():
    result = check_path(TEMPLATE, PATH, facts(), DAY)
    waivers = {c.params["node"]: c.params for c in result.conditions if c.code == "assessment"}
    assert set(waivers) == {"eia-report", "energy-report", "soil-water-report"}
    assert waivers["energy-report"]["assessment"] == "区域能评"
    assert waivers["energy-report"]["valid_until"] == D("2027-05-19")
    expired = check_path(TEMPLATE, PATH, facts(), D("2027-05-20"))
    energy = next(c for c in expired.conditions if c.code == "assessment" and c.params["node"] == "energy-report")
    assert not energy.held and energy.params["expired"] == D("2027-05-19")


def test_check_all_lists_every_path_and_marks_the_chosen_one():
    results = check_all(TEMPLATE, facts(opted_in=("standard-land-commitment",)), DAY)
    assert [r.path.key for r in results] == ["standard-land-commitment"]
    assert results[0].opted_in
