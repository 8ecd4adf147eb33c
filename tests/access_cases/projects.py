"""Access cases for the project page and its timeline API (coordinator.services.project_access)."""
from __future__ import annotations

from coordinator.domain.permissions import DEPARTMENT_ROLES
from coordinator.extensions import db
from tests.access_cases import Case, Request
from tests.login import make_company


def _project(user, whose):
    """"own": the user's company's project, or the one they are the agent of; "other": someone else's."""
    from tests.web.web_people import make_project

    if whose == "own" and user.role == "owner":
        project = make_project(company=db.session.get(type(make_company()), user.company_id))
    elif whose == "own" and user.role == "agent":
        project = make_project(agent_id=user.id)
    else:
        project = make_project(company=make_company("91350100M000100Y43", "他人公司"))
    db.session.commit()
    return project


def _other_status(role: str) -> int:
    """Department staff see every project (project_access.visibility); owners and agents only theirs."""
    return 200 if role in DEPARTMENT_ROLES else 404


def _show(user, whose):
    return Request(f"/projects/{_project(user, whose).id}")


def _timeline(user, whose):
    return Request(f"/api/v1/projects/{_project(user, whose).id}/timeline")


CASES = {
    "projects.show": Case(_show, other=_other_status),
    "api_projects.timeline": Case(_timeline, other=_other_status),
}
