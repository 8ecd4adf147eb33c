"""/meetings/new at city size: the suggestions by reason, most urgent first and cut to a page with their count
and a link for more, a search instead of a list of every project, and the same queries and the same size of
page whatever the number of projects suggested."""
import datetime as dt

import pytest

from coordinator.extensions import db
from coordinator.services.projects import append_event
from coordinator.web.meetings import SHOWN_PER_REASON
from tests.queries import count_queries
from tests.review_kit import accept, departments, person, project
from tests.web.web_people import log_in

D = dt.date.fromisoformat


def objected(count: int, start: int) -> list:
    """`count` projects whose scheme item has fire's objection."""
    rows = []
    for n in range(start, start + count):
        row = project(name=f"异议项目{n:03d}")
        accept(row)
        append_event(row, {"do": "opinion", "node": "planning", "item": "scheme", "dept": "fire-protection",
                           "decision": "object"}, None, D("2026-06-02"))
        rows.append(row)
    db.session.commit()
    return rows


@pytest.fixture
def leader_client(client, db_session, business_date):
    departments()
    business_date(D("2026-06-03"))
    leader = person("leader")
    db.session.commit()
    log_in(client, leader)
    return client


def warm_page(client, url: str = "/meetings/new") -> tuple[str, list[str]]:
    """The page once the caches hold every project (the first request stores them), and its queries."""
    assert client.get(url).status_code == 200
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True), queries


def test_the_page_keeps_its_queries_and_its_size_as_the_suggestions_grow(leader_client):
    objected(2, 1)
    small, few = warm_page(leader_client)
    assert small.count('name="suggestion"') == 2 and "show-more" not in small
    objected(SHOWN_PER_REASON + 10, 3)
    big, many = warm_page(leader_client)
    assert len(many) == len(few), many
    assert big.count('name="suggestion"') == SHOWN_PER_REASON
    assert f"共 {SHOWN_PER_REASON + 12} 项" in big and big.count("<option") == small.count("<option")
    more = big.split('class="show-more" href="')[1].split('"')[0].replace("&amp;", "&")
    assert more == f"/meetings/new?objection={2 * SHOWN_PER_REASON}"
    assert leader_client.get(more).get_data(as_text=True).count('name="suggestion"') == SHOWN_PER_REASON + 12


def test_projects_are_added_by_hand_through_a_search_by_code_or_name(leader_client):
    rows = objected(3, 1)
    page = leader_client.get(f"/meetings/new?q={rows[1].code}").get_data(as_text=True)
    assert f'name="manual_project" value="{rows[1].id}"' in page and page.count('name="manual_project"') == 1
    page = leader_client.get("/meetings/new?q=异议项目").get_data(as_text=True)
    assert page.count('name="manual_project"') == 3
    assert "没有符合条件的项目" in leader_client.get("/meetings/new?q=%25").get_data(as_text=True)


def test_the_items_convened_keep_their_suggestions_notes(leader_client):
    from coordinator.models import AgendaItem, User
    from coordinator.services import meeting_agenda as agenda_svc

    row, other = objected(2, 1)
    agenda_svc.flag_project(row.id, "重点项目，需协调", None)
    agenda_svc.flag_project(other.id, "另一个项目", None)
    db.session.commit()
    flagged = f"{row.id}:flagged:::"
    assert flagged in leader_client.get("/meetings/new").get_data(as_text=True)
    leader = db.session.query(User).filter_by(role="leader").one()
    response = leader_client.post("/meetings/new", data={
        "title": "联审会", "day": "2026-06-05", "start": "09:30", "place": "三楼", "chair_id": leader.id,
        "suggestion": [flagged, f"{row.id}:objection:planning:scheme:fire-protection"]})
    assert response.status_code == 302
    assert {(item.reason, item.note) for item in db.session.query(AgendaItem)} == {
        ("flagged", "重点项目，需协调"), ("objection", "")}


def test_a_project_is_flagged_for_a_meeting_through_the_same_search(leader_client):
    row, _other = objected(2, 1)
    page = leader_client.get("/meetings/").get_data(as_text=True)
    assert 'name="project_id"' not in page
    page = leader_client.get(f"/meetings/?q={row.code}").get_data(as_text=True)
    assert page.count('name="project_id"') == 1 and f'value="{row.id}"' in page
    response = leader_client.post("/meetings/flags", data={"project_id": row.id, "note": "重点项目"})
    assert response.status_code == 302
    assert f"{row.id}:flagged:::" in leader_client.get("/meetings/new").get_data(as_text=True)
