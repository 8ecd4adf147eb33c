"""The demo step that gives owner accounts the first demo project's company (idempotent)."""
import datetime as dt

from coordinator.demo import owners, projects
from coordinator.extensions import db
from coordinator.models import Company, Project
from coordinator.services.project_access import can_see_project
from coordinator.services.templates import sync_templates
from tests.login import make_user


def test_a_demo_owner_owns_a_demo_project_and_a_second_run_adds_nothing(db_session, business_date):
    business_date(dt.date(2026, 6, 1))
    sync_templates()
    projects.seed(dt.date(2026, 6, 1))
    owner = make_user("owner", company_id=None)
    assert owners.seed() == 1
    assert owners.seed() == 0
    db.session.refresh(owner)
    company = db.session.get(Company, owner.company_id)
    assert company.credit_code == projects.DEMO_PROJECTS[0][3]
    assert any(can_see_project(owner, project) for project in db.session.query(Project))
