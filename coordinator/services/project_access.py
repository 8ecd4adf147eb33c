"""Which projects a user may see: one SQL condition shared by lists and single-project pages, built from
the permission table and the object rules of coordinator.domain.permissions."""
from __future__ import annotations

from sqlalchemy import false, select, true

from coordinator.domain.permissions import (
    DEPARTMENT_ROLES,
    is_allowed,
    is_assigned_agent,
    is_project_owner,
)
from coordinator.models import Project


def visibility(actor):
    """A WHERE clause on Project: department staff see every project, owners their company's, agents the
    projects they are assigned to, others none."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not is_allowed(actor.role, "project:list"):
        return false()
    if actor.role in DEPARTMENT_ROLES:
        return true()
    if actor.role == "owner" and actor.company_id is not None:
        return Project.company_id == actor.company_id
    if actor.role == "agent":
        return Project.agent_id == actor.id
    return false()


def visible_projects(actor):
    """SELECT of the projects `actor` may see, newest first."""
    return select(Project).where(visibility(actor)).order_by(Project.id.desc())


def can_see_project(actor, project: Project) -> bool:
    """The same rule for one loaded project (no query)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not is_allowed(actor.role, "project:view"):
        return False
    if actor.role in DEPARTMENT_ROLES:
        return True
    if actor.role == "agent":
        return is_assigned_agent(actor.id, project.agent_id)
    return actor.role == "owner" and is_project_owner(actor.company_id, project.company_id)
