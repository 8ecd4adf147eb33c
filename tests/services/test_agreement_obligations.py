"""The agreement's obligations opened with the signed letter (domain Scenario 1 O3–O6): due dates from the
land delivery, departments, targets; verification by the measured value (Scenario 6A: 19 < 25 万元/亩 is a
breach with a 171.0 万元 shortfall over 28.5 亩); the actual completion re-dates the later checks."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import AuditEntry, CreditRecord, Notification, Obligation
from coordinator.services import fast_paths as svc
from coordinator.services import obligations
from coordinator.services.supervision import SupervisionRefused
from tests.fastpath_kit import DAY, D, accept_commitment_stages, company, filed_project, parcel, person

PATH = "standard-land-commitment"


@pytest.fixture
def signed(db_session):
    owner_company = company()
    owner = person("owner", company_id=owner_company.id)
    land = parcel()
    land.delivered_on = D("2026-06-10")
    project = filed_project(owner_company, land)
    svc.opt_in(project, PATH, owner, DAY)
    accept_commitment_stages(project, DAY)
    svc.sign(project, "王建国", owner, DAY)
    return owner, project


def terms(project) -> dict[str, Obligation]:
    return {row.item: row for row in db.session.scalars(select(Obligation).where(
        Obligation.project_id == project.id, Obligation.kind != "commitment"))}


def claimed(row: Obligation, day=DAY):
    checker = person("supervisor", row.verify_by)
    obligations.claim(row.id, checker, day)
    return checker


def test_signing_opens_the_agreement_obligations(signed):
    _, project = signed
    rows = terms(project)
    assert {key: (r.kind, r.node, r.due.isoformat(), r.verify_by, r.target, r.unit) for key, r in rows.items()} == {
        "start_works": ("start_works", "delivery", "2026-12-10", "natural-resources", None, ""),
        "completion": ("completion", "delivery", "2028-06-10", "housing-construction", None, ""),
        "investment_intensity": ("indicator", "benchmark", "2028-09-10", "development-reform", "350", "万元/亩"),
        "plot_ratio": ("indicator", "benchmark", "2028-09-10", "natural-resources", "1.2", ""),
        "tax_per_mu": ("indicator", "production", "2031-03-31", "economy-information", "25", "万元/亩"),
        "energy_value_added": ("indicator", "production", "2031-03-31", "development-reform", "2", "万元/吨标煤"),
    }
    assert all(r.status == "open" and r.signed_on == DAY for r in rows.values())
    letter = svc.signed_letters(project.id)[0]
    assert [(t["key"], t["due"]) for t in letter.content["terms"]][:2] == [
        ("start_works", "2026-12-10"), ("completion", "2028-06-10")]
    opened = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "obligation:open")).all()
    assert len(opened) == 2 + 6  # the two commitment items and the six terms


def test_a_second_letter_opens_no_term_twice(signed):
    owner, project = signed
    from coordinator.services.agreement_obligations import open_terms

    assert open_terms(project, svc.letter(project, D("2026-07-01")), owner, D("2026-07-01")) == []
    assert len(terms(project)) == 6


def test_a_tax_shortfall_is_a_breach_with_its_penalty(signed):
    _owner, project = signed
    row = terms(project)["tax_per_mu"]
    day = D("2031-03-20")
    checker = claimed(row, day)
    with pytest.raises(SupervisionRefused):
        obligations.verify(row.id, "", "税务数据", checker, day, measured="十九")
    obligations.verify(row.id, "", "2030年度税收541.5万元", checker, day, measured="19.00")
    assert (row.status, row.measured, str(row.shortfall), str(row.penalty)) == ("breached", "19", "6.00", "171.00")
    [record] = db.session.scalars(select(CreditRecord)).all()
    assert (record.obligation_id, record.until) == (row.id, D("2032-03-20"))
    assert record.note == "亩均税收 19 < 25 万元/亩，差额合计 171.00 万元；2030年度税收541.5万元"
    assert db.session.scalar(select(Notification.id).where(Notification.kind == "commitment_breached")) is not None


def test_a_plot_ratio_reached_is_kept(signed):
    _, project = signed
    row = terms(project)["plot_ratio"]
    checker = claimed(row)
    obligations.verify(row.id, "", "竣工测量 1.35", checker, D("2026-10-15"), measured="1.35")
    assert (row.status, row.shortfall) == ("kept", None) and db.session.scalar(select(CreditRecord.id)) is None


def test_start_of_works_by_its_date(signed):
    _, project = signed
    row = terms(project)["start_works"]
    checker = claimed(row)
    with pytest.raises(SupervisionRefused):  # no date and not due yet
        obligations.verify(row.id, "", "未开工", checker, D("2026-07-01"))
    with pytest.raises(SupervisionRefused):
        obligations.verify(row.id, "", "开工", checker, D("2026-07-01"), measured="2026-07-02")
    obligations.verify(row.id, "", "施工许可后开工", checker, D("2026-07-01"), measured="2026-06-20")
    assert (row.status, row.measured) == ("kept", "2026-06-20")


def test_no_start_by_the_due_date_is_a_breach(signed):
    _, project = signed
    row = terms(project)["start_works"]
    checker = claimed(row)
    obligations.verify(row.id, "", "交地后6个月未开工", checker, D("2026-12-11"))
    assert row.status == "breached" and row.measured is None


def test_the_actual_completion_redates_the_later_checks(signed):
    _, project = signed
    rows = terms(project)
    checker = claimed(rows["completion"])
    obligations.verify(rows["completion"].id, "", "竣工验收备案", checker, D("2027-09-30"), measured="2027-09-30")
    assert rows["completion"].status == "kept"
    assert rows["plot_ratio"].due == D("2027-12-30")  # 3 months after completion
    assert rows["tax_per_mu"].due == D("2030-03-31")  # production year 2029, the 2nd full year
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "obligation:redate")) is not None


def test_a_long_obligation_turns_yellow_ten_working_days_before(signed):
    _, project = signed
    row = terms(project)["start_works"]  # due Thursday 2026-12-10
    assert obligations.light(row, D("2026-11-25")).light == "green"  # 11 working days left
    assert obligations.light(row, D("2026-11-26")).light == "yellow"  # 10
    assert obligations.light(row, D("2026-12-11")).light == "red"
