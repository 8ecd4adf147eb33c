"""The timelines' meeting suggestions (domain/agenda) as indexed rows, kept with the cockpit's summary cache,
so /meetings/new reads the most urgent few per reason by index (and each reason's total from its count)
instead of every project's timeline; plus the projects whose engine fields changed since their rows were
worked out."""
from sqlalchemy import ForeignKey, Index, Integer, String, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from coordinator.extensions import db
from coordinator.models.inserts import insert_ignoring_conflicts
from coordinator.models.project import ENGINE_FIELDS, Project


class AgendaSuggestion(db.Model):
    """One suggestion of a project's timeline on the cache's business date; `rank` is its urgency
    (agenda.rank), `ordinal` its place in the project's own list (ties keep the timeline's order)."""

    __tablename__ = "agenda_suggestions"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[str] = mapped_column(String(20))
    rank: Mapped[int] = mapped_column(Integer)
    node: Mapped[str | None] = mapped_column(String(64))
    item: Mapped[str | None] = mapped_column(String(64))
    dept: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_agenda_suggestions_order", "reason", "rank", "project_id", "ordinal"),)


class AgendaCount(db.Model):
    """How many suggestion rows each reason has, moved by the difference whenever rows are replaced, so
    /meetings/new shows each reason's total without counting the rows (constant at any city size)."""

    __tablename__ = "agenda_counts"

    reason: Mapped[str] = mapped_column(String(20), primary_key=True)
    suggestions: Mapped[int] = mapped_column(Integer, default=0)


class AgendaPending(db.Model):
    """A project created, or whose engine fields (template, 标准地, fast paths, target date) changed, without an
    event: its suggestions are worked out again before the next read (the cockpit only follows events)."""

    __tablename__ = "agenda_pending"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)


@event.listens_for(Session, "after_flush")
def _mark_changed_projects(session: Session, _context) -> None:
    """Mark the projects just inserted, or whose engine fields just changed, in the same transaction."""
    ids = {obj.id for obj in session.new if isinstance(obj, Project)}
    ids |= {obj.id for obj in session.dirty if isinstance(obj, Project) and _engine_fields_changed(obj)}
    if ids:
        connection = session.connection()
        mark = insert_ignoring_conflicts(connection.dialect.name, AgendaPending, ["project_id"])
        connection.execute(mark, [{"project_id": pid} for pid in ids])  # a concurrent mark of the same project is fine


def _engine_fields_changed(project: Project) -> bool:
    state = inspect(project)
    return any(state.attrs[name].history.has_changes() for name in ENGINE_FIELDS)
