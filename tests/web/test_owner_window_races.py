"""Races: the same application submitted from two requests at once is recorded once; two clerks deciding
the same stage at once leave exactly one decision (the other gets 409)."""
import threading

import pytest
from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import ProjectEvent, StageReview
from coordinator.services.acceptance import last_event_seq
from tests.application_kit import GOOD_FORM, MONDAY, bundle_project, people
from tests.login import log_in, make_user


def _together(calls) -> list:
    """Run the calls in threads released at the same moment; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def draft(app, db_session, business_date):
    business_date(MONDAY)
    who = people()
    project = bundle_project(who["owner"].company_id)
    owner = app.test_client()
    log_in(owner, who["owner"])
    response = owner.post(f"/projects/{project.id}/applications", data={"token": "token-0000000000", "stage": ["land", "scheme"]})
    return who, project, int(response.headers["Location"].rsplit("/", 1)[1])


def test_double_submit_at_once_records_once(app, draft):
    who, project, application_id = draft
    clients = [app.test_client() for _ in range(2)]
    for client in clients:
        log_in(client, who["owner"])
    data = {**GOOD_FORM, "action": "submit", "token": "token-0000000000"}
    responses = _together([lambda c=c: c.post(f"/applications/{application_id}", data=data) for c in clients])
    statuses = [(r.status_code, r.headers.get("Location", "")) for r in responses]
    assert all(code in (200, 302) and "/login" not in where for code, where in statuses), statuses
    events = db.session.scalars(select(ProjectEvent.do).where(ProjectEvent.project_id == project.id)).all()
    assert events == ["submit", "submit"]


def test_two_clerks_deciding_at_once_leave_one_decision(app, draft):
    who, project, application_id = draft
    owner = app.test_client()
    log_in(owner, who["owner"])
    owner.post(f"/applications/{application_id}", data={**GOOD_FORM, "action": "submit", "token": "token-0000000000"})
    review_id = db.session.scalars(select(StageReview.id).where(StageReview.node == "land")).one()
    second_clerk = make_user("clerk", department_id=who["clerk"].department_id)
    clients = [app.test_client(), app.test_client()]
    log_in(clients[0], who["clerk"])
    log_in(clients[1], second_clerk)
    seq = last_event_seq(project.id)
    forms = [{"action": "accept", "seq": seq}, {"action": "reject", "seq": seq, "reason": "材料不全"}]
    responses = _together([lambda c=c, f=f: c.post(f"/window/reviews/{review_id}/decide", data=f)
                           for c, f in zip(clients, forms, strict=True)])
    statuses = sorted((r.status_code, r.headers.get("Location", "")) for r in responses)
    assert [code for code, _ in statuses] == [302, 409] and "/window/reviews/" in statuses[0][1], statuses
    db.session.expire_all()
    decisions = db.session.scalars(select(ProjectEvent.do).where(ProjectEvent.seq > seq)).all()
    assert len(decisions) == 1
