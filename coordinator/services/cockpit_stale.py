"""Marks the cockpit's summary cache stale when something every clock reading depends on changes (the
working-day calendar); apart from services/cockpit.py so the calendar can call it without an import cycle."""
from sqlalchemy import update

from coordinator.extensions import db
from coordinator.models import CockpitState


def mark_stale() -> None:
    """The next cockpit refresh replays every project (a holiday moves working-day counts and lights)."""
    db.session.execute(update(CockpitState).values(stale=True))
