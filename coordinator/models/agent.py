"""Agents (代办员): who followed a project when (hand-over keeps the history) and the follow-up log (跟进记录)."""
import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class AgentAssignment(CreatedAt, db.Model):
    """One period in which an agent followed a project; `until` is set on hand-over."""

    __tablename__ = "agent_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    since: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")

    agent = relationship("User", foreign_keys=[agent_id], lazy="joined")


class FollowUp(CreatedAt, db.Model):
    """A follow-up: who was contacted, what was agreed, the next action and the day it is due."""

    __tablename__ = "follow_ups"
    __table_args__ = (Index("ix_follow_ups_author_next", "author_id", "next_action_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    node: Mapped[str | None] = mapped_column(String(64), nullable=True)
    day: Mapped[dt.date] = mapped_column(Date)
    contact: Mapped[str] = mapped_column(String(200))
    agreed: Mapped[str] = mapped_column(Text, default="")
    next_action: Mapped[str] = mapped_column(String(500), default="")
    next_action_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    author = relationship("User", foreign_keys=[author_id], lazy="joined")
