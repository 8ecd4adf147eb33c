"""The first cockpit refresh ever, from several connections at the same moment (PostgreSQL: SQLite queues
writers): the state row is created once, the others wait on it and find the cache current."""
import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from coordinator.extensions import db
from coordinator.models import CockpitState
from coordinator.services import cockpit

TODAY = dt.date(2026, 6, 2)


def test_concurrent_first_refreshes_create_the_state_once(app, db_session):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    barrier, errors = threading.Barrier(6), []

    def refresh():
        with app.app_context():
            barrier.wait()
            try:
                cockpit.refresh(TODAY)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 (shown by the assertion below)
                errors.append(exc)
                db.session.rollback()

    threads = [threading.Thread(target=refresh) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(CockpitState)) == 1
