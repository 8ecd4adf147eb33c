"""Factories for the fast-path tests: the shipped industrial-standard-land template stored, departments,
people of a role, a standard parcel with valid area-wide assessments, and a project with its filing done."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import (
    Company,
    Department,
    Project,
    RegionalAssessment,
    StandardParcel,
    User,
)
from coordinator.services.projects import append_event, create_project
from coordinator.services.templates import sync_templates
from tests import unique

D = dt.date.fromisoformat
DAY = D("2026-06-01")  # a working Monday


def template_row():
    from coordinator.models import TemplateVersion

    sync_templates()
    return db.session.query(TemplateVersion).filter_by(key="industrial-standard-land").one()


def department(code: str) -> Department:
    row = db.session.query(Department).filter_by(code=code).one_or_none()
    if row is None:
        row = Department(code=code, name=code)
        db.session.add(row)
        db.session.flush()
    return row


def person(role: str, dept: str | None = None, **values) -> User:
    number = unique.number()
    user = User(username=f"fp-{role}-{number}", display_name=f"{role}{number}", role=role, password_hash="!",
                password_changed_at=current_clock().now(), department_id=department(dept).id if dept else None,
                **values)
    db.session.add(user)
    db.session.flush()
    return user


def company() -> Company:
    number = unique.number()
    row = Company(credit_code=f"91331023FP{number:08d}", name=f"示例新材料有限公司{number}")
    db.session.add(row)
    db.session.flush()
    return row


ENERGY_UNTIL = D("2027-05-19")


def parcel(*, until_energy: dt.date | None = ENERGY_UNTIL) -> StandardParcel:
    number = unique.number()
    row = StandardParcel(code=f"A-{number:02d}", name=f"标准地A-{number:02d}", zone="苍山", area_mu=Decimal("28.5"),
                         investment_intensity=Decimal(350), plot_ratio=Decimal("1.2"), tax_per_mu=Decimal(25),
                         energy_value_added=Decimal(2), extra_indicators=[])
    row.assessments = [
        RegionalAssessment(kind="area-eia", name="区域规划环评", approved_on=D("2024-03-15"), valid_until=D("2029-03-14")),
        RegionalAssessment(kind="area-energy", name="区域能评", approved_on=D("2024-05-20"), valid_until=until_energy),
        RegionalAssessment(kind="soil-water", name="区域水保", approved_on=D("2023-11-08")),
    ]
    db.session.add(row)
    db.session.flush()
    return row


def filed_project(owner_company: Company | None = None, on: StandardParcel | None = None, day: dt.date = DAY) -> Project:
    """A standard-land project whose filing (立项备案) is done on `day`."""
    number = unique.number()
    project = create_project(code=f"2026-331023-29-03-{number:06d}", name=f"标准地项目{number}", template=template_row(),
                             actor=None, company_id=(owner_company or company()).id, investment=12000,
                             land_area=Decimal("28.5"))
    project.parcel_id = on.id if on else None
    for event in ({"do": "submit", "node": "initiation"}, {"do": "accept", "node": "initiation"},
                  {"do": "decide", "node": "initiation", "item": "filing", "result": "approved"},
                  {"do": "complete", "node": "initiation"}):
        append_event(project, event, None, day)
    return project


def accept_commitment_stages(project: Project, day: dt.date) -> None:
    """The window accepts the EIA and energy stages (the 标准地一件事 application)."""
    for node in ("eia", "energy-review"):
        append_event(project, {"do": "submit", "node": node}, None, day)
        append_event(project, {"do": "accept", "node": node}, None, day)
