"""Reminders before an obligation falls due: REMIND_DAYS (10 and 3) working days before its due date the
supervising department is told, and the owner too when the owner must act (start, complete, reach an
indicator). Exactly once per obligation, threshold and due date (the reminder log's unique key), audited;
`flask obligations-remind` runs it from cron and the supervision inbox on the first read of a new day."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coordinator.domain.agreement_terms import name as term_name
from coordinator.extensions import db
from coordinator.models import Obligation, Project, ReminderLog
from coordinator.services import audit
from coordinator.services import notifications as notes
from coordinator.services.calendar import app_calendar
from coordinator.services.obligations import REMIND_DAYS
from coordinator.services.projects import project_template
from coordinator.services.supervision import SUPERVISOR_ROLES

OWNER_SIDE = ("start_works", "completion", "indicator")  # the owner must act; a commitment item is inspected
MESSAGE = "%(project_name)s: %(obligation)s falls due on %(due)s (%(days)s working days left)"


def threshold(remaining: int) -> int | None:
    """The tightest reminder the remaining working days call for (3 before 10), None when none yet."""
    fitting = [days for days in REMIND_DAYS if remaining <= days]
    return min(fitting) if fitting else None


def falling_due(today: dt.date, dept: str | None = None) -> list[tuple[Obligation, Project, int, int]]:
    """(obligation, project, remaining working days, threshold) for every open obligation due within the
    first reminder's horizon and not yet overdue (one query)."""
    cal = app_calendar()
    query = (select(Obligation, Project).join(Project, Project.id == Obligation.project_id)
             .where(Obligation.status.in_(("open", "claimed")), Obligation.due >= today,
                    Obligation.due <= cal.deadline(today, REMIND_DAYS[0]))
             .order_by(Obligation.due, Obligation.id))
    if dept is not None:
        query = query.where(Obligation.verify_by == dept)
    out = []
    for row, project in db.session.execute(query):
        remaining = cal.count(today, row.due)
        days = threshold(remaining)
        if days is not None:
            out.append((row, project, remaining, days))
    return out


def remind(today: dt.date, dept: str | None = None) -> int:
    """Send the reminders due today that the log does not hold yet; returns how many were sent."""
    wanted = falling_due(today, dept)
    if not wanted:
        return 0
    done = set(db.session.execute(select(ReminderLog.clock_key, ReminderLog.kind, ReminderLog.day).where(
        ReminderLog.clock_key.in_({_key(row) for row, *_ in wanted}))).all())
    sent = 0
    for row, project, remaining, days in wanted:
        if (_key(row), f"due_{days}", row.due) in done or not _claim(row, days):
            continue
        _send(row, project, remaining, days)
        sent += 1
    return sent


def _key(row: Obligation) -> str:
    return f"obligation:{row.id}"


def _claim(row: Obligation, days: int) -> bool:
    """Insert the log row in a savepoint; False when another run already did (unique constraint)."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderLog(clock_key=_key(row), kind=f"due_{days}", day=row.due))
        return True
    except IntegrityError:
        return False


def _send(row: Obligation, project: Project, remaining: int, days: int) -> None:
    audit.record("obligation:remind", None, "obligation", row.id, project=project.id, item=row.item, due=row.due,
                 threshold=days, remaining=remaining)
    params = {"project_name": project.name, "obligation": _name(row, project), "due": row.due.isoformat(),
              "days": remaining}
    notes.notify(notes.department_staff([row.verify_by], SUPERVISOR_ROLES), "obligation_due_soon", MESSAGE,
                 project=project, link=f"/supervision/obligations/{row.id}", **params)
    if row.kind in OWNER_SIDE:
        notes.notify(notes.project_people(project), "obligation_due_soon", MESSAGE, project=project,
                     link=f"/projects/{project.id}", **params)


def _name(row: Obligation, project: Project) -> str:
    if row.kind == "commitment":
        return project_template(project).item(row.item)[1].name
    return term_name(row.item)
