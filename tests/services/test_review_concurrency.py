"""Opinions submitted at the same moment from threads (each its own connection): two departments both land;
ten people of one department submitting the same opinion, exactly one wins and the others are told. Runs
on the file SQLite of the test run and on PostgreSQL (COORDINATOR_DATABASE_URL)."""
import threading

import pytest

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import AuditEntry, OpinionRevision, ProjectEvent
from coordinator.services.audit import verify_chain
from coordinator.services.tokens import create_token
from tests.review_kit import D, accept, departments, person, project
from tests.web.web_people import log_in


@pytest.fixture
def world(db_session, business_date):
    departments()
    row = project()
    db.session.commit()
    accept(row)
    business_date(D("2026-06-02"))
    return row


def at_once(app, jobs):
    """Run each job (a function of a test client) in its own thread, released together."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(n, job):
        client = job.client
        barrier.wait()
        try:
            results[n] = job(client)
        except Exception as exc:  # noqa: BLE001 (shown by the assertion below)
            results[n] = exc

    threads = [threading.Thread(target=work, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def page_job(app, user, url, data):
    client = app.test_client()
    log_in(client, user)

    def job(c):
        response = c.post(url, data=data)
        return response.status_code, response.get_data(as_text=True)
    job.client = client
    return job


def test_two_departments_submitting_at_the_same_moment_both_land(app, world):
    row = world
    fire, cad = person("reviewer", "fire-protection"), person("reviewer", "civil-air-defense")
    db.session.commit()
    base = f"/review/projects/{row.id}/opinions/planning/permit"
    results = at_once(app, [page_job(app, fire, f"{base}/fire-protection", {"decision": "consent"}),
                            page_job(app, cad, f"{base}/civil-air-defense", {"decision": "consent"})])
    assert [status for status, _ in results] == [302, 302]
    db.session.expire_all()
    events = db.session.query(ProjectEvent).filter_by(project_id=row.id, do="opinion").all()
    assert sorted(e.dept for e in events) == ["civil-air-defense", "fire-protection"]
    assert sorted(e.seq for e in db.session.query(ProjectEvent).filter_by(project_id=row.id)) == [1, 2, 3, 4]
    assert verify_chain()[1] is None


def test_ten_people_of_one_department_submitting_the_same_opinion_exactly_one_wins(app, world):
    row = world
    people = [person("reviewer", "fire-protection") for _ in range(10)]
    db.session.commit()
    url = f"/review/projects/{row.id}/opinions/planning/scheme/fire-protection"
    results = at_once(app, [page_job(app, p, url, {"decision": "consent"}) for p in people])
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [422] * 9
    told = [html for status, html in results if status == 422]
    assert all("不能重复出具" in html or "同一时刻" in html for html in told)
    db.session.expire_all()
    assert db.session.query(ProjectEvent).filter_by(project_id=row.id, do="opinion").count() == 1
    assert db.session.query(OpinionRevision).count() == 1
    assert db.session.query(AuditEntry).filter_by(action="event:opinion").count() == 1
    assert verify_chain()[1] is None


def test_api_same_version_from_ten_threads_gives_one_201_and_409s(app, world):
    row = world
    people = [person("reviewer", "fire-protection") for _ in range(10)]
    db.session.commit()
    tokens = [create_token(p, "t", current_clock().now())[1] for p in people]
    db.session.commit()
    body = {"node": "planning", "item": "permit", "dept": "fire-protection", "decision": "consent", "version": 0}
    url = f"/api/v1/projects/{row.id}/opinions"

    def api_job(token):
        def job(c):
            return c.post(url, json=body,
                          headers={"Authorization": f"Bearer {token}"}).status_code
        job.client = app.test_client()
        return job

    results = at_once(app, [api_job(t) for t in tokens])
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(results)
    assert statuses == [201] + [409] * 9
    db.session.expire_all()
    assert db.session.query(ProjectEvent).filter_by(project_id=row.id, do="opinion").count() == 1
