"""Agenda suggestions read from their indexed rows: the same suggestions as replaying every project (objections,
overdue opinions, a target that can no longer be met, flags, open tasks, less what an unsigned meeting holds),
never staler than the event log, the business date, the calendar or the project's target date, and a fixed
number of queries at any number of projects."""
import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from coordinator.domain import agenda
from coordinator.extensions import db
from coordinator.models import AgendaPending, AgendaSuggestion, MeetingFlag, Project
from coordinator.services import agenda_rows, agents, calendar
from coordinator.services import meeting_agenda as agenda_svc
from coordinator.services import meetings as svc
from coordinator.services.projects import append_event, project_timelines
from tests.queries import count_queries
from tests.review_kit import accept, departments, person, project

D = dt.date.fromisoformat
LATE = D("2026-06-10")  # the 3- and 5-day opinions asked on 06-01 are red


def replay_everything(today: dt.date) -> list[agenda.Suggestion]:
    """The reference: every project replayed (what the suggestions did before the caches)."""
    projects = db.session.scalars(select(Project).options(selectinload(Project.events))
                                  .execution_options(populate_existing=True).order_by(Project.id)).all()
    flags = db.session.execute(select(MeetingFlag.project_id, MeetingFlag.note)
                               .where(MeetingFlag.meeting_id.is_(None)).order_by(MeetingFlag.id)).all()
    return agenda.suggestions(zip((p.id for p in projects), project_timelines(projects, today)),
                              flags=[tuple(row) for row in flags])


def same_as_replaying(today: dt.date, limit: int = 10_000) -> None:
    """The whole list and the page's groups (each cut to `limit`) agree with replaying every project."""
    reference = replay_everything(today)
    assert agenda_svc.suggestions(today) == reference
    kept = {reason: n for reason, n in agenda_rows.counts().items() if n}
    assert kept == Counter(s.reason for s in reference if s.reason in agenda.TIMELINE_REASONS)
    assert kept == dict(db.session.execute(select(AgendaSuggestion.reason, func.count())
                                           .group_by(AgendaSuggestion.reason)).all())
    limits = {reason: limit for reason in agenda.REASONS}
    assert agenda_svc.suggestion_groups(limits, limit) == agenda.grouped(reference, limits, limit)


def world() -> list[Project]:
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
    return [objected, answered, dated]


def test_the_stored_rows_give_the_same_suggestions_as_replaying_every_project(db_session):
    world()
    for day in (D("2026-06-02"), LATE):
        first, got = agenda_svc.suggestions(day), agenda_svc.suggestions(day)  # worked out, then read from the rows
        assert first == got == replay_everything(day)
        same_as_replaying(day)
        same_as_replaying(day, limit=1)
    reasons = {s.reason for s in got}
    assert {"objection", "overdue_opinion", "past_target"} <= reasons
    assert db.session.scalars(select(AgendaPending)).all() == []  # the full replay took the new projects


def test_a_new_project_is_marked_pending_until_its_suggestions_are_worked_out(db_session):
    world()
    agenda_svc.suggestions(LATE)
    row = project(target_date=D("2026-06-11"))
    db.session.commit()
    assert db.session.scalars(select(AgendaPending.project_id)).all() == [row.id]
    same_as_replaying(LATE)
    assert db.session.scalars(select(AgendaPending)).all() == []


def test_the_rows_follow_new_events_target_dates_flags_and_the_calendar(db_session):
    objected, answered, dated = world()
    admin, day = person("admin"), D("2026-06-03")
    same_as_replaying(day)
    append_event(dated, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "fire-protection",
                         "decision": "object"}, None, day)  # a new event on the same day
    agents.set_target(objected, D("2026-06-05"), admin)  # target dates: no event
    agents.set_target(dated, None, admin)
    db.session.add(MeetingFlag(project_id=answered.id, note="投资超10亿元"))
    db.session.commit()
    same_as_replaying(day)
    assert any(s.project_id == objected.id and s.reason == "past_target" for s in agenda_svc.suggestions(day))
    calendar.set_override(admin, D("2026-06-04"), False, "台风")  # a closure: the deadlines move
    db.session.commit()
    same_as_replaying(day)
    same_as_replaying(LATE)  # a new business date


def test_what_an_unsigned_meeting_holds_is_left_out_of_counts_and_heads(db_session):
    world()
    leader = person("leader")
    agenda_svc.fresh_suggestions(LATE)
    picked = tuple(s for group in agenda_svc.suggestion_groups({}, 1) for s in group.shown)
    plan = svc.Convening(title="联审会", day=D("2026-06-12"), start="09:30", place="三楼会议室", chair_id=leader.id,
                         departments=("natural-resources",), picked=agenda_svc.with_notes(picked, LATE))
    svc.convene(plan, [], leader, dt.datetime(2026, 6, 10, 8, tzinfo=dt.UTC))
    db.session.commit()
    reference = replay_everything(LATE)
    held = {(s.project_id, s.reason, s.node, s.item, s.dept) for s in picked}
    left = [s for s in reference if (s.project_id, s.reason, s.node, s.item, s.dept) not in held]
    assert len(left) == len(reference) - len(picked)
    agenda_svc.fresh_suggestions(LATE)
    for limit in (1, 20):
        limits = {reason: limit for reason in agenda.REASONS}
        assert agenda_svc.suggestion_groups(limits, limit) == agenda.grouped(left, limits, limit)


def test_the_page_takes_a_fixed_number_of_queries_at_any_number_of_projects(db_session):
    def page_reads():
        agenda_svc.fresh_suggestions(LATE)
        agenda_svc.suggestion_groups({}, 20)

    world()
    page_reads()
    db.session.commit()
    with count_queries() as few:
        page_reads()
    for _ in range(6):
        accept(project(target_date=D("2026-06-11")))
    db.session.commit()
    page_reads()  # the rows take the new projects
    db.session.commit()
    with count_queries() as many:
        page_reads()
    assert len(many) == len(few) <= 8, many
