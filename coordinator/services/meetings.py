"""Joint-approval meetings (联审会议): convene from the agenda suggestions, invite the departments, record
positions, attendance and the discussion, take structured resolutions, and sign: every resolution then acts
on its project as an engine event in the same transaction, and the minutes lock. Flushes, never commits."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import Integer, Text, bindparam, cast, func, literal_column, null, select, union_all, update
from sqlalchemy.orm import joinedload, selectinload

from coordinator.domain import agenda
from coordinator.domain.errors import RuleBroken, ScenarioInvalid
from coordinator.domain.minutes import number_label
from coordinator.extensions import db
from coordinator.models import (
    AgendaItem,
    Department,
    Meeting,
    MeetingFlag,
    MeetingInvite,
    MeetingPosition,
    MeetingTask,
    Project,
    Resolution,
    User,
)
from coordinator.services import audit
from coordinator.services.calendar import app_calendar
from coordinator.services.notifications import department_staff, notify, project_people
from coordinator.services.projects import append_event, project_timeline

STANCES = ("agree", "disagree", "conditional")
ATTENDANCE = ("present", "delegated", "excused", "absent")
KINDS = ("conditions", "override", "extend", "supplement", "task")
APPLY_ORDER = ("extend", "supplement", "override", "conditions", "task")  # clocks first, then the decision


class MeetingRefused(Exception):
    """A request the rules refuse; `message` is an English msgid with %(name)s parameters."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params


class Stale(MeetingRefused):
    """The form was drawn from an older version of the meeting (or the minutes are signed): 409."""


class NotAllowed(MeetingRefused):
    """The person may see the meeting but not do this (not invited, not the chair): 403."""


@dataclass(frozen=True)
class Convening:
    title: str
    day: dt.date
    start: str
    place: str
    chair_id: int
    departments: tuple[str, ...]
    picked: tuple[agenda.Suggestion, ...]


# ------------------------------------------------------------------ reading


def board(meeting_id: int) -> Meeting | None:
    """The meeting as the actions, the minutes and the invitation change or read it (ORM objects): the meeting
    with its invitations, the agenda with each item's project, positions and resolutions (one query each, no
    row repeated per position)."""
    return db.session.scalars(
        select(Meeting).where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.invites),
                 selectinload(Meeting.items).options(selectinload(AgendaItem.positions),
                                                     selectinload(AgendaItem.resolutions)))).first()


class BoardPosition(NamedTuple):  # tuples: built by the hundred per board, cheaper than frozen dataclasses
    dept: str
    stance: str
    text: str


class BoardResolution(NamedTuple):
    id: int
    kind: str
    text: str
    basis: str
    days: int | None
    dept: str | None
    applied_seq: int | None


@dataclass(slots=True)
class BoardItem:
    """One agenda item as the board shows it (plain values, positions by department)."""

    id: int
    position: int
    project_id: int
    template_id: int
    node: str | None
    item: str | None
    dept: str | None
    reason: str
    note: str
    project_name: str
    project_code: str
    positions: dict[str, BoardPosition] = field(default_factory=dict)
    resolutions: list[BoardResolution] = field(default_factory=list)


def board_view(meeting_id: int) -> tuple[Meeting, list[BoardItem]] | None:
    """What the board page shows, in two queries whatever the meeting's size: the meeting with its chair and
    invitations, then one narrow UNION ALL of the agenda items (with their project's name and code), every
    position and every resolution, each row read once."""
    meeting = db.session.scalars(BOARD_MEETING, {"meeting_id": meeting_id}).unique().first()
    if meeting is None:
        return None
    items: dict[int, BoardItem] = {}
    rows = db.session.execute(BOARD_ROWS, {"meeting_id": meeting_id}).all()
    # the tags sort item < position < resolution, so every item exists before its positions and resolutions
    for tag, item_id, n1, n2, n3, t1, t2, t3, t4, t5, t6, t7 in sorted(rows, key=itemgetter(0, 2)):
        if tag == "item":
            items[item_id] = BoardItem(item_id, n1, n2, n3, t1, t2, t3, t4, t5, t6, t7)
        elif tag == "position":
            items[item_id].positions[t3] = BoardPosition(t3, t4, t5 or "")
        else:
            items[item_id].resolutions.append(BoardResolution(n1, t4, t5 or "", t6 or "", n2, t3, n3))
    return meeting, sorted(items.values(), key=lambda row: (row.position, row.id))


def _board_rows(meeting_id):
    """The UNION ALL behind `board_view`; every branch has the columns (tag, item id, n1, n2, n3, t1 … t7):
    item: position, project, template, node, item, dept, reason, note, project name, code;
    position: id, –, –, –, –, dept, stance, text; resolution: id, days, applied seq, –, –, dept, kind, text, basis."""
    item, position, resolution = AgendaItem, MeetingPosition, Resolution
    no_int, no_text = cast(null(), Integer), cast(null(), Text)
    of_meeting = item.meeting_id == meeting_id
    items = (select(literal_column("'item'"), item.id, item.position, item.project_id, Project.template_id,
                    item.node, item.item, item.dept, item.reason, item.note, Project.name, Project.code)
             .join(Project, Project.id == item.project_id).where(of_meeting))
    positions = (select(literal_column("'position'"), position.agenda_item_id, position.id, no_int, no_int, no_text,
                        no_text, position.dept, position.stance, position.text, no_text, no_text)
                 .join(item, item.id == position.agenda_item_id).where(of_meeting))
    resolutions = (select(literal_column("'resolution'"), resolution.agenda_item_id, resolution.id, resolution.days,
                          resolution.applied_seq, no_text, no_text, resolution.dept, resolution.kind, resolution.text,
                          resolution.basis, no_text)
                   .join(item, item.id == resolution.agenda_item_id).where(of_meeting))
    return union_all(items, positions, resolutions)


BOARD_ROWS = _board_rows(bindparam("meeting_id"))  # built once: building it per request cost a third of its run
BOARD_MEETING = select(Meeting).where(Meeting.id == bindparam("meeting_id")).options(joinedload(Meeting.invites))


def meeting_list(limit: int = 100) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).order_by(Meeting.day.desc(), Meeting.id.desc()).limit(limit)))


def open_tasks() -> list[MeetingTask]:
    return list(db.session.scalars(select(MeetingTask).where(MeetingTask.done_on.is_(None))
                                   .order_by(MeetingTask.due, MeetingTask.id)))


def department_names() -> dict[str, str]:
    return dict(db.session.execute(select(Department.code, Department.name)).all())


# ------------------------------------------------------------------ convening


def convene(plan: Convening, manual: list[tuple[int, str]], actor, now: dt.datetime) -> Meeting:
    """Create the meeting with its number, agenda and invitations, and notify the invited departments."""
    if not plan.title.strip() or not plan.place.strip():
        raise MeetingRefused("A meeting needs a title and a place.")
    if not plan.picked and not manual:
        raise MeetingRefused("Put at least one item on the agenda.")
    chair = db.session.get(User, plan.chair_id)
    if chair is None or chair.role != "leader":
        raise MeetingRefused("The chair must be a leader (the chair signs the minutes).")
    year = plan.day.year
    number = (db.session.scalar(select(func.max(Meeting.number)).where(Meeting.year == year)) or 0) + 1
    meeting = Meeting(year=year, number=number, title=plan.title.strip(), day=plan.day, start=plan.start,
                      place=plan.place.strip(), chair_id=chair.id, convened_by_id=getattr(actor, "id", None))
    db.session.add(meeting)
    db.session.flush()
    entries = [(s.project_id, s.reason, s.node, s.item, s.dept, s.note) for s in plan.picked]
    entries += [(pid, "manual", None, None, None, note) for pid, note in manual]
    require_projects({entry[0] for entry in entries})
    for position, (pid, reason, node, item, dept, note) in enumerate(entries, start=1):
        db.session.add(AgendaItem(meeting_id=meeting.id, position=position, project_id=pid, node=node, item=item,
                                  dept=dept, reason=reason, note=note))
    flagged = {s.project_id for s in plan.picked if s.reason == "flagged"}
    if flagged:
        db.session.execute(update(MeetingFlag).where(MeetingFlag.project_id.in_(flagged),
                                                     MeetingFlag.meeting_id.is_(None)).values(meeting_id=meeting.id))
    codes = sorted(set(plan.departments) | {s.dept for s in plan.picked if s.dept})
    _check_departments(codes)
    for code in codes:
        db.session.add(MeetingInvite(meeting_id=meeting.id, dept=code))
    db.session.flush()
    audit.record("meeting:convene", actor, "meeting", meeting.id, number=number_label(year, number),
                 day=plan.day, place=meeting.place, departments=codes, items=len(entries))
    notify(department_staff(codes, ("lead", "reviewer", "leader")) + [chair], "meeting",
           "Invitation: joint-approval meeting %(title)s on %(day)s %(start)s at %(place)s",
           link=f"/meetings/{meeting.id}", title=meeting.title, day=plan.day.isoformat(), start=plan.start,
           place=meeting.place)
    return meeting


def require_projects(ids: set[int]) -> None:
    found = set(db.session.scalars(select(Project.id).where(Project.id.in_(ids))))
    if found != ids:
        raise MeetingRefused("Unknown project on the agenda.")


def _check_departments(codes: list[str]) -> None:
    if not codes:
        raise MeetingRefused("Invite at least one department.")
    found = set(db.session.scalars(select(Department.code).where(Department.code.in_(codes))))
    if found != set(codes):
        raise MeetingRefused("Unknown department invited.")


# ------------------------------------------------------------------ recording


def _editable(meeting: Meeting, version: int) -> None:
    if meeting.locked:
        raise Stale("The minutes are signed and can no longer be changed.")
    if meeting.version != version:
        raise Stale("Someone changed this meeting after you opened the form; reload and check.")


def _touch(meeting: Meeting) -> None:
    meeting.version += 1
    db.session.flush()


def _agenda_item(meeting: Meeting, item_id: int) -> AgendaItem:
    for row in meeting.items:
        if row.id == item_id:
            return row
    raise MeetingRefused("No such agenda item.")


def _invited(meeting: Meeting, dept: str | None) -> MeetingInvite:
    for invite in meeting.invites:
        if invite.dept == dept:
            return invite
    raise NotAllowed("Your department is not invited to this meeting.")


def record_position(meeting: Meeting, actor, item_id: int, stance: str, text: str, version: int) -> None:
    """The actor's department states its position on one agenda item (before or during the meeting)."""
    _editable(meeting, version)
    dept = actor.department_code
    _invited(meeting, dept)
    row = _agenda_item(meeting, item_id)
    if stance not in STANCES:
        raise MeetingRefused("Choose agree, disagree or agree with conditions.")
    if stance != "agree" and not text.strip():
        raise MeetingRefused("Give the reasons or the conditions.")
    position = next((p for p in row.positions if p.dept == dept), None)
    if position is None:
        position = MeetingPosition(agenda_item_id=row.id, dept=dept)
        row.positions.append(position)
    position.stance, position.text, position.recorded_by_id = stance, text.strip(), actor.id
    _touch(meeting)
    audit.record("meeting:position", actor, "meeting", meeting.id, item=row.id, dept=dept, stance=stance)


def record_attendance(meeting: Meeting, actor, dept: str, attendance: str, attendee: str, reason: str,
                      version: int) -> None:
    """Attendance of one invited department; an excused absence needs its reason."""
    _editable(meeting, version)
    invite = next((row for row in meeting.invites if row.dept == dept), None)
    if invite is None:
        raise MeetingRefused("That department is not invited.")
    if attendance not in ATTENDANCE:
        raise MeetingRefused("Choose an attendance.")
    if attendance == "excused" and not reason.strip():
        raise MeetingRefused("An excused absence needs its reason.")
    invite.attendance, invite.attendee, invite.absence_reason = attendance, attendee.strip(), reason.strip()
    _touch(meeting)
    audit.record("meeting:attendance", actor, "meeting", meeting.id, dept=dept, attendance=attendance)


def record_discussion(meeting: Meeting, actor, text: str, version: int) -> None:
    _editable(meeting, version)
    meeting.discussion = text.strip()
    _touch(meeting)
    audit.record("meeting:discussion", actor, "meeting", meeting.id, length=len(meeting.discussion))


def add_resolution(meeting: Meeting, actor, item_id: int, fields: dict, version: int) -> Resolution:
    """One structured decision on an agenda item; checked for what its kind needs."""
    _editable(meeting, version)
    row = _agenda_item(meeting, item_id)
    resolution = Resolution(agenda_item_id=row.id, kind=fields.get("kind", ""), text=fields.get("text", "").strip(),
                            basis=fields.get("basis", "").strip(), days=fields.get("days"),
                            dept=fields.get("dept") or None)
    _check_resolution(row, resolution, {invite.dept for invite in meeting.invites})
    row.resolutions.append(resolution)
    _touch(meeting)
    audit.record("meeting:resolution", actor, "meeting", meeting.id, item=row.id, kind=resolution.kind)
    return resolution


def _check_resolution(row: AgendaItem, resolution: Resolution, invited: set[str]) -> None:
    kind = resolution.kind
    if kind not in KINDS:
        raise MeetingRefused("Choose what the meeting decides.")
    if not resolution.text:
        raise MeetingRefused("Give the reason or the text of the decision.")
    if kind == "override" and not (row.item and row.dept and resolution.basis):
        raise MeetingRefused("Overriding an objection needs an item with a department and the legal basis.")
    if kind in ("extend", "supplement") and not row.node:
        raise MeetingRefused("This decision needs an agenda item on a stage.")
    if kind in ("extend", "task") and not (resolution.days and resolution.days > 0):
        raise MeetingRefused("Give a number of working days.")
    if kind == "task" and resolution.dept not in invited:
        raise MeetingRefused("A task goes to one of the invited departments.")
    if kind == "conditions":
        resolution.dept = resolution.dept or row.dept


def remove_resolution(meeting: Meeting, actor, resolution_id: int, version: int) -> None:
    _editable(meeting, version)
    for row in meeting.items:
        for resolution in row.resolutions:
            if resolution.id == resolution_id:
                row.resolutions.remove(resolution)
                db.session.delete(resolution)
                _touch(meeting)
                audit.record("meeting:resolution_removed", actor, "meeting", meeting.id, resolution=resolution_id)
                return
    raise MeetingRefused("No such decision.")


# ------------------------------------------------------------------ signing


def sign(meeting: Meeting, actor, today: dt.date, now: dt.datetime, version: int) -> None:
    """The chair signs: departments not recorded are absent (缺席默认, deemed consent), every resolution acts on
    its project as engine events (all or nothing: a refused event refuses the signature), tasks are created,
    the people concerned are told, and the minutes lock."""
    _editable(meeting, version)
    if actor.id != meeting.chair_id:
        raise NotAllowed("Only the chair signs the minutes.")
    for invite in meeting.invites:
        invite.attendance = invite.attendance or "absent"
    label = number_label(meeting.year, meeting.number)
    for row in meeting.items:
        for resolution in sorted(row.resolutions, key=lambda r: APPLY_ORDER.index(r.kind)):
            _apply(meeting, row, resolution, label, actor, today)
    meeting.signed_on, meeting.signed_at = today, now
    _touch(meeting)
    audit.record("meeting:sign", actor, "meeting", meeting.id, number=label,
                 resolutions=sum(len(row.resolutions) for row in meeting.items))
    _tell(meeting, label)


def _apply(meeting: Meeting, row: AgendaItem, resolution: Resolution, label: str, actor, today: dt.date) -> None:
    project, where = row.project, {"node": row.node, **({"item": row.item} if row.item else {})}
    note = f"{label}: {resolution.text}"
    if resolution.kind == "override":
        events = _override_events(project, row, resolution, note, today)
    elif resolution.kind == "extend":
        events = [{"do": "extend", **where, "days": resolution.days, "reason": resolution.text, "note": label}]
    elif resolution.kind == "supplement":
        events = [{"do": "pause", **where, "reason": "supplement", "note": note}]
    else:
        events = []
        _task(meeting, row, resolution, actor, today)
    for event in events:
        try:
            resolution.applied_seq = append_event(project, event, actor, today).seq
        except (RuleBroken, ScenarioInvalid) as exc:
            raise MeetingRefused("%(project)s: %(reason)s", project=project.name, reason=str(exc)) from None


def _override_events(project: Project, row: AgendaItem, resolution: Resolution, note: str,
                     today: dt.date) -> list[dict]:
    """An open (unanswered) opinion is closed by `override`; an answered objection is set aside by deciding the
    item approved with the meeting's reason, once every opinion on the item is closed."""
    timeline = project_timeline(project, today)
    item = timeline["nodes"][row.node]["items"][row.item]
    opinion = item["opinions"].get(row.dept)
    if opinion is None:
        raise MeetingRefused("%(project)s: the department gave no opinion on this item.", project=project.name)
    reason = f"{resolution.text}（依据：{resolution.basis}）"
    base = {"node": row.node, "item": row.item}
    if opinion["finished"] is None:
        return [{"do": "override", **base, "dept": row.dept, "reason": reason, "note": note}]
    if opinion["decision"] != "object":
        raise MeetingRefused("%(project)s: this department did not object.", project=project.name)
    return [{"do": "decide", **base, "result": "approved", "reason": reason, "note": note}]


def _task(meeting: Meeting, row: AgendaItem, resolution: Resolution, actor, today: dt.date) -> None:
    """A task (or a condition) given to a department, due after its working days (conditions: 5 by default)."""
    if not resolution.dept:
        return
    due = app_calendar().deadline(today, resolution.days or 5)
    task = MeetingTask(meeting_id=meeting.id, resolution_id=resolution.id, project_id=row.project_id,
                       dept=resolution.dept, text=resolution.text, started=today, due=due)
    db.session.add(task)
    db.session.flush()
    audit.record("meeting:task", actor, "meeting", meeting.id, task=task.id, dept=task.dept, due=due,
                 project=row.project_id)


def _tell(meeting: Meeting, label: str) -> None:
    """Invited departments get the minutes; each project's owner is told the decisions act on the project."""
    codes = [invite.dept for invite in meeting.invites]
    notify(department_staff(codes, ("lead", "reviewer", "leader")), "meeting",
           "Minutes %(number)s signed: the decisions bind your department", link=f"/meetings/{meeting.id}/minutes",
           number=label)
    for row in meeting.items:
        if row.resolutions:
            notify(project_people(row.project), "meeting", "Joint-approval meeting decided on %(project_name)s (%(number)s)",
                   project=row.project, link=f"/projects/{row.project_id}", number=label, project_name=row.project.name)


def task_lights(tasks: list[MeetingTask], today: dt.date) -> dict[int, str]:
    count = app_calendar().count
    return {task.id: agenda.task_light(task.started, task.due, task.done_on, today, count) for task in tasks}


def complete_task(task: MeetingTask, actor, today: dt.date) -> None:
    """The department reports the task done; it then leaves the next agenda."""
    if actor.department_code != task.dept:
        raise NotAllowed("Only the department the task was given to reports it done.")
    if task.done_on is not None:
        raise Stale("This task is already done.")
    task.done_on = today
    db.session.flush()
    audit.record("meeting:task_done", actor, "meeting", task.meeting_id, task=task.id, dept=task.dept)
