"""The timeline cache: a stored timeline is read back while nothing it depends on changed, whichever page
stored it, and replayed after a new event or on a new business date."""
from coordinator.extensions import db
from coordinator.models import TimelineCache
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
