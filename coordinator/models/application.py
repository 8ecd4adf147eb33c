"""The owner's bundled application (打捆申请) and, per stage, the window's acceptance of it (一窗受理)."""
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


class Application(CreatedAt, db.Model):
    """One form for one or more ready stages: a resumable draft until submitted (then never edited).

    `token` is the idempotency key carried by the forms: a second "start" or "submit" with the same token
    finds this row instead of creating another one (unique constraint + conditional update).
    """

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | submitted
    stages: Mapped[list] = mapped_column(JSON, default=list)  # stage keys, template order
    form: Mapped[dict] = mapped_column(JSON, default=dict)  # field key -> what the owner typed
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)

    project = relationship("Project", lazy="joined")
    reviews: Mapped[list["StageReview"]] = relationship(back_populates="application", order_by="StageReview.id",
                                                        lazy="selectin")


class StageReview(CreatedAt, db.Model):
    """One submitted stage waiting at (or decided by) its lead department's window."""

    __tablename__ = "stage_reviews"
    __table_args__ = (
        UniqueConstraint("application_id", "node"),
        Index("ix_stage_reviews_inbox", "lead", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    node: Mapped[str] = mapped_column(String(64))
    lead: Mapped[str] = mapped_column(String(64))  # department code of the stage's lead
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|accepted|notified|rejected
    submitted: Mapped[dt.date] = mapped_column(Date)
    received: Mapped[dt.date] = mapped_column(Date)
    window_end: Mapped[dt.date] = mapped_column(Date)  # last day of the 5-working-day window (R4)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    deferred: Mapped[list] = mapped_column(JSON, default=list)  # 容缺 materials
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # promised date for them
    missing: Mapped[list] = mapped_column(JSON, default=list)  # one-time notice (一次告知)
    reason: Mapped[str] = mapped_column(Text, default="")
    event_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the decision's event

    application: Mapped[Application] = relationship(back_populates="reviews")
    project = relationship("Project", lazy="raise")
