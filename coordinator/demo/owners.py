"""Demo owners get a company: an owner account without one joins the company of the first demo project, so
`make run` shows an owner their project, its "what to do next" panel and the bundled application."""
from __future__ import annotations

from sqlalchemy import select

from coordinator.demo.projects import DEMO_PROJECTS
from coordinator.extensions import db
from coordinator.models import Company, User


def seed() -> int:
    """Link every owner account that has no company; return how many were linked (0 on a second run)."""
    credit_code = DEMO_PROJECTS[0][3]
    company_id = db.session.scalar(select(Company.id).where(Company.credit_code == credit_code))
    if company_id is None:
        return 0
    owners = db.session.scalars(select(User).where(User.role == "owner", User.company_id.is_(None))).all()
    for owner in owners:
        owner.company_id = company_id
    db.session.flush()
    return len(owners)
