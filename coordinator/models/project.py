"""Projects, their append-only event log (the source of every clock) and template snapshots."""
import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class TemplateVersion(CreatedAt, db.Model):
    """A stage template as it was when loaded: projects keep the version they started with."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict] = mapped_column(JSON)
    checksum: Mapped[str] = mapped_column(String(64))


class Project(CreatedAt, db.Model):
    """An investment project following one template version."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # 项目代码
    name: Mapped[str] = mapped_column(String(200))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True, nullable=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)  # 代办员
    template_id: Mapped[int] = mapped_column(ForeignKey("template_versions.id"), index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    investment: Mapped[float | None] = mapped_column(Numeric(14, 2), nullable=True)  # 万元
    land_area: Mapped[float | None] = mapped_column(Numeric(12, 2), nullable=True)  # 亩
    standard_land: Mapped[bool] = mapped_column(Boolean, default=False)
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("standard_parcels.id"), index=True, nullable=True)
    planned_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    target_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    fast_paths: Mapped[list] = mapped_column(JSON, default=list)
    public_code: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    template: Mapped[TemplateVersion] = relationship(lazy="joined")
    company = relationship("Company", lazy="joined")
    events: Mapped[list["ProjectEvent"]] = relationship(
        back_populates="project", order_by="ProjectEvent.seq", lazy="raise"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy reads it once, never mutated)


class ProjectEvent(CreatedAt, db.Model):
    """One dated event of a project, in the vocabulary of formats/scenario.md; never updated."""

    __tablename__ = "project_events"
    __table_args__ = (
        UniqueConstraint("project_id", "seq"),
        Index("ix_project_events_node", "project_id", "node"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    seq: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    do: Mapped[str] = mapped_column(String(20))
    node: Mapped[str | None] = mapped_column(String(64), nullable=True)
    item: Mapped[str | None] = mapped_column(String(64), nullable=True)
    dept: Mapped[str | None] = mapped_column(String(64), nullable=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    project: Mapped[Project] = relationship(back_populates="events")

    def as_scenario_event(self) -> dict:
        """The event as the timeline engine reads it."""
        event = {"date": self.date, "do": self.do}
        for key in ("node", "item", "dept"):
            value = getattr(self, key)
            if value is not None:
                event[key] = value
        event.update(self.data or {})
        return event


# the project's fields its timeline depends on besides its events (the timeline cache's digest, the agenda's
# pending marks): a field the engine starts reading goes here
ENGINE_FIELDS = ("template_id", "standard_land", "fast_paths", "target_date")
