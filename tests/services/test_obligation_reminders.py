"""Reminders 10 and 3 working days before an obligation falls due: the supervising department, and the
owner for what the owner must do; once per threshold (a second run sends nothing), audited, and with the
2026 calendar (National Day) counted in working days."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coordinator.extensions import db
from coordinator.models import AuditEntry, Notification, Obligation
from coordinator.services import fast_paths as svc
from coordinator.services.obligation_reminders import remind, threshold
from tests.fastpath_kit import DAY, D, accept_commitment_stages, company, filed_project, parcel, person

PATH = "standard-land-commitment"


@pytest.mark.parametrize(("remaining", "expected"), [(11, None), (10, 10), (4, 10), (3, 3), (0, 3)])
def test_threshold(remaining, expected):
    assert threshold(remaining) == expected


@pytest.fixture
def scene(db_session):
    owner_company = company()
    owner = person("owner", company_id=owner_company.id)
    land = parcel()
    land.delivered_on = D("2026-04-20")  # start of works due 2026-10-20, after National Day
    project = filed_project(owner_company, land)
    svc.opt_in(project, PATH, owner, DAY)
    accept_commitment_stages(project, DAY)
    svc.sign(project, "王建国", owner, DAY)
    checker = person("supervisor", "natural-resources")
    return owner, checker, project


def sent_to(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                              Notification.kind == "obligation_due_soon")))


def test_ten_then_three_working_days_before_once_each(scene):
    owner, checker, project = scene
    row = db.session.scalar(select(Obligation).where(Obligation.project_id == project.id,
                                                     Obligation.item == "start_works"))
    assert row.due == D("2026-10-20")
    assert remind(D("2026-09-29")) == 0  # 11 working days left (National Day 10-01..10-07 not counted)
    assert remind(D("2026-09-30")) == 1  # 10 left: the department and the owner
    assert [n.params["days"] for n in sent_to(checker)] == [10] and len(sent_to(owner)) == 1
    assert remind(D("2026-09-30")) == 0 and remind(D("2026-10-08")) == 0  # nothing twice
    assert remind(D("2026-10-15")) == 1  # 3 left
    assert [n.params["days"] for n in sent_to(checker)] == [10, 3]
    assert remind(D("2026-10-16")) == 0 and remind(D("2026-10-21")) == 0  # overdue: the light is red instead
    audited = db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "obligation:remind"))
    assert audited == 2


def test_a_commitment_item_reminds_only_the_department(scene):
    owner, _checker, project = scene
    row = db.session.scalar(select(Obligation).where(Obligation.project_id == project.id,
                                                     Obligation.item == "eia-approval"))
    inspector = person("supervisor", "ecology-environment")
    from coordinator.services.calendar import app_calendar

    day = app_calendar().latest_start(row.due, 3)
    assert remind(day) >= 1
    assert len(sent_to(inspector)) == 1 and "环境影响" in sent_to(inspector)[0].params["obligation"]
    assert sent_to(owner) == []


def test_a_verified_obligation_is_not_reminded(scene):
    _owner, checker, project = scene
    row = db.session.scalar(select(Obligation).where(Obligation.project_id == project.id,
                                                     Obligation.item == "start_works"))
    row.status = "kept"
    assert remind(D("2026-09-30")) == 0 and sent_to(checker) == []


def test_the_command_uses_the_business_date(app, scene, business_date):
    _owner, checker, _project = scene
    db.session.commit()
    business_date(D("2026-09-30"))
    runner = app.test_cli_runner()
    assert "2026-09-30: 1 obligation reminders" in runner.invoke(args=["obligations-remind"]).output
    assert "2026-09-30: 0 obligation reminders" in runner.invoke(args=["obligations-remind"]).output
    assert len(sent_to(checker)) == 1
