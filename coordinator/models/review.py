"""Parallel review records the event log does not hold: who a request is routed to, the signed revisions of
an opinion, extension requests awaiting a head, in-app notifications and the once-only reminder log.

The clocks themselves live in the event log (coordinator.models.project.ProjectEvent); nothing here
stores a deadline or a light.
"""
import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.extensions import db
from coordinator.models.types import CreatedAt, utcnow


class ReviewDispatch(CreatedAt, db.Model):
    """A stage's opinion requests sent (抄告) by the lead department, once per stage."""

    __tablename__ = "review_dispatches"
    __table_args__ = (UniqueConstraint("project_id", "node"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    node: Mapped[str] = mapped_column(String(64))
    sent_on: Mapped[dt.date] = mapped_column(Date)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class ReviewAssignment(CreatedAt, db.Model):
    """One opinion request routed to a named reviewer, or left in the department's queue (reviewer None)."""

    __tablename__ = "review_assignments"
    __table_args__ = (UniqueConstraint("project_id", "node", "item", "dept"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    node: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    dept: Mapped[str] = mapped_column(String(64), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)

    reviewer = relationship("User", lazy="joined")


class OpinionRevision(CreatedAt, db.Model):
    """A signed opinion: revision 1 is the submission (also an `opinion` event); later ones are corrections
    that keep every earlier revision visible. `round` counts re-consultations (再次征求)."""

    __tablename__ = "opinion_revisions"
    __table_args__ = (
        UniqueConstraint("project_id", "node", "item", "dept", "round", "number"),
        Index("ix_opinion_revisions_project", "project_id", "node"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    node: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    dept: Mapped[str] = mapped_column(String(64))
    round: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(20))
    conditions: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)

    signer = relationship("User", lazy="joined")
    attachment = relationship("Document", lazy="joined")


class ExtensionRequest(CreatedAt, db.Model):
    """延期: asked by the deciding department with a reason, approved (an `extend` event) or refused by its head."""

    __tablename__ = "extension_requests"
    __table_args__ = (Index("ix_extension_requests_project", "project_id", "node", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    node: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    dept: Mapped[str] = mapped_column(String(64), index=True)
    days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending / approved / refused
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # only one open request per clock: the value is "open" while pending and NULL afterwards
    open_marker: Mapped[str | None] = mapped_column(String(8), nullable=True, default="open")

    requested_by = relationship("User", foreign_keys=[requested_by_id], lazy="joined")


Index("uq_extension_requests_open", ExtensionRequest.project_id, ExtensionRequest.node, ExtensionRequest.item,
      ExtensionRequest.open_marker, unique=True)


class Notification(CreatedAt, db.Model):
    """An in-app message asking someone to act; the text is an English msgid with parameters, translated
    when shown, so each reader sees it in their own language."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), nullable=True)
    message: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="")
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReminderLog(CreatedAt, db.Model):
    """What `flask remind` and page reads have already done: one row per (clock, kind, day), so a
    reminder, an escalation or the record of a deemed consent happens exactly once."""

    __tablename__ = "reminder_log"
    __table_args__ = (UniqueConstraint("clock_key", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[dt.date] = mapped_column(Date)
