"""Access cases for the joint-approval meeting pages (coordinator/web/meetings.py): any staff member sees a
meeting (404 when it does not exist), only an invited department records its position (403 otherwise), only
the chair signs (403 for another leader), only the department given a task reports it done."""
from __future__ import annotations

import datetime as dt
import itertools

from coordinator.extensions import db
from coordinator.models import AgendaItem, Meeting, MeetingInvite, MeetingTask, Resolution
from tests.access_cases import Case, Request
from tests.login import make_department, make_user
from tests.review_kit import project

MISSING = 999999
_numbers = itertools.count(1)


def _meeting(user, chair_is_user: bool = True, invite_user: bool = True) -> Meeting:
    """A meeting chaired by the user (when a leader) with one agenda item; the user's department invited."""
    chair = user if chair_is_user and user.role == "leader" else make_user("leader")
    meeting = Meeting(year=2026, number=next(_numbers), title="联审会", day=dt.date(2026, 6, 5), place="会议室",
                      chair_id=chair.id)
    db.session.add(meeting)
    db.session.flush()
    dept = user.department_code or make_department().code
    db.session.add(MeetingInvite(meeting_id=meeting.id, dept=dept if invite_user else "not-invited"))
    db.session.add(AgendaItem(meeting_id=meeting.id, position=1, project_id=project().id, reason="manual"))
    db.session.commit()
    return meeting


def _fixed(url: str, method: str = "GET", data: dict | None = None):
    return lambda user, whose: Request(url, method, data) if whose == "own" else None


def _page(path: str = "", method: str = "GET", data: dict | None = None):
    """"own": an existing meeting; "other": one that does not exist (404)."""
    def build(user, whose):
        meeting_id = _meeting(user).id if whose == "own" else MISSING
        return Request(f"/meetings/{meeting_id}{path}", method, {"version": "1", **(data or {})})
    return build


def _position(user, whose):
    meeting = _meeting(user, invite_user=whose == "own")
    return Request(f"/meetings/{meeting.id}/items/{meeting.items[0].id}/position", "POST",
                   {"stance": "agree", "version": "1"})


def _resolve(user, whose):
    if whose == "other":
        return Request(f"/meetings/{MISSING}/items/1/resolutions", "POST", {"version": "1"})
    meeting = _meeting(user)
    return Request(f"/meetings/{meeting.id}/items/{meeting.items[0].id}/resolutions", "POST",
                   {"kind": "conditions", "text": "补充", "version": "1"})


def _unresolve(user, whose):
    if whose == "other":
        return Request(f"/meetings/{MISSING}/resolutions/1/remove", "POST", {"version": "1"})
    meeting = _meeting(user)
    resolution = Resolution(agenda_item_id=meeting.items[0].id, kind="conditions", text="补充")
    db.session.add(resolution)
    db.session.commit()
    return Request(f"/meetings/{meeting.id}/resolutions/{resolution.id}/remove", "POST", {"version": "1"})


def _sign(user, whose):
    meeting = _meeting(user, chair_is_user=whose == "own")
    return Request(f"/meetings/{meeting.id}/sign", "POST", {"version": "1"})


def _task(user, whose):
    meeting = _meeting(user)
    resolution = Resolution(agenda_item_id=meeting.items[0].id, kind="task", text="复核", days=3)
    db.session.add(resolution)
    db.session.flush()
    dept = (user.department_code or make_department().code) if whose == "own" else "someone-else"
    task = MeetingTask(meeting_id=meeting.id, resolution_id=resolution.id, project_id=meeting.items[0].project_id,
                       dept=dept, text="复核", started=dt.date(2026, 6, 5), due=dt.date(2026, 6, 10))
    db.session.add(task)
    db.session.commit()
    return Request(f"/meetings/tasks/{task.id}/done", "POST")


CASES = {
    "meetings.index": Case(_fixed("/meetings/")),
    "meetings.new": Case(_fixed("/meetings/new")),
    "meetings.flag": Case(_fixed("/meetings/flags", "POST", {"note": ""}), ok=302),
    "meetings.create": Case(_fixed("/meetings/new", "POST", {"title": "x"}), ok=302),
    "meetings.show": Case(_page()),
    "meetings.minutes_page": Case(_page("/minutes")),
    "meetings.invitation": Case(_page("/invitation.ics")),
    "meetings.attendance": Case(_page("/attendance", "POST", {"dept": "x", "attendance": "present"}), ok=302),
    "meetings.discussion": Case(_page("/discussion", "POST", {"text": "讨论"}), ok=302),
    "meetings.position": Case(_position, ok=302, other=403),
    "meetings.resolve": Case(_resolve, ok=302),
    "meetings.unresolve": Case(_unresolve, ok=302),
    "meetings.sign": Case(_sign, ok=302, other=403),
    "meetings.task_done": Case(_task, ok=302, other=403),
}
