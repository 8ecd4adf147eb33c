"""Access cases for the owner's pages (registration, bundled application, files, notices, receipts), the
window's inbox and decisions, and project registration over the API."""
from __future__ import annotations

import io
import secrets

from coordinator.domain.permissions import DEPARTMENT_ROLES
from coordinator.extensions import db
from tests import unique
from tests.access_cases import Case, Request

MONDAY_FORM = {"site": "天台", "area": "10", "supply": "出让", "policy": "yes"}


def _code() -> str:
    """A project code no other test factory has used (34-09: a segment no fixed test code uses)."""
    return f"2026-331023-34-09-{unique.number():06d}"


def _project(user, whose):
    """"own": the owner's company's project or the agent's assigned one; "other": someone else's."""
    from coordinator.services.projects import create_project
    from tests.application_kit import template_version
    from tests.login import make_company

    owned = whose == "own"
    company_id = user.company_id if owned and user.role == "owner" else \
        make_company("91350100M000100Y43", "他人公司").id
    project = create_project(code=_code(), name="矩阵项目", template=template_version(), actor=None,
                             company_id=company_id, agent_id=user.id if owned and user.role == "agent" else None)
    db.session.commit()
    return project


def _submitted(user, whose):
    """A project with both stages submitted through the services; returns (project, reviews by node)."""
    from coordinator.clock import current_clock
    from coordinator.services.applications import (
        application_form,
        save_draft,
        start_application,
        submit_application,
    )

    project = _project(user, whose)
    today = current_clock().today()
    application = start_application(project, ["land", "scheme"], secrets.token_hex(8), None, today)
    fields, _ = application_form(project, application, today)
    save_draft(application, fields, MONDAY_FORM, None)
    submit_application(application, fields, application.token, None, today)
    db.session.commit()
    return project, {review.node: review for review in application.reviews}


def _seen_by_staff(role: str) -> int:
    """Department staff see every project; owners and agents only theirs."""
    return 200 if role in DEPARTMENT_ROLES else 404


def _fixed(url: str, method: str = "GET"):
    return lambda user, whose: Request(url, method) if whose == "own" else None


def _start(user, whose):
    return Request(f"/projects/{_project(user, whose).id}/applications", "POST", {"token": secrets.token_hex(8),
                                                                                  "stage": "land"})


def _application(user, whose):
    from coordinator.clock import current_clock
    from coordinator.services.applications import start_application

    application = start_application(_project(user, whose), ["land"], secrets.token_hex(8), None,
                                    current_clock().today())
    db.session.commit()
    return Request(f"/applications/{application.id}")


def _download(user, whose):
    from coordinator.services.documents import store_upload
    from tests.application_kit import PDF

    document = store_upload(_project(user, whose), "licence", "执照.pdf", io.BytesIO(PDF), None)
    db.session.commit()
    return Request(f"/documents/{document.id}")


def _notice(user, whose):
    from coordinator.clock import current_clock
    from coordinator.services import acceptance

    project, reviews = _submitted(user, whose)
    acceptance.notify_missing(reviews["land"], acceptance.last_event_seq(project.id), None, current_clock().today(),
                              ["licence"])
    db.session.commit()
    return Request(f"/projects/{project.id}/notices/{reviews['land'].id}")


def _receipt(user, whose):
    from coordinator.clock import current_clock
    from coordinator.services import acceptance

    project, reviews = _submitted(user, whose)
    acceptance.accept(reviews["land"], acceptance.last_event_seq(project.id), None, current_clock().today())
    db.session.commit()
    return Request(f"/projects/{project.id}/receipts/{reviews['land'].id}")


def _supply(user, whose):
    return Request(f"/projects/{_project(user, whose).id}/supply", "POST", {"node": "land", "material": "attorney"})


def _review(path: str, method: str = "GET", decide: bool = False):
    """"own": a stage sent to the user's department; "other": one sent to another department."""
    def build(user, whose):
        from coordinator.services.acceptance import last_event_seq

        project, reviews = _submitted(user, "other")
        review = reviews["land"]
        review.lead = user.department_code if whose == "own" else "no-such-department"
        db.session.commit()
        data = {"action": "accept", "seq": last_event_seq(project.id)} if decide else None
        return Request(f"/window/reviews/{review.id}{path}", method, data)
    return build


def _api_create(user, whose):
    from coordinator.services.templates import sync_templates

    if whose != "own":
        return None
    from tests.login import make_company

    sync_templates()
    body = {"name": "矩阵API项目", "code": _code(), "kind": "enterprise-filing", "location": "天台"}
    if user.role == "agent":
        body["owner_credit_code"] = make_company().credit_code
    db.session.commit()
    return Request("/api/v1/projects", "POST", body)


CASES = {
    "owner.company": Case(_fixed("/owner/company"), ok=302),  # an owner who has a company goes on to the project
    "owner.new_project": Case(_fixed("/owner/projects/new")),
    "owner.start": Case(_start, ok=302),
    "owner.application": Case(_application),
    "owner.download": Case(_download, other=_seen_by_staff),
    "owner.notice": Case(_notice, other=_seen_by_staff),
    "owner.receipt": Case(_receipt, other=_seen_by_staff),
    "owner.supply_material": Case(_supply, ok=302),
    "window.inbox": Case(_fixed("/window/")),
    "window.review": Case(_review("")),
    "window.decide": Case(_review("/decide", "POST", decide=True), ok=302),
    "api_projects.create": Case(_api_create, ok=201),
}
