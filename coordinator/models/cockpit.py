"""The cockpit's summary cache: one row per project and per started clock, rebuilt from the timeline
engine whenever the project's events, the business date or the calendar change; and the counts the
cockpit's pages read (by stage and light, by month and department, by template, by stage), kept in step
with those rows."""
import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, and_, literal_column
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db


class CockpitState(db.Model):
    """The cache's watermark: the business date and the last project event it has seen; `stale` when the
    calendar changed (every project is replayed); and the number of open red clocks."""

    __tablename__ = "cockpit_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    red_clocks: Mapped[int] = mapped_column(Integer, default=0)


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
    # government working days minus the target (None without a target): the performance list's order
    days_over_target: Mapped[int | None] = mapped_column(Integer, nullable=True)


# the performance list, furthest over its target first, read in index order (all, or 标准地 or not)
Index("ix_cockpit_projects_over", ProjectSummary.days_over_target.desc(), ProjectSummary.project_id)
Index("ix_cockpit_projects_land_over", ProjectSummary.standard_land, ProjectSummary.days_over_target.desc(),
      ProjectSummary.project_id)


class ClockSummary(db.Model):
    """A started item or opinion clock of a project on the cache's business date."""

    __tablename__ = "cockpit_clocks"

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
    overridden: Mapped[bool] = mapped_column(Boolean)  # closed as overridden, by a leader or a meeting
    overdue: Mapped[int] = mapped_column(Integer)
    # an opinion set aside by a resolution of signed meeting minutes (override, or the item decided over it)
    overturned: Mapped[bool] = mapped_column(Boolean, default=False)


# The indexes of open clocks are partial (`WHERE finished IS NULL`) for two reasons: PostgreSQL does not take
# `finished IS NULL` as an equality when it orders by the next column, and both databases' statistics see
# `finished` as a column of many dates with tens of rows each, while the open (NULL) rows are most of a
# department's: with `finished` as a column, SQLite after ANALYZE took the count index for the inbox's page
# and sorted 21,000 rows (48 ms; 1 ms along the partial one).
OPEN = ClockSummary.finished.is_(None)
# a department's open clocks, soonest deadline first (limit + extended - used is the number of working days
# to the deadline on the cache's date, so it sorts like the deadline: R2, R3, R5)
DAYS_LEFT = ClockSummary.limit + ClockSummary.extended - ClockSummary.used
Index("ix_cockpit_clocks_dept_open", ClockSummary.dept, DAYS_LEFT, sqlite_where=OPEN, postgresql_where=OPEN)
# the inbox's counts per stage under a project or "mine" filter, read from the index alone
Index("ix_cockpit_clocks_dept_count", ClockSummary.dept, ClockSummary.node, ClockSummary.light,
      ClockSummary.project_id, sqlite_where=OPEN, postgresql_where=OPEN)
# the inbox's stages to send: running items in project order
Index("ix_cockpit_clocks_open_items", ClockSummary.kind, ClockSummary.project_id, ClockSummary.node,
      sqlite_where=OPEN, postgresql_where=OPEN)
# the red list: open red clocks, longest red first, read in index order (paged without a sort)
OPEN_RED = and_(ClockSummary.light == literal_column("'red'"), OPEN)
Index("ix_cockpit_clocks_red_list", ClockSummary.overdue.desc(), ClockSummary.id, sqlite_where=OPEN_RED,
      postgresql_where=OPEN_RED)


class PipelineCount(db.Model):
    """How many projects stand at a stage with a light (the cockpit's pipeline, tens of rows)."""

    __tablename__ = "cockpit_pipeline"

    stage: Mapped[str] = mapped_column(String(64), primary_key=True)
    light: Mapped[str] = mapped_column(String(16), primary_key=True)
    projects: Mapped[int] = mapped_column(Integer)


class OpenCount(db.Model):
    """How many open clocks a department holds at a stage with a light (the inbox's counts per stage and its
    total, without counting the clocks: a department may hold tens of thousands)."""

    __tablename__ = "cockpit_open"

    dept: Mapped[str] = mapped_column(String(64), primary_key=True)
    node: Mapped[str] = mapped_column(String(64), primary_key=True)
    light: Mapped[str] = mapped_column(String(16), primary_key=True)
    clocks: Mapped[int] = mapped_column(Integer)


class MonthCount(db.Model):
    """A department's clocks finished in a month: the scorecard's counts and the monthly trend."""

    __tablename__ = "cockpit_months"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    dept: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)
    early: Mapped[int] = mapped_column(Integer)
    extensions: Mapped[int] = mapped_column(Integer)
    deemed: Mapped[int] = mapped_column(Integer)
    overturned: Mapped[int] = mapped_column(Integer)


class MonthDays(db.Model):
    """How many of a department's clocks finished in a month used / promised `days` working days (the
    scorecard's medians, from a histogram instead of every clock)."""

    __tablename__ = "cockpit_month_days"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    dept: Mapped[str] = mapped_column(String(64), primary_key=True)
    days: Mapped[int] = mapped_column(Integer, primary_key=True)
    used: Mapped[int] = mapped_column(Integer)
    promised: Mapped[int] = mapped_column(Integer)


class TargetCount(db.Model):
    """Projects of a template (标准地 apart) with a reform target: sums of the three clocks, met / missed /
    over-and-running (the performance page's table)."""

    __tablename__ = "cockpit_targets"

    template_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    standard_land: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    target_days: Mapped[int] = mapped_column(Integer, primary_key=True)
    projects: Mapped[int] = mapped_column(Integer)
    government: Mapped[int] = mapped_column(Integer)
    agency: Mapped[int] = mapped_column(Integer)
    owner: Mapped[int] = mapped_column(Integer)
    met: Mapped[int] = mapped_column(Integer)
    missed: Mapped[int] = mapped_column(Integer)
    over: Mapped[int] = mapped_column(Integer)


class StageCount(db.Model):
    """Finished items of a stage: how many, working days used and promised (summed), how many on time."""

    __tablename__ = "cockpit_stages"

    node: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer)
    promised: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)
