"""The demo applications: one waits in the approval bureau's inbox, one was accepted with a deferred
material the demo owner must supply; a second seeding adds nothing."""
import datetime as dt

from sqlalchemy import func, select

from coordinator.demo import applications, projects, users
from coordinator.extensions import db
from coordinator.models import StageReview
from coordinator.services.acceptance import inbox
from coordinator.services.owner_tasks import owner_tasks
from coordinator.services.projects import project_timeline
from coordinator.services.templates import sync_templates

TODAY = dt.date(2026, 6, 10)


def test_demo_applications_feed_the_inbox_and_the_owner_panel(db_session, business_date):
    business_date(TODAY)
    sync_templates()
    projects.seed(TODAY)
    users.seed()
    assert applications.seed(TODAY) == 2
    assert applications.seed(TODAY) == 0
    rows = inbox("approval-bureau", TODAY)
    assert [row.project_code for row in rows] == ["2026-331023-34-03-108011"]
    accepted = db.session.scalars(select(StageReview).where(StageReview.status == "accepted")).one()
    assert accepted.deferred == ["power-of-attorney"] and accepted.due > TODAY
    project = db.session.get(type(accepted.application.project), accepted.project_id)
    tasks = owner_tasks(project, project_timeline(project, TODAY), TODAY)
    assert [d.material for d in tasks.deferred] == ["power-of-attorney"] and tasks.receipts
    assert db.session.scalar(select(func.count(StageReview.id))) == 2
