"""What the passing of days calls for, done exactly once: the record (audit + notification) of each deemed
consent, the escalation of an overdue opinion to the lead and the leaders, and the daily due-soon and
overdue reminders. `flask remind` runs it for every open project; review pages run the once-only part
on read, so the result never depends on the job having run. The reminder log's unique
(clock key, kind, day) makes a second run, or a run racing a page read, do nothing twice."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from coordinator.domain import review as rules
from coordinator.extensions import db
from coordinator.models import Project, ProjectEvent, ReminderLog
from coordinator.services import audit
from coordinator.services import notifications as notes
from coordinator.services.projects import project_template, project_timelines
from coordinator.services.review import assignments

ON_READ = ("deemed", "escalated")  # what a page read records; reminders are the job's
ALL_KINDS = ("deemed", "escalated", "due_soon", "overdue")


def process(project: Project, timeline: dict, kinds=ON_READ) -> list[rules.Reminder]:
    """Do the reminders of `kinds` that the timeline calls for and the log does not hold yet."""
    return process_many([(project, timeline)], kinds)


def process_many(pairs, kinds=ON_READ) -> list[rules.Reminder]:
    """The same for many (project, timeline) pairs, reading the log once (a list page stays at one query)."""
    wanted = [(project, r) for project, timeline in pairs
              for r in rules.reminders(project.id, project_template(project), timeline) if r.kind in kinds]
    if not wanted:
        return []
    done = set(db.session.execute(select(ReminderLog.clock_key, ReminderLog.kind, ReminderLog.day).where(
        ReminderLog.clock_key.in_({r.key for _, r in wanted}))).all())
    acted = []
    for project, reminder in wanted:
        if (reminder.key, reminder.kind, dt.date.fromisoformat(reminder.day)) not in done and _claim(reminder):
            _act(project, reminder)
            acted.append(reminder)
    return acted


def _claim(reminder: rules.Reminder) -> bool:
    """Insert the log row in a savepoint; False when someone else already did (unique constraint)."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderLog(clock_key=reminder.key, kind=reminder.kind,
                                       day=dt.date.fromisoformat(reminder.day)))
        return True
    except IntegrityError:
        return False


MESSAGES = {
    "deemed": "%(project_name)s: no opinion from %(dept)s by %(deadline)s, recorded as deemed consent",
    "escalated": "%(project_name)s: the opinion of %(dept)s is overdue (due %(deadline)s)",
    "due_soon": "%(project_name)s: due soon (%(deadline)s)",
    "overdue": "%(project_name)s: overdue since %(deadline)s",
}


def _act(project: Project, reminder: rules.Reminder) -> None:
    node, item, dept = reminder.node, reminder.item, reminder.dept
    template = project_template(project)
    lead = template.node(node).lead
    people = _recipients(project, reminder, lead, template.item(item)[1].dept)
    if reminder.kind in ("deemed", "escalated"):
        audit.record(f"opinion:{reminder.kind}", None, "project", project.id, node=node, item=item, dept=dept,
                     deadline=reminder.deadline, clock=reminder.key)
    notes.notify(people, reminder.kind, MESSAGES[reminder.kind], project=project,
                 link=f"/review/projects/{project.id}/stages/{node}/board" if reminder.kind in ON_READ
                 else f"/review/projects/{project.id}/opinions/{node}/{item}/{dept}" if dept
                 else f"/projects/{project.id}",
                 project_name=project.name, dept=dept or "", deadline=reminder.deadline)


def _recipients(project: Project, reminder: rules.Reminder, lead: str | None, item_dept: str) -> list:
    if reminder.kind == "deemed":
        return notes.department_staff([lead, reminder.dept])
    if reminder.kind == "escalated":
        return notes.department_staff([lead], ("lead",)) + notes.leaders()
    if reminder.dept is None:
        return notes.department_staff([item_dept])
    routed = assignments(project.id, reminder.node).get((reminder.node, reminder.item, reminder.dept))
    return [routed.reviewer] if routed and routed.reviewer else notes.department_staff([reminder.dept])


def active_projects() -> list[Project]:
    """Projects with at least one accepted stage, events loaded (two queries)."""
    accepted = select(ProjectEvent.project_id).where(ProjectEvent.do == "accept")
    return list(db.session.scalars(select(Project).where(Project.id.in_(accepted))
                                   .options(selectinload(Project.events)).order_by(Project.id)))


def remind_all(today: dt.date) -> dict[str, int]:
    """The cron job: every kind, every active project; returns how many of each kind were done."""
    projects = active_projects()
    counts = dict.fromkeys(ALL_KINDS, 0)
    for reminder in process_many(zip(projects, project_timelines(projects, today)), ALL_KINDS):
        counts[reminder.kind] += 1
    return counts
