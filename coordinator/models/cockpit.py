"""The cockpit's summary cache: one row per project and per started clock, rebuilt from the timeline
engine whenever the project's events or the business date change, so 20,000 projects aggregate in SQL."""
import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db


class CockpitState(db.Model):
    """The cache's watermark: the business date and the last project event it has seen."""

    __tablename__ = "cockpit_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)


class ProjectSummary(db.Model):
    """A project's figures on the cache's business date."""

    __tablename__ = "cockpit_projects"
    __table_args__ = (Index("ix_cockpit_projects_stage_light", "stage", "light"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    template_key: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(64))
    light: Mapped[str] = mapped_column(String(16))
    elapsed: Mapped[int] = mapped_column(Integer)
    government: Mapped[int] = mapped_column(Integer)
    agency: Mapped[int] = mapped_column(Integer)
    owner: Mapped[int] = mapped_column(Integer)
    standard_land: Mapped[bool] = mapped_column(Boolean)
    target_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_reached: Mapped[bool] = mapped_column(Boolean)


class ClockSummary(db.Model):
    """A started item or opinion clock of a project on the cache's business date."""

    __tablename__ = "cockpit_clocks"
    __table_args__ = (Index("ix_cockpit_clocks_month_light", "month", "light"),  # covers the monthly trend
                      Index("ix_cockpit_clocks_open_light", "light", "finished", "overdue"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    node: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    dept: Mapped[str] = mapped_column(String(64))
    month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    finished: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    used: Mapped[int] = mapped_column(Integer)
    limit: Mapped[int] = mapped_column(Integer)
    extended: Mapped[int] = mapped_column(Integer)
    deemed: Mapped[bool] = mapped_column(Boolean)
    light: Mapped[str] = mapped_column(String(16))
    overridden: Mapped[bool] = mapped_column(Boolean)
    overdue: Mapped[int] = mapped_column(Integer)
