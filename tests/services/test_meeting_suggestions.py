"""Agenda suggestions read through the caches: the same suggestions as replaying every project (objections,
overdue opinions, a target that can no longer be met), and a fixed number of queries once the caches are warm."""
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coordinator.domain import agenda
from coordinator.extensions import db
from coordinator.models import Project
from coordinator.services import meetings as svc
from coordinator.services.projects import append_event, project_timelines
from tests.queries import count_queries
from tests.review_kit import accept, departments, project

D = dt.date.fromisoformat
LATE = D("2026-06-10")  # the 3- and 5-day opinions asked on 06-01 are red


def replay_everything(today: dt.date) -> list[agenda.Suggestion]:
    """The reference: every project replayed (what the suggestions did before the caches)."""
    projects = db.session.scalars(select(Project).options(selectinload(Project.events))
                                  .execution_options(populate_existing=True).order_by(Project.id)).all()
    return agenda.suggestions(zip((p.id for p in projects), project_timelines(projects, today)))


def world() -> None:
    departments()
    objected, answered, dated = project(), project(), project(target_date=D("2026-06-12"))
    project()  # never started
    for row in (objected, answered, dated):
        accept(row)
    append_event(objected, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "fire-protection",
                            "decision": "object"}, None, D("2026-06-02"))
    for item, depts in (("scheme", ("fire-protection", "meteorology")),
                        ("permit", ("civil-air-defense", "transport", "fire-protection"))):
        for dept in depts:
            append_event(answered, {"do": "opinion", "node": "planning", "item": item, "dept": dept,
                                    "decision": "consent"}, None, D("2026-06-02"))
    db.session.commit()


def test_the_caches_give_the_same_suggestions_as_replaying_every_project(db_session):
    world()
    for day in (D("2026-06-02"), LATE):
        first, got = svc.suggestions(day), svc.suggestions(day)  # replayed, then read from the cache
        assert first == got == replay_everything(day)
    reasons = {s.reason for s in got}
    assert {"objection", "overdue_opinion", "past_target"} <= reasons


def test_warm_suggestions_take_a_fixed_number_of_queries(db_session):
    world()
    svc.suggestions(LATE)
    with count_queries() as few:
        svc.suggestions(LATE)
    for _ in range(4):
        accept(project())
    svc.suggestions(LATE)  # the caches take the new projects
    with count_queries() as many:
        svc.suggestions(LATE)
    assert len(many) == len(few) <= 9, many
