"""Fast-path and supervision pages through the test client: the parcel register (audited), eligibility
explained and opt-in, the commitment letter signed and printable, the path comparison with both milestones,
the supervisor's inbox, claim and breach, the claim-rate report and the leaders' list of flags."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import (
    AuditEntry,
    CreditRecord,
    Obligation,
    Project,
    StandardParcel,
)
from coordinator.services import fast_paths as svc
from tests.fastpath_kit import (
    DAY,
    D,
    accept_commitment_stages,
    company,
    filed_project,
    parcel,
    person,
)
from tests.queries import count_queries
from tests.web.web_people import log_in

PATH = "standard-land-commitment"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def today(business_date):
    business_date(DAY)
    return DAY


@pytest.fixture
def owned(client, today):
    owner_company = company()
    owner = person("owner", company_id=owner_company.id)
    project = filed_project(owner_company, parcel())
    db.session.commit()
    log_in(client, owner)
    return owner, project


def test_sysadmin_registers_a_parcel_with_an_assessment_and_a_project(client, today):
    project = filed_project()
    admin = person("sysadmin")
    db.session.commit()
    log_in(client, admin)
    assert client.get("/admin/parcels").status_code == 200
    form = {"code": "A-99", "name": "标准地A-99", "area_mu": "28.5", "investment_intensity": "350",
            "plot_ratio": "1.2", "extra_indicators": "研发经费占比 = 2 %"}
    response = client.post("/admin/parcels", data=form)
    row = db.session.scalar(select(StandardParcel).where(StandardParcel.code == "A-99"))
    assert response.status_code == 302 and row.extra_indicators == [{"name": "研发经费占比", "value": "2", "unit": "%"}]
    assert client.post("/admin/parcels", data={**form, "area_mu": "abc"}).status_code == 400
    client.post(f"/admin/parcels/{row.id}/assessments", data={"kind": "area-eia", "name": "区域规划环评",
                                                              "approved_on": "2024-03-15", "valid_until": "2029-03-14"})
    client.post(f"/admin/parcels/{row.id}/projects", data={"code": project.code})
    page = client.get(f"/admin/parcels/{row.id}").get_data(as_text=True)
    assert "区域规划环评" in page and project.code in page
    assert db.session.get(Project, project.id).parcel_id == row.id
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"parcel:create", "assessment:create", "project:parcel"} <= actions


def test_owner_sees_eligibility_opts_in_and_signs(client, owned):
    _owner, project = owned
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/projects/{project.id}/fast-paths" in page
    assert 'class="milestone-forecast"' in page and "桩基先行开工" in page  # 桩基先行: both dates forecast
    page = client.get(f"/projects/{project.id}/fast-paths").get_data(as_text=True)
    assert "区域能评" in page and f"/projects/{project.id}/fast-paths/{PATH}" in page
    response = client.post(f"/projects/{project.id}/fast-paths/{PATH}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/projects/{project.id}")
    assert db.session.get(Project, project.id).fast_paths == [PATH]
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "区域水土保持方案已覆盖" in page  # the waived nodes with their reason, on the project page
    accept_commitment_stages(db.session.get(Project, project.id), DAY)
    db.session.commit()
    letter = client.get(f"/projects/{project.id}/commitment-letter").get_data(as_text=True)
    assert "350" in letter and "421.05" in letter and 'name="signer"' in letter and "print.js" in letter
    client.post(f"/projects/{project.id}/commitment-letter", data={"signer": "王建国（法定代表人）"})
    assert db.session.scalar(select(Obligation.id).where(Obligation.project_id == project.id)) is not None
    letter = client.get(f"/projects/{project.id}/commitment-letter").get_data(as_text=True)
    assert "王建国（法定代表人）" in letter and 'name="signer"' not in letter


def test_comparison_shows_both_milestones(client, owned):
    _, project = owned
    page = client.get(f"/projects/{project.id}/paths").get_data(as_text=True)
    assert 'id="milestone-start-works"' in page and 'id="milestone-pile-start"' in page
    assert page.count("<th scope=\"col\">") >= 3  # blank corner, normal path, the fast path


def test_another_owner_cannot_see_or_opt_in(client, owned, today):
    _, project = owned
    stranger = person("owner", company_id=company().id)
    db.session.commit()
    log_in(client, stranger)
    assert client.get(f"/projects/{project.id}/fast-paths").status_code == 404
    assert client.post(f"/projects/{project.id}/fast-paths/{PATH}").status_code == 404
    assert db.session.get(Project, project.id).fast_paths == []


@pytest.fixture
def signed(owned):
    owner, project = owned
    svc.opt_in(project, PATH, owner, DAY)
    accept_commitment_stages(project, DAY)
    svc.sign(project, "王建国", owner, DAY)
    db.session.commit()
    return project


def test_supervisor_claims_and_records_a_breach_then_the_leader_sees_the_flag(client, signed, business_date):
    checker = person("supervisor", "development-reform")
    leader = person("leader", "approval-bureau")
    db.session.commit()
    log_in(client, checker)
    inbox = client.get("/supervision/").get_data(as_text=True)
    row = db.session.scalar(select(Obligation).where(Obligation.item == "energy-review-opinion"))
    assert signed.name in inbox and f"/supervision/obligations/{row.id}/claim" in inbox
    assert "/supervision/pushes/" in inbox  # the filing and the energy result pushed to 发改
    client.post(f"/supervision/obligations/{row.id}/claim")
    response = client.post(f"/supervision/obligations/{row.id}/verify", data={
        "outcome": "breached", "finding": "单位能耗增加值低于承诺", "evidence": (io.BytesIO(PDF), "核查.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.get(Obligation, row.id).status == "breached"
    assert db.session.scalar(select(CreditRecord.project_id)) == signed.id
    other = db.session.scalar(select(Obligation).where(Obligation.item == "eia-approval"))
    assert client.get(f"/supervision/obligations/{other.id}").status_code == 404  # another department's
    log_in(client, leader)
    flags = client.get("/supervision/credit").get_data(as_text=True)
    assert signed.name in flags and "单位能耗增加值低于承诺" in flags
    project_page = client.get(f"/projects/{signed.id}").get_data(as_text=True)
    assert 'class="credit-flag"' in project_page
    report = client.get("/supervision/report").get_data(as_text=True)
    assert "development-reform" in report or "发展" in report or "claim-report" in report


def test_overdue_verification_is_red_in_the_inbox(client, signed, business_date):
    checker = person("supervisor", "ecology-environment")
    db.session.commit()
    business_date(D("2027-06-01"))
    log_in(client, checker)
    inbox = client.get("/supervision/").get_data(as_text=True)
    assert 'class="light light-red"' in inbox


def test_no_letter_before_a_fast_path_is_chosen(client, owned):
    _, project = owned
    response = client.get(f"/projects/{project.id}/commitment-letter")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/projects/{project.id}/fast-paths")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-error"' in page


def test_the_letter_lists_the_agreement_obligations_and_a_measured_value_is_recorded(client, signed):
    letter = client.get(f"/projects/{signed.id}/commitment-letter").get_data(as_text=True)
    assert 'class="letter-terms"' in letter and "达产复核" in letter and "2026-12-01" in letter  # 6 months
    checker = person("supervisor", "development-reform")
    db.session.commit()
    log_in(client, checker)
    row = db.session.scalar(select(Obligation).where(Obligation.project_id == signed.id,
                                                     Obligation.item == "investment_intensity"))
    inbox = client.get("/supervision/").get_data(as_text=True)
    assert "对标验收" in inbox and "≥ 350 万元/亩" in inbox
    client.post(f"/supervision/obligations/{row.id}/claim")
    page = client.get(f"/supervision/obligations/{row.id}").get_data(as_text=True)
    assert 'name="measured"' in page and 'name="outcome"' not in page
    client.post(f"/supervision/obligations/{row.id}/verify", data={"measured": "四百", "finding": "竣工决算"})
    assert db.session.get(Obligation, row.id).status == "claimed"  # refused: not a number
    client.post(f"/supervision/obligations/{row.id}/verify", data={"measured": "431.58", "finding": "竣工决算审计"})
    page = client.get(f"/supervision/obligations/{row.id}").get_data(as_text=True)
    assert db.session.get(Obligation, row.id).status == "kept" and "431.58" in page


def test_the_inbox_read_sends_the_due_reminder_once_and_it_shows_in_the_notifications(client, signed,
                                                                                     business_date):
    checker = person("supervisor", "natural-resources")
    db.session.commit()
    business_date(D("2026-11-17"))  # start of works due 2026-12-01: 10 working days left
    log_in(client, checker)
    client.get("/supervision/")
    client.get("/supervision/")
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count("将于 2026-12-01 到期（剩余 10 个工作日）") == 1 and "按期开工" in page


def test_the_zone_negative_list_keeps_an_industry_off_the_fast_path(client, today):
    land = parcel()  # zone 苍山
    project = filed_project(on=land)
    project.industry = "C2929 塑料零件及其他塑料制品制造"
    admin = person("sysadmin")
    db.session.commit()
    log_in(client, admin)
    url = f"/admin/parcels/{land.id}/negative-list"
    client.post(url, data={"code": "29x", "name": ""})
    client.post(url, data={"code": "", "name": ""})
    assert svc.zone_entries("苍山") == []
    client.post(url, data={"code": "c29", "name": "橡胶和塑料制品业", "note": "苍山产业集聚区负面清单（2026）"})
    client.post(url, data={"code": "C29", "name": "橡胶和塑料制品业"})  # the same again: refused
    [entry] = svc.zone_entries("苍山")
    assert entry.code == "C29"
    page = client.get(f"/admin/parcels/{land.id}").get_data(as_text=True)
    assert "橡胶和塑料制品业" in page and "苍山产业集聚区负面清单（2026）" in page
    owner = person("owner", company_id=project.company_id)
    db.session.commit()
    log_in(client, owner)
    page = client.get(f"/projects/{project.id}/fast-paths").get_data(as_text=True)
    assert "项目所属行业列入苍山负面清单：C29 橡胶和塑料制品业" in page
    client.post(f"/projects/{project.id}/fast-paths/{PATH}")
    assert db.session.get(Project, project.id).fast_paths == []
    log_in(client, admin)
    client.post(f"/admin/parcels/{land.id}/negative-list/{entry.id}/delete")
    assert svc.zone_entries("苍山") == []
    assert {"negative_list:add", "negative_list:remove"} <= set(db.session.scalars(select(AuditEntry.action)))


def test_the_inbox_takes_a_fixed_number_of_queries(client, today):
    checker = person("supervisor", "development-reform")

    def signed_project():
        owner_company = company()
        owner = person("owner", company_id=owner_company.id)
        project = filed_project(owner_company, parcel())
        svc.opt_in(project, PATH, owner, DAY)
        accept_commitment_stages(project, DAY)
        svc.sign(project, "王建国", owner, DAY)

    signed_project()
    db.session.commit()
    log_in(client, checker)
    client.get("/supervision/")
    with count_queries() as few:
        client.get("/supervision/")
    for _ in range(3):
        signed_project()
    db.session.commit()
    client.get("/supervision/")
    with count_queries() as many:
        html = client.get("/supervision/").get_data(as_text=True)
    assert html.count('class="obligation-row"') == 4 * 3  # the energy commitment and two indicators each
    assert len(many) == len(few), "\n".join(q[:150] for q in many)
