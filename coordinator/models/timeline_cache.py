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


# The inbox's indexes cover open clocks only (partial on `finished IS NULL`), for two reasons: PostgreSQL does
# not take `finished IS NULL` as an equality when it orders by the next column, and both databases' statistics
# see `finished` as a column of many dates with tens of rows each, while the open (NULL) rows are most of a
# department's: with `finished` as a column, SQLite after ANALYZE took the count index for the page and sorted
# 21,000 rows (48 ms; 1 ms along this one).
OPEN = ClockSummary.finished.is_(None)
# a department's open clocks, soonest deadline first (limit + extended - used is the number of working days
# to the deadline on the cache's date)
Index("ix_cockpit_clocks_dept_open", ClockSummary.dept, ClockSummary.limit + ClockSummary.extended - ClockSummary.used,
      sqlite_where=OPEN, postgresql_where=OPEN)
# the inbox's counts per stage under a project or "mine" filter, read from the index alone
Index("ix_cockpit_clocks_dept_count", ClockSummary.dept, ClockSummary.node, ClockSummary.light,
      ClockSummary.project_id, sqlite_where=OPEN, postgresql_where=OPEN)
# the inbox's stages to send: running items in project order
Index("ix_cockpit_clocks_open_items", ClockSummary.kind, ClockSummary.project_id, ClockSummary.node,
      sqlite_where=OPEN, postgresql_where=OPEN)
