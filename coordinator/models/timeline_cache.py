"""Each project's timeline JSON as the engine last wrote it, with the digest of everything it depends on, so
pages that show a few projects (the inbox's page, the project page) read it instead of
replaying; the project page's rendered timeline sections; plus the index the department inbox reads the cockpit's clock cache by."""
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db
from coordinator.models.cockpit import ClockSummary


class TimelineCache(db.Model):
    """One project's timeline JSON and the digest of (business date, last event, calendar, project fields)."""

    __tablename__ = "timeline_cache"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)


class ProjectPageCache(db.Model):
    """The project page's timeline sections (forecast, graph, totals; clocks, commitments, events) as rendered
    HTML in one language, for the same digest as the timeline they show."""

    __tablename__ = "project_page_cache"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    digest: Mapped[str] = mapped_column(String(40))
    upper: Mapped[str] = mapped_column(Text)
    lower: Mapped[str] = mapped_column(Text)


# the department inbox: a department's open clocks, soonest deadline first (limit + extended - used is the
# number of working days to the deadline on the cache's date); partial, so PostgreSQL, which does not take
# `finished IS NULL` as an equality for the order, reads a page in index order too instead of sorting every
# open clock of the department (41 ms → 0.7 ms for 21,000 open clocks)
OPEN = ClockSummary.finished.is_(None)
Index("ix_cockpit_clocks_dept_open", ClockSummary.dept, ClockSummary.limit + ClockSummary.extended - ClockSummary.used,
      sqlite_where=OPEN, postgresql_where=OPEN)
# the inbox's counts per stage (with its light and project filters), read from the index alone
Index("ix_cockpit_clocks_dept_count", ClockSummary.dept, ClockSummary.finished, ClockSummary.node,
      ClockSummary.light, ClockSummary.project_id)
# the inbox's stages to send: running items in project order
Index("ix_cockpit_clocks_open_items", ClockSummary.kind, ClockSummary.finished, ClockSummary.project_id,
      ClockSummary.node)
