"""The timeline cache: a stored timeline is read back while nothing it depends on changed, whichever page
stored it, and replayed after a new event or on a new business date."""
import threading

import pytest
from sqlalchemy import event

from coordinator.extensions import db
from coordinator.models import Project, TimelineCache
from coordinator.services import timeline_cache
from coordinator.services.projects import append_event, project_timeline
from tests.review_kit import MONDAY, D, accept, departments, project


def test_a_cached_timeline_is_the_replayed_one_until_an_event_or_the_date_moves(db_session):
    departments()
    row = project()
    accept(row)
    read = timeline_cache.Read()
    first = timeline_cache.timelines([row.id], MONDAY, read)[row.id]
    assert read.replayed == [row.id] and first == project_timeline(row, MONDAY)
    again = timeline_cache.Read()
    assert timeline_cache.timelines([row.id], MONDAY, again)[row.id] == first and again.replayed == []
    db.session.refresh(row)
    assert timeline_cache.project_page(row, MONDAY, "zh").stored is False  # the same digest from the page
    append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "fire-protection",
                       "decision": "consent"}, None, MONDAY)
    later = timeline_cache.Read()
    assert timeline_cache.timelines([row.id], MONDAY, later)[row.id] == project_timeline(row, MONDAY)
    assert later.replayed == [row.id]
    tuesday = timeline_cache.timelines([row.id], D("2026-06-02"))[row.id]
    assert tuesday["as_of"] == "2026-06-02" and db.session.query(TimelineCache).count() == 1


def test_a_kept_value_is_made_once_per_stored_timeline_and_again_when_its_content_changes(db_session):
    departments()
    row = project()
    accept(row)
    db.session.commit()
    timeline_cache.timelines([row.id], MONDAY)  # stored
    made = []

    def derive(pid, timeline):
        made.append(pid)
        return timeline["as_of"]

    what = ("test", "as_of")
    for _ in range(2):
        assert timeline_cache.derived([row.id], MONDAY, what, derive) == {row.id: "2026-06-01"}
    assert made == [row.id]  # made once, then read from the process
    # another database's project with the same digest but other events: its own content, its own value
    cached = db.session.get(TimelineCache, row.id)
    cached.body = cached.body.replace('"as_of":"2026-06-01"', '"as_of":"elsewhere"', 1)
    db.session.commit()
    assert timeline_cache.derived([row.id], MONDAY, what, derive) == {row.id: "elsewhere"}


def test_two_readers_of_a_stale_project_both_store_its_timeline_without_failing(app, db_session):
    """At the first reader's write of the cache row the second reads and stores the same project: the second
    waits for the first (its delete meets the first's) and then skips the row the first stored instead of
    failing on the key."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers: the second reader's delete waits and finds the first's row")
    departments()
    row = project()
    accept(row)
    timeline_cache.project_page(row, MONDAY, "zh")
    db.session.commit()
    tuesday, errors = D("2026-06-02"), []  # a new business date: both readers replay and store
    other = threading.Thread(target=_read_in_another_session, args=(app, row.id, tuesday, errors))

    def second_reader_now(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO TIMELINE_CACHE") and other.ident is None:
            other.start()
            other.join(timeout=2)  # done at once if nothing holds it back; else it waits for this reader

    event.listen(db.engine, "before_cursor_execute", second_reader_now)
    try:
        timeline_cache.project_page(row, tuesday, "zh")
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", second_reader_now)
    other.join(timeout=60)
    assert other.ident is not None and not other.is_alive() and errors == []
    assert [r.digest for r in db.session.query(TimelineCache)] == [timeline_cache.project_page(row, tuesday, "zh").digest]


def _read_in_another_session(app, project_id: int, day, errors: list) -> None:
    with app.app_context():
        try:
            timeline_cache.project_page(db.session.get(Project, project_id), day, "zh")
            db.session.commit()
        except Exception as exc:  # noqa: BLE001 (shown by the assertion)
            errors.append(exc)
            db.session.rollback()
