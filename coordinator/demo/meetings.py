"""Demo joint-approval meeting: one upcoming meeting (three working days ahead) chaired by the demo leader,
with the first two demo projects on its agenda and their departments invited. Idempotent (looked up by title)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import Department, Meeting, Project, User
from coordinator.services import meetings as svc
from coordinator.services.calendar import app_calendar

TITLE = "重点项目联审联批会议（演示）"
DEPARTMENTS = ("civil-air-defense", "fire-protection", "natural-resources")


def seed(today: dt.date) -> int:
    """Convene the demo meeting unless it exists or its leader and projects are missing; returns 1 if added."""
    if db.session.scalar(select(Meeting.id).where(Meeting.title == TITLE)):
        return 0
    leader = db.session.scalar(select(User).where(User.username == "leader"))
    projects = list(db.session.scalars(select(Project).order_by(Project.id).limit(2)))
    known = set(db.session.scalars(select(Department.code).where(Department.code.in_(DEPARTMENTS))))
    if leader is None or not projects or not known:
        return 0
    plan = svc.Convening(title=TITLE, day=app_calendar().deadline(today, 3), start="09:00", place="行政审批服务中心三楼会议室",
                         chair_id=leader.id, departments=tuple(sorted(known)), picked=())
    svc.convene(plan, [(p.id, "进度滞后，需协调部门意见") for p in projects], leader,
                dt.datetime.combine(today, dt.time(8), dt.UTC))
    return 1
