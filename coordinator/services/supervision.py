"""审管联动: every issued item result is pushed to the department that supervises it (the template's item
`supervisor`), which claims (认领) it within 2 working days; claim rates per department. Also the one place
that turns recorded events into follow-up work, whoever recorded them: results into pushes, signed
commitments into obligations, verifications into their consequences (on_event, called by append_event)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select, update

from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.clocks import Clock, Reading, read
from coordinator.domain.templates import DEFAULT_WARNING_RATIO
from coordinator.domain.timeline import Replay
from coordinator.extensions import db
from coordinator.models import Department, Project, ProjectEvent, ResultPush
from coordinator.services import audit
from coordinator.services import notifications as notes
from coordinator.services.calendar import app_calendar

CLAIM_DAYS = 2  # 聊城: claim within 2 working days (domain §4.8, S8-A3)
SUPERVISOR_ROLES = ("supervisor",)


class SupervisionRefused(ValueError):
    """The action does not fit the record's state (already claimed, another department's)."""


def on_event(project: Project, row: ProjectEvent, state: Replay, actor, today: dt.date) -> None:
    """Follow-up work for one recorded event, in the same transaction."""
    from coordinator.services import obligations

    if row.do == "decide" and (row.data or {}).get("result") == "approved":
        push_result(project, state, row.node, row.item, today)
    elif row.do == "commit":
        obligations.open_commitment(project, state, row.node, row.item, actor)
        push_result(project, state, row.node, row.item, today)
    elif row.do == "verify":
        obligations.apply_outcome(project, state, row.node, row.item, row.data["outcome"], actor, today)


def push_result(project: Project, state: Replay, node: str, item: str, today: dt.date) -> ResultPush | None:
    """Push one issued result to its supervising department (once); None when the item names none."""
    spec = state.template.item(item)[1]
    if not spec.supervisor:
        return None
    if db.session.scalar(select(ResultPush.id).where(ResultPush.project_id == project.id,
                                                     ResultPush.item == item)) is not None:
        return None
    due = app_calendar().deadline(today, CLAIM_DAYS)
    push = ResultPush(project_id=project.id, node=node, item=item, dept=spec.supervisor, issued_on=today,
                      claim_due=due)
    db.session.add(push)
    db.session.flush()
    audit.record("result:push", None, "result_push", push.id, project=project.id, item=item, dept=spec.supervisor,
                 due=due)
    notes.notify(notes.department_staff([spec.supervisor], SUPERVISOR_ROLES), "result_pushed",
                 "Result pushed for supervision: %(project_name)s, %(item)s; claim it by %(due)s",
                 project=project, link="/supervision/", project_name=project.name, item=spec.name,
                 due=due.isoformat())
    return push


def claim_light(push: ResultPush, today: dt.date, cal: WorkCalendar | None = None) -> Reading:
    """The claim clock (2 working days from the push) read like any clock; a list passes its calendar."""
    clock = Clock(CLAIM_DAYS)
    clock.start, clock.finished = push.issued_on, push.claimed_on
    return read(clock, cal or app_calendar(), today, DEFAULT_WARNING_RATIO)


def pending_pushes(dept: str) -> list[tuple[ResultPush, Project]]:
    """The department's unclaimed results, oldest first (one query)."""
    rows = db.session.execute(select(ResultPush, Project).join(Project, Project.id == ResultPush.project_id)
                              .where(ResultPush.dept == dept, ResultPush.claimed_on.is_(None))
                              .order_by(ResultPush.issued_on, ResultPush.id))
    return [(push, project) for push, project in rows]


def claim_push(push_id: int, actor, today: dt.date, now: dt.datetime) -> ResultPush:
    """认领: the first claim wins (a conditional update); a second one is refused."""
    push = db.session.get(ResultPush, push_id)
    if push is None or push.dept != actor.department_code:
        raise SupervisionRefused("This result is not pushed to your department.")
    done = db.session.execute(update(ResultPush).where(ResultPush.id == push_id, ResultPush.claimed_on.is_(None))
                              .values(claimed_on=today, claimed_at=now, claimed_by=actor.id)
                              .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise SupervisionRefused("This result was already claimed.")
    db.session.refresh(push)
    audit.record("result:claim", actor, "result_push", push.id, project=push.project_id, item=push.item,
                 on_time=push.claimed_on <= push.claim_due)
    return push


def claim_report(start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Per department: results pushed (issued in [start, end]), claimed, claimed on time, and the rates."""
    on_time = case((ResultPush.claimed_on <= ResultPush.claim_due, 1), else_=0)
    query = (select(ResultPush.dept, func.count(ResultPush.id), func.count(ResultPush.claimed_on), func.sum(on_time))
             .group_by(ResultPush.dept).order_by(ResultPush.dept))
    if start is not None:
        query = query.where(ResultPush.issued_on >= start)
    if end is not None:
        query = query.where(ResultPush.issued_on <= end)
    names = dict(db.session.execute(select(Department.code, Department.name)).all())
    out = []
    for dept, pushed, claimed, timely in db.session.execute(query):
        timely = int(timely or 0)
        out.append({"dept": dept, "name": names.get(dept, dept), "pushed": pushed, "claimed": claimed,
                    "on_time": timely, "claim_rate": _rate(claimed, pushed), "on_time_rate": _rate(timely, pushed)})
    return out


def _rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, None for an empty department."""
    return round(100 * part / whole, 1) if whole else None
