"""Refreshes of the cockpit's cache from several connections: the first one ever creates the state row once
(PostgreSQL; SQLite queues writers), and one that finds the cache behind after another has brought it up to
date does not move the counts twice (both databases)."""
import datetime as dt
import threading
from collections import Counter

import pytest
from sqlalchemy import event, func, select

from coordinator.extensions import db
from coordinator.models import ClockSummary, CockpitState
from coordinator.models.cockpit import OpenCount, PipelineCount
from coordinator.services import cockpit
from tests import review_kit as kit

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


def test_a_refresh_that_found_the_cache_behind_does_not_move_the_counts_twice(app, db_session):
    """Two requests find the cache behind. At the first one's first write to the cache, the second refreshes
    too: it must wait for the first (the state row's lock; on SQLite the database's write lock, taken before
    the watermark is read again), then find the cache current, and the counts move once."""
    kit.departments()
    for n in range(2):
        kit.accept(kit.project(name=f"项目{n}"))
    cockpit.refresh(TODAY)
    db.session.commit()
    kit.accept(kit.project(name="新项目"))  # new events: the next refreshes must replay it
    db.session.commit()
    other = threading.Thread(target=_refresh_in_another_session, args=(app,))

    def other_request_now(_conn, _cursor, statement, *_args):
        writes = statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        if writes and "cockpit_state" not in statement and not other.is_alive() and other.ident is None:
            other.start()
            other.join(timeout=2)  # done at once if nothing holds it back; else it waits for this refresh

    event.listen(db.engine, "before_cursor_execute", other_request_now)
    try:
        cockpit.refresh(TODAY)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", other_request_now)
    other.join(timeout=60)
    assert other.ident is not None and not other.is_alive()
    open_clocks = db.session.query(ClockSummary).filter_by(finished=None).all()
    kept = {(r.dept, r.node, r.light): r.clocks for r in db.session.query(OpenCount)}
    assert kept == Counter((c.dept, c.node, c.light) for c in open_clocks)
    assert sum(r.projects for r in db.session.query(PipelineCount)) == 3


def _refresh_in_another_session(app) -> None:
    with app.app_context():
        cockpit.refresh(TODAY)
        db.session.commit()
