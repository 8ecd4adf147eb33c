"""The window's pages through HTTP: the department's inbox, decisions as events, 容缺 acceptance, the
printable notice, a stale form answered 409 without change, other departments 404; the owner's receipt with
the query code and QR code, and the public progress page without personal data."""
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from coordinator.extensions import db
from coordinator.models import ProjectEvent, StageReview
from coordinator.services.acceptance import last_event_seq
from tests.application_kit import GOOD_FORM, MONDAY, PDF, bundle_project, people
from tests.login import log_in


@pytest.fixture
def submitted(app, db_session, business_date):
    business_date(MONDAY)
    who = people()
    project = bundle_project(who["owner"].company_id)
    owner = app.test_client()
    log_in(owner, who["owner"])
    response = owner.post(f"/projects/{project.id}/applications", data={"token": "token-0000000000", "stage": ["land", "scheme"]})
    application_id = int(response.headers["Location"].rsplit("/", 1)[1])
    owner.post(f"/applications/{application_id}", content_type="multipart/form-data",
               data={**GOOD_FORM, "action": "submit", "token": "token-0000000000", "file-licence": (io.BytesIO(PDF), "执照.pdf")})
    reviews = {r.node: r for r in db.session.scalars(select(StageReview))}
    return who, project, reviews, owner


def test_inbox_lists_the_departments_applications_with_their_clock(client, submitted):
    who, _project, _reviews, _ = submitted
    log_in(client, who["clerk"])
    page = client.get("/window/").get_data(as_text=True)
    assert page.count('/window/reviews/') == 2 and "2026-06-08" in page and "light-green" in page
    assert client.get("/window/?q=nothing-like-this").get_data(as_text=True).count("/window/reviews/") == 0


def test_another_department_sees_nothing_and_gets_404(client, submitted):
    who, _, reviews, _ = submitted
    log_in(client, who["other_clerk"])
    assert "/window/reviews/" not in client.get("/window/").get_data(as_text=True)
    assert client.get(f"/window/reviews/{reviews['land'].id}").status_code == 404
    response = client.post(f"/window/reviews/{reviews['land'].id}/decide", data={"action": "accept", "seq": 2})
    assert response.status_code == 404


def test_owner_cannot_open_the_inbox(submitted):
    *_, owner = submitted
    assert owner.get("/window/").status_code == 403


def test_deferred_acceptance_then_the_owner_supplies_and_prints_the_receipt(client, submitted):
    who, project, reviews, owner = submitted
    log_in(client, who["clerk"])
    seq = last_event_seq(project.id)
    response = client.post(f"/window/reviews/{reviews['land'].id}/decide",
                           data={"action": "defer", "seq": seq, "deferred": "attorney", "due": "2026-06-12"})
    assert response.status_code == 302
    event = db.session.scalars(select(ProjectEvent).order_by(ProjectEvent.seq.desc())).first()
    assert (event.do, event.data) == ("accept", {"deferred": ["attorney"], "due": "2026-06-12"})
    detail = client.get(f"/window/reviews/{reviews['land'].id}").get_data(as_text=True)
    assert f"/receipts/{reviews['land'].id}" in detail and "2026-06-12" in detail
    page = owner.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'name="material" value="attorney"' in page and "2026-06-12" in page
    supplied = owner.post(f"/projects/{project.id}/supply", content_type="multipart/form-data",
                          data={"node": "land", "material": "attorney", "file": (io.BytesIO(PDF), "委托书.pdf")})
    assert supplied.status_code == 302
    assert db.session.scalars(select(ProjectEvent.do).order_by(ProjectEvent.seq.desc())).first() == "supply"
    receipt = owner.get(f"/projects/{project.id}/receipts/{reviews['land'].id}")
    body = receipt.get_data(as_text=True)
    assert receipt.status_code == 200 and project.public_code in body and 'src="data:image/svg+xml;base64,' in body


def test_a_stale_form_gets_409_and_changes_nothing(client, app, submitted):
    who, project, reviews, _ = submitted
    log_in(client, who["clerk"])
    seq = last_event_seq(project.id)
    assert client.post(f"/window/reviews/{reviews['land'].id}/decide",
                       data={"action": "accept", "seq": seq}).status_code == 302
    stale = client.post(f"/window/reviews/{reviews['scheme'].id}/decide",
                        data={"action": "reject", "seq": seq, "reason": "材料不全"})
    assert stale.status_code == 409
    assert db.session.scalar(select(func.count(ProjectEvent.id))) == 3
    twice = client.post(f"/window/reviews/{reviews['land'].id}/decide", data={"action": "accept", "seq": seq + 1})
    assert twice.status_code == 409


def test_one_time_notice_is_printable_for_the_owner_and_the_window(client, submitted):
    who, project, reviews, owner = submitted
    log_in(client, who["clerk"])
    response = client.post(f"/window/reviews/{reviews['scheme'].id}/decide",
                           data={"action": "notify", "seq": last_event_seq(project.id),
                                 "missing": ["drawing", "licence"], "note": "需加盖公章"})
    assert response.status_code == 302
    notice = owner.get(f"/projects/{project.id}/notices/{reviews['scheme'].id}").get_data(as_text=True)
    assert "需加盖公章" in notice and "js/print.js" in notice
    panel = owner.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/notices/{reviews['scheme'].id}" in panel
    assert owner.get(f"/projects/{project.id}/receipts/{reviews['scheme'].id}").status_code == 404
    again = owner.post(f"/projects/{project.id}/applications", data={"token": "token-0000000002", "stage": "scheme"})
    form = owner.get(again.headers["Location"]).get_data(as_text=True)
    assert form.count('class="tag tag-noticed"') == 2  # drawing and licence, marked in the new checklist
    empty = client.post(f"/window/reviews/{reviews['land'].id}/decide",
                        data={"action": "notify", "seq": last_event_seq(project.id)})
    assert empty.status_code == 422


def test_past_the_window_the_stage_shows_as_accepted_by_law(client, submitted, business_date):
    who, project, reviews, owner = submitted
    business_date(dt.date(2026, 6, 9))
    log_in(client, who["clerk"])
    page = client.get("/window/?view=deemed").get_data(as_text=True)
    assert page.count("/window/reviews/") == 2 and "light-late" in page
    detail = client.get(f"/window/reviews/{reviews['land'].id}").get_data(as_text=True)
    assert 'value="accept"' not in detail
    refused = client.post(f"/window/reviews/{reviews['land'].id}/decide",
                          data={"action": "reject", "seq": last_event_seq(project.id), "reason": "x"})
    assert refused.status_code == 422
    receipt = owner.get(f"/projects/{project.id}/receipts/{reviews['land'].id}")
    assert receipt.status_code == 200 and "2026-06-01" in receipt.get_data(as_text=True)


def test_public_progress_page_shows_stages_and_no_personal_data(app, submitted):
    who, project, _, _ = submitted
    anonymous = app.test_client()
    response = anonymous.get(f"/p/{project.public_code}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and project.name in body and "light-none" in body
    assert who["owner"].display_name not in body and "/documents/" not in body and "执照.pdf" not in body
    assert response.headers["Cache-Control"] == "no-store"
    assert anonymous.get("/p/not-a-code").status_code == 404
    assert anonymous.get("/p/" + "x" * 40).status_code == 404
