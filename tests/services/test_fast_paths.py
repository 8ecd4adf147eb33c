"""Fast paths against a database: eligibility from the parcel register, opting in (recorded, audited, the
graph changed), signing the commitment letter (one commit per item, issued the same day), obligations with
the timeline's due dates, pushes to supervising departments and their claims, and breaches."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import (
    AuditEntry,
    CommitmentLetter,
    CreditRecord,
    FastPathChoice,
    Notification,
    Obligation,
    ProjectEvent,
    ResultPush,
)
from coordinator.services import fast_paths as svc
from coordinator.services import obligations, supervision
from coordinator.services.projects import append_event, project_timeline
from coordinator.services.supervision import SupervisionRefused
from tests.fastpath_kit import (
    DAY,
    D,
    accept_commitment_stages,
    company,
    filed_project,
    parcel,
    person,
)

PATH = "standard-land-commitment"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def owner_project(db_session):
    owner_company = company()
    owner = person("owner", company_id=owner_company.id)
    return owner, filed_project(owner_company, parcel())


def audits(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_eligibility_comes_from_the_parcel_register(db_session):
    project = filed_project()
    assert not svc.eligibility(project, DAY)[0].eligible
    project.parcel_id = parcel().id
    assert svc.eligibility(project, DAY)[0].eligible
    project.parcel_id = parcel(until_energy=D("2026-05-29")).id  # 区域能评 ran out before today
    result = svc.eligibility(project, DAY)[0]
    assert not result.eligible
    assert [c.params["node"] for c in result.conditions if c.code == "assessment" and not c.held] == ["energy-report"]


def test_opting_in_changes_the_graph_and_is_recorded(owner_project):
    owner, project = owner_project
    svc.opt_in(project, PATH, owner, DAY)
    assert project.fast_paths == [PATH] and project.standard_land
    choice = db.session.scalar(select(FastPathChoice))
    assert (choice.project_id, choice.path, choice.chosen_on, choice.chosen_by) == (project.id, PATH, DAY, owner.id)
    assert all(c["held"] for c in choice.conditions)
    [entry] = audits("fast_path:opt_in")
    assert entry.user_id == owner.id and entry.detail["commitments"] == ["eia-approval", "energy-review-opinion"]
    nodes = project_timeline(project, DAY)["nodes"]
    assert nodes["eia-report"]["status"] == "waived"
    assert (nodes["soil-water"]["status"], nodes["soil-water"]["reason"]) == ("waived", "区域水土保持方案已覆盖")
    assert nodes["eia"]["items"]["eia-approval"]["mode"] == "commitment"
    assert nodes["eia"]["status"] == "ready"  # no report to wait for any more
    dates = dict(svc.milestones(project, DAY))  # 桩基先行: the pile works can start before the superstructure
    assert set(dates) == {"start-works", "pile-start"} and dates["pile-start"] < dates["start-works"]
    with pytest.raises(svc.FastPathRefused):
        svc.opt_in(project, PATH, owner, DAY)


def test_opting_in_is_refused_when_a_condition_does_not_hold(db_session):
    owner_company = company()
    project = filed_project(owner_company, parcel())
    db.session.add(CreditRecord(company_id=owner_company.id, project_id=project.id, recorded_on=D("2026-01-05"),
                                until=D("2027-01-05")))
    db.session.flush()
    with pytest.raises(svc.FastPathRefused):
        svc.opt_in(project, PATH, None, DAY)
    assert project.fast_paths == [] and audits("fast_path:opt_in") == []


def test_a_started_eia_report_no_longer_fits_the_path(db_session):
    project = filed_project(on=parcel())
    append_event(project, {"do": "start", "node": "eia-report"}, None, DAY)
    result = svc.eligibility(project, DAY)[0]
    assert not result.eligible
    assert [c.code for c in result.conditions if not c.held] == ["events"]


def test_signing_issues_every_commitment_item_the_same_day(owner_project):
    owner, project = owner_project
    svc.opt_in(project, PATH, owner, DAY)
    with pytest.raises(svc.FastPathRefused):
        svc.sign(project, "王建国（法定代表人）", owner, DAY)  # the stages are not accepted yet
    sign_day = D("2026-06-02")
    accept_commitment_stages(project, sign_day)
    letter = svc.sign(project, "王建国（法定代表人）", owner, sign_day)
    commits = db.session.scalars(select(ProjectEvent).where(ProjectEvent.do == "commit")).all()
    assert [(e.item, e.date, e.data["signer"]) for e in commits] == [
        ("eia-approval", sign_day, "王建国（法定代表人）"), ("energy-review-opinion", sign_day, "王建国（法定代表人）")]
    timeline = project_timeline(project, sign_day)
    assert timeline["nodes"]["eia"]["items"]["eia-approval"]["status"] == "approved"
    assert timeline["nodes"]["eia"]["items"]["eia-approval"]["finished"] == "2026-06-02"
    # a stage of commitments only has its result with the signature (the system records `complete`)
    assert [(n, timeline["nodes"][n]["status"], timeline["nodes"][n]["finished"]) for n in ("eia", "energy-review")] \
        == [("eia", "done", "2026-06-02"), ("energy-review", "done", "2026-06-02")]
    assert timeline["nodes"]["eia"]["light"] == "on_time"
    assert db.session.get(CommitmentLetter, letter.id).digest == svc.letter(project, sign_day).digest()
    # every commitment is an obligation with the timeline's due date and verifier
    due = {c["item"]: (c["due"], c["verify_by"]) for c in timeline["commitments"]}
    rows = db.session.scalars(select(Obligation).where(Obligation.kind == "commitment")
                              .order_by(Obligation.item)).all()
    assert {r.item: (r.due.isoformat(), r.verify_by) for r in rows} == due
    assert all(r.status == "open" for r in rows)
    # and each issued result is pushed to the department the template names
    pushes = {p.item: p.dept for p in db.session.scalars(select(ResultPush).where(ResultPush.project_id == project.id))}
    assert pushes == {"filing": "development-reform", "eia-approval": "ecology-environment",
                      "energy-review-opinion": "development-reform"}


@pytest.fixture
def signed(owner_project):
    owner, project = owner_project
    svc.opt_in(project, PATH, owner, DAY)
    accept_commitment_stages(project, DAY)
    svc.sign(project, "王建国", owner, DAY)
    return owner, project


def test_a_breach_flags_the_project_and_the_company_and_tells_the_leaders(signed):
    owner, project = signed
    leader = person("leader", "approval-bureau")
    checker = person("supervisor", "development-reform")
    other = person("supervisor", "ecology-environment")
    row = db.session.scalar(select(Obligation).where(Obligation.item == "energy-review-opinion"))
    with pytest.raises(SupervisionRefused):
        obligations.claim(row.id, other, DAY)  # not their department's
    with pytest.raises(SupervisionRefused):
        obligations.verify(row.id, "breached", "x", checker, DAY)  # not claimed yet
    day = D("2026-12-15")
    obligations.claim(row.id, checker, day)
    with pytest.raises(SupervisionRefused):
        obligations.claim(row.id, checker, day)
    obligations.verify(row.id, "breached", "单位能耗增加值1.6万元/吨标煤，低于承诺的2.0", checker, day,
                       ("核查记录.pdf", io.BytesIO(PDF)))
    assert (row.status, row.verified_on, row.verified_by) == ("breached", day, checker.id)
    assert row.evidence_id is not None
    [record] = db.session.scalars(select(CreditRecord)).all()
    assert (record.company_id, record.project_id, record.until) == (project.company_id, project.id, D("2027-12-15"))
    assert obligations.credit_suspended_until(project.company_id, day) == D("2027-12-15")
    assert not svc.eligibility(filed_project(project.company, parcel()), day)[0].eligible  # no more commitments
    told = {n.user_id for n in db.session.scalars(select(Notification).where(Notification.kind == "commitment_breached"))}
    assert {leader.id, owner.id} <= told
    commitment = next(c for c in project_timeline(project, day)["commitments"] if c["item"] == row.item)
    assert (commitment["status"], commitment["verified"]) == ("breached", "2026-12-15")


def test_a_kept_commitment_writes_no_credit_record(signed):
    _, _project = signed
    checker = person("supervisor", "ecology-environment")
    row = db.session.scalar(select(Obligation).where(Obligation.item == "eia-approval"))
    obligations.claim(row.id, checker, D("2026-09-01"))
    obligations.verify(row.id, "kept", "排放符合区域标准", checker, D("2026-09-16"))
    assert row.status == "kept" and db.session.scalar(select(CreditRecord.id)) is None


def test_an_overdue_verification_turns_red_like_the_timeline(signed):
    _, project = signed
    row = db.session.scalar(select(Obligation).where(Obligation.item == "eia-approval"))
    late = D("2027-03-01")
    assert row.due < late
    assert obligations.light(row, late).light == "red"
    commitment = next(c for c in project_timeline(project, late)["commitments"] if c["item"] == "eia-approval")
    assert commitment["light"] == "red"
    assert obligations.light(row, DAY).light == "green"


def test_claim_rates_per_department(db_session):
    """Domain S8-A3: four pushes, three claimed within 2 working days, one a day late → 100 % and 75 %."""
    project = filed_project()
    clerk = {code: person("supervisor", code) for code in ("natural-resources", "water-resources")}
    monday = D("2026-06-08")
    pushes = [ResultPush(project_id=project.id, node="n", item=f"i{n}", dept=dept, issued_on=monday,
                         claim_due=D("2026-06-10")) for n, dept in enumerate(
        ["natural-resources", "natural-resources", "natural-resources", "water-resources"])]
    db.session.add_all(pushes)
    db.session.flush()
    for push, day in zip(pushes, [D("2026-06-09"), D("2026-06-10"), D("2026-06-11")]):
        supervision.claim_push(push.id, clerk[push.dept], day, None)
    supervision.claim_push(pushes[3].id, clerk["water-resources"], D("2026-06-09"), None)
    with pytest.raises(SupervisionRefused):
        supervision.claim_push(pushes[3].id, clerk["water-resources"], D("2026-06-09"), None)
    with pytest.raises(SupervisionRefused):
        supervision.claim_push(pushes[0].id, clerk["water-resources"], D("2026-06-09"), None)
    report = {r["dept"]: r for r in supervision.claim_report(start=monday)}
    assert report["natural-resources"]["claim_rate"] == 100.0
    assert report["natural-resources"]["on_time_rate"] == pytest.approx(66.7)
    assert report["water-resources"]["on_time_rate"] == 100.0
    overall_on_time = sum(r["on_time"] for r in report.values()) / sum(r["pushed"] for r in report.values())
    assert overall_on_time == 0.75


def test_pushes_wait_for_a_claim_with_a_light(db_session):
    project = filed_project()
    [push] = db.session.scalars(select(ResultPush).where(ResultPush.project_id == project.id)).all()
    assert (push.item, push.dept, push.issued_on, push.claim_due) == ("filing", "development-reform", DAY,
                                                                       D("2026-06-03"))
    assert supervision.claim_light(push, DAY).light == "green"
    assert supervision.claim_light(push, D("2026-06-02")).light == "yellow"
    assert supervision.claim_light(push, D("2026-06-04")).light == "red"
    assert [p.id for p, _ in supervision.pending_pushes("development-reform")] == [push.id]


def test_a_zone_parcel_without_standard_land_gets_the_area_assessment_waivers_only(db_session):
    """Domain Scenario 7's zone: a parcel without indicators, the 区域水保 valid: only the soil-and-water plan is
    waived; there is nothing to commit to, so no letter."""
    owner_company = company()
    owner = person("owner", company_id=owner_company.id)
    land = parcel()
    for key in ("investment_intensity", "plot_ratio", "tax_per_mu", "energy_value_added"):
        setattr(land, key, None)
    project = filed_project(owner_company, land)
    svc.opt_in(project, "area-assessment", owner, DAY)
    timeline = project_timeline(project, DAY)
    waived = sorted(key for key, node in timeline["nodes"].items() if node["mode"] == "waived")
    assert waived == ["soil-water", "soil-water-report"] and not project.standard_land
    assert timeline["nodes"]["eia-report"]["mode"] == "normal"
    with pytest.raises(svc.FastPathRefused):
        svc.letter(project, DAY)
