"""Eligibility for fast paths (domain §3.1, §3.5, Scenario 6A): conditions held or not held on a day, the
validity of an area-wide assessment on its boundary days, and the shipped 标准地+承诺制 path."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coordinator.domain.eligibility import (
    Assessment,
    Excluded,
    Facts,
    check_all,
    check_path,
    covering,
    excluded_by,
    industry_digits,
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
    ("on the zone's negative list", {"zone": "苍山", "excluded": (Excluded("C30", "非金属矿物制品业"),)}, DAY, False,
     {"negative_list"}),
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
    assert [r.path.key for r in results] == ["standard-land-commitment", "area-assessment"]
    assert results[0].opted_in and not results[1].opted_in


AREA = TEMPLATE.fast_paths["area-assessment"]


@pytest.mark.parametrize(("case", "overrides", "eligible", "failing"), [
    # domain Scenario 7: an area-assessed zone without standard land (its parcel has no indicators, and
    # `standard_land` is not asked): only the soil-and-water plan is waived, nothing is on commitment
    ("zone parcel, soil-water covered", {"assessments": (SOIL,)}, True, set()),
    ("no soil-water assessment", {"assessments": (EIA, ENERGY)}, False, {"assessment"}),
    ("not on a registered parcel", {"parcel": None}, False, {"parcel"}),
    ("credit suspended does not matter without commitments", {"credit_suspended_until": D("2027-01-01")}, True,
     set()),
    ("negative list", {"zone": "苍山", "excluded": (Excluded("C26", ""),)}, False, {"negative_list"}),
])
def test_the_area_assessment_path_without_commitments(case, overrides, eligible, failing):
    result = check_path(TEMPLATE, AREA, facts(**overrides), DAY)
    assert result.eligible is eligible, case
    assert {c.code for c in result.conditions if not c.held} == failing, case
    assert "credit" not in {c.code for c in result.conditions} and "when" not in {c.code for c in result.conditions}


CEMENT, CHEMICALS, TANNING = Excluded("C3011", "水泥制造"), Excluded("C26", ""), Excluded("", "皮革鞣制加工")


@pytest.mark.parametrize(("project_code", "industry", "digits"), [
    ("2026-331023-29-03-108004", "塑料制品业", ("29",)),  # the 项目代码's industry class
    ("2026-331023-29-03-108004", "C2929 塑料零件及其他塑料制品制造", ("29", "2929")),
    ("not a code", "2619 其他基础化学原料制造", ("2619",)),
    ("", "", ()),
])
def test_industry_digits(project_code, industry, digits):
    assert industry_digits(project_code, industry) == digits


@pytest.mark.parametrize(("project_code", "industry", "caught"), [
    ("2026-331023-26-03-000001", "化学原料", (CHEMICALS,)),  # class 26 covers the project's 26
    ("2026-331023-30-03-000001", "C3011 水泥制造", (CEMENT,)),  # the subclass by code (and by name)
    ("2026-331023-30-03-000001", "水泥制造", (CEMENT,)),  # by name: the code's class 30 is not enough
    ("2026-331023-30-03-000001", "C3021 水泥制品制造", ()),  # a sibling subclass is not caught
    ("2026-331023-19-03-000001", "皮革鞣制加工", (TANNING,)),
    ("2026-331023-29-03-000001", "塑料制品业", ()),
])
def test_excluded_by_code_class_or_name(project_code, industry, caught):
    assert excluded_by((CEMENT, CHEMICALS, TANNING), project_code, industry) == caught


def test_the_negative_list_is_explained_with_its_entries():
    result = check_path(TEMPLATE, PATH, facts(zone="苍山", excluded=(CEMENT,)), DAY)
    [condition] = [c for c in result.conditions if c.code == "negative_list"]
    assert condition.as_dict() == {"code": "negative_list", "held": False,
                                   "params": {"zone": "苍山", "entries": ["C3011 水泥制造"]}}
