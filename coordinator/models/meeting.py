"""Joint-approval meetings (联审会议): the meeting and its invited departments, the agenda items, each
department's position per item, the structured resolutions that act on the projects when the chair signs,
and the tasks those resolutions give to departments (tracked with a due date like any clock)."""
import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class Meeting(CreatedAt, db.Model):
    """One meeting; `number` is the minutes' serial within `year`; signed minutes are locked."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    day: Mapped[dt.date] = mapped_column(Date)
    start: Mapped[str] = mapped_column(String(5), default="09:00")  # HH:MM, local time
    place: Mapped[str] = mapped_column(String(200))
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    convened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    discussion: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    signed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped by every change: stale forms get 409

    chair = relationship("User", foreign_keys=[chair_id], lazy="joined")
    invites: Mapped[list["MeetingInvite"]] = relationship(back_populates="meeting", order_by="MeetingInvite.id")
    items: Mapped[list["AgendaItem"]] = relationship(back_populates="meeting", order_by="AgendaItem.position")

    @property
    def locked(self) -> bool:
        return self.signed_on is not None


class MeetingInvite(db.Model):
    """An invited department and its attendance (present / delegated / excused / absent = 缺席默认)."""

    __tablename__ = "meeting_invites"
    __table_args__ = (UniqueConstraint("meeting_id", "dept"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    dept: Mapped[str] = mapped_column(String(64))
    attendance: Mapped[str | None] = mapped_column(String(16), nullable=True)
    attendee: Mapped[str] = mapped_column(String(100), default="")
    absence_reason: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="invites")


class AgendaItem(db.Model):
    """One agenda item: a project (and optionally the stage item and department concerned), why it is there,
    the positions recorded before the meeting and the resolutions taken on it."""

    __tablename__ = "meeting_agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    node: Mapped[str | None] = mapped_column(String(64), nullable=True)
    item: Mapped[str | None] = mapped_column(String(64), nullable=True)
    dept: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason: Mapped[str] = mapped_column(String(32))  # objection / overdue_opinion / past_target / task / manual
    note: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    project = relationship("Project", lazy="joined")
    positions: Mapped[list["MeetingPosition"]] = relationship(order_by="MeetingPosition.dept")
    resolutions: Mapped[list["Resolution"]] = relationship(order_by="Resolution.id")


class MeetingPosition(db.Model):
    """A department's position on an agenda item: 同意 / 不同意 (reasons) / 同意附条件 (conditions)."""

    __tablename__ = "meeting_positions"
    __table_args__ = (UniqueConstraint("agenda_item_id", "dept"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("meeting_agenda_items.id"), index=True)
    dept: Mapped[str] = mapped_column(String(64))
    stance: Mapped[str] = mapped_column(String(16))  # agree / disagree / conditional
    text: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Resolution(db.Model):
    """A structured decision on an agenda item; applied to the project as events when the chair signs."""

    __tablename__ = "meeting_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("meeting_agenda_items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # conditions / override / extend / supplement / task
    text: Mapped[str] = mapped_column(Text, default="")  # reason, or the condition / task text
    basis: Mapped[str] = mapped_column(Text, default="")  # legal basis of an override
    days: Mapped[int | None] = mapped_column(Integer, nullable=True)  # extension days / task working days
    dept: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the department given a task
    applied_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the project event it became


class MeetingTask(CreatedAt, db.Model):
    """A task a signed resolution gives a department, due on a working day; open tasks go on the next agenda."""

    __tablename__ = "meeting_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("meeting_resolutions.id"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    dept: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    started: Mapped[dt.date] = mapped_column(Date)
    due: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class MeetingFlag(CreatedAt, db.Model):
    """A project flagged for the next meeting (标记上会); consumed when a meeting puts it on its agenda."""

    __tablename__ = "meeting_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    note: Mapped[str] = mapped_column(Text)
    flagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), nullable=True)
