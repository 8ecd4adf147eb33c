"""Demo standard land (标准地): two parcels of the 苍山 zone with their "N+X" indicators and the zone's
area-wide assessments; the demo fast-path project is put on A-07 (its opt-in recorded), and a second
project of the demo owner's company waits on A-08 with its filing done, ready to choose the fast path.
Idempotent: parcels, assessments and projects are looked up by their codes first."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import (
    CommitmentLetter,
    Company,
    FastPathChoice,
    NegativeListEntry,
    Project,
    ProjectEvent,
    RegionalAssessment,
    StandardParcel,
    TemplateVersion,
)
from coordinator.services import fast_paths
from coordinator.services.agreement_obligations import open_terms
from coordinator.services.calendar import app_calendar
from coordinator.services.projects import append_event, create_project

ZONE = "天台县苍山产业集聚区"
ASSESSMENTS = (
    ("area-eia", "苍山产业集聚区规划环境影响报告书", "台环建〔2024〕12号", dt.date(2024, 3, 15), dt.date(2029, 3, 14)),
    ("area-energy", "苍山产业集聚区区域节能报告", "台发改能〔2024〕7号", dt.date(2024, 5, 20), dt.date(2027, 5, 19)),
    ("soil-water", "苍山产业集聚区区域水土保持方案", "台水保〔2023〕31号", dt.date(2023, 11, 8), None),
    ("geo-hazard", "苍山产业集聚区地质灾害危险性区域评估", "台自然资〔2021〕5号", dt.date(2021, 9, 1), dt.date(2026, 8, 31)),
)
INDICATORS = {"area_mu": Decimal("28.5"), "investment_intensity": Decimal(350), "tax_per_mu": Decimal(25),
              "plot_ratio": Decimal("1.2"), "energy_value_added": Decimal("2.0"),
              "emission_value_added": Decimal(120),
              "extra_indicators": [{"name": "研发经费支出占主营业务收入比重", "value": "2", "unit": "%"}]}
PARCELS = (("TT-CS-2025-A07", "苍山产业集聚区标准地A-07地块", INDICATORS, "2026-331023-29-03-108004"),
           ("TT-CS-2025-A08", "苍山产业集聚区标准地A-08地块", {**INDICATORS, "area_mu": Decimal(45)},
            "2026-331023-34-03-108005"))
NEGATIVE_LIST = (("C25", "石油、煤炭及其他燃料加工业"), ("C3011", "水泥制造"), ("", "电镀"))
NEGATIVE_LIST_NOTE = "天台县苍山产业集聚区标准地出让负面清单（2025年版）"
DELIVERED_AGO = 40  # working days between 交地 and the demo's business date
WAITING = ("2026-331023-34-03-108005", "台州恒远精密机械有限公司智能铸造车间扩建项目", "913310237284567898",
           {"location": f"{ZONE}标准地A-08地块", "industry": "汽车零部件及配件制造", "investment": 18000,
            "land_area": 45})


def seed(today: dt.date) -> int:
    """Add what is missing; return how many parcels were added."""
    assessments = [_assessment(*row) for row in ASSESSMENTS]
    _negative_list()
    _waiting_project(today)
    added = 0
    for code, name, values, project_code in PARCELS:
        parcel = db.session.scalar(select(StandardParcel).where(StandardParcel.code == code))
        if parcel is None:
            parcel = StandardParcel(code=code, name=name, zone=ZONE,
                                    delivered_on=app_calendar().latest_start(today, DELIVERED_AGO), **values)
            parcel.assessments = list(assessments)
            db.session.add(parcel)
            db.session.flush()
            added += 1
        project = db.session.scalar(select(Project).where(Project.code == project_code))
        if project is not None and project.parcel_id is None:
            project.parcel_id = parcel.id
            _record_choices(project)
            _record_letter(project)
    db.session.flush()
    return added


def _assessment(kind, name, number, approved, until) -> RegionalAssessment:
    row = db.session.scalar(select(RegionalAssessment).where(RegionalAssessment.name == name))
    if row is None:
        row = RegionalAssessment(kind=kind, name=name, approval_no=number, approved_on=approved, valid_until=until,
                                 scope=f"{ZONE}规划范围（负面清单外的工业项目）")
        db.session.add(row)
        db.session.flush()
    return row


def _record_choices(project: Project) -> None:
    """The demo project was created on its path: record the choice on the day of its first event."""
    first = db.session.scalar(select(ProjectEvent.date).where(ProjectEvent.project_id == project.id)
                              .order_by(ProjectEvent.seq).limit(1))
    for path in project.fast_paths or ():
        db.session.add(FastPathChoice(project_id=project.id, path=path, chosen_on=first or project.created_at.date(),
                                      conditions=[]))


def _negative_list() -> None:
    """The zone's negative list, so eligibility has something to check the industry against."""
    for code, name in NEGATIVE_LIST:
        if db.session.scalar(select(NegativeListEntry.id).where(
                NegativeListEntry.zone == ZONE, NegativeListEntry.code == code, NegativeListEntry.name == name)):
            continue
        db.session.add(NegativeListEntry(zone=ZONE, code=code, name=name, note=NEGATIVE_LIST_NOTE))
    db.session.flush()


def _record_letter(project: Project) -> None:
    """The demo project's commitments were signed as events: store the letter as signed that day and open
    the agreement's obligations, as signing on the letter page would."""
    commits = db.session.scalars(select(ProjectEvent).where(
        ProjectEvent.project_id == project.id, ProjectEvent.do == "commit").order_by(ProjectEvent.seq)).all()
    if not commits:
        return
    day, signer = commits[0].date, (commits[0].data or {}).get("signer", "")
    content = fast_paths.letter(project, day)
    db.session.add(CommitmentLetter(project_id=project.id, signed_on=day, signer=signer, signed_by=None,
                                    items=[event.item for event in commits], content=content.as_dict(),
                                    digest=content.digest()))
    open_terms(project, content, None, day)


def _waiting_project(today: dt.date) -> None:
    """A project on standard land that has not chosen the fast path yet (filed two working days ago)."""
    code, name, credit, attributes = WAITING
    template = db.session.scalar(select(TemplateVersion).where(TemplateVersion.key == "industrial-standard-land")
                                 .order_by(TemplateVersion.version.desc()).limit(1))
    company = db.session.scalar(select(Company).where(Company.credit_code == credit))
    if template is None or company is None or db.session.scalar(select(Project.id).where(Project.code == code)):
        return
    project = create_project(code=code, name=name, template=template, actor=None, company_id=company.id, **attributes)
    day = app_calendar().latest_start(today, 2)
    for event in ({"do": "submit", "node": "initiation"}, {"do": "accept", "node": "initiation"},
                  {"do": "decide", "node": "initiation", "item": "filing", "result": "approved"},
                  {"do": "complete", "node": "initiation"}):
        append_event(project, event, None, day)
