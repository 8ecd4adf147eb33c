"""Each project's timeline JSON as the engine last wrote it, with the digest of everything it depends on, so
pages that show a few projects (the inbox's page, the project page) read it instead of replaying; and the
project page's rendered timeline sections."""
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db


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
