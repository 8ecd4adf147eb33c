"""/meetings/new: the suggestions by reason with their counts, 20 per reason (显示更多 for the rest), in a
number of queries that does not grow with the number of projects."""
import datetime as dt

from coordinator.extensions import db
from coordinator.services.projects import append_event
from tests.queries import count_queries
from tests.review_kit import accept, departments, person, project
from tests.web.web_people import log_in

D = dt.date.fromisoformat
LATE = D("2026-06-10")  # the opinions asked on 06-01 are red


def objected_projects(count: int) -> None:
    """`count` projects with an objection and red opinions, and a target date they can no longer meet."""
    for _ in range(count):
        row = project(target_date=D("2026-06-11"))
        accept(row)
        append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "fire-protection",
                           "decision": "object"}, None, D("2026-06-02"))
    db.session.commit()


def test_the_page_counts_every_suggestion_and_shows_20_per_reason_in_the_same_queries(client, db_session,
                                                                                   business_date):
    departments()
    objected_projects(3)
    business_date(LATE)
    log_in(client, person("leader"))
    client.get("/meetings/new")  # the stored rows catch up with the date
    with count_queries() as few:
        assert client.get("/meetings/new").status_code == 200
    objected_projects(22)
    client.get("/meetings/new")
    with count_queries() as many:
        page = client.get("/meetings/new").get_data(as_text=True)
    assert len(many) == len(few), many
    assert "共 25 项" in page and "显示更多" in page
    assert page.count(":objection:planning:scheme:fire-protection") == 20
