"""The demo data as `flask seed-demo` loads it, for the agents' and agencies' tests: projects by code and
accounts by user name."""
from __future__ import annotations

from sqlalchemy import select

from coordinator.clock import current_clock
from coordinator.demo import agencies as demo_agencies
from coordinator.demo import departments, projects, users
from coordinator.extensions import db
from coordinator.models import Project, User
from coordinator.services.templates import sync_templates

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FIRST, SECOND, STANDARD = demo_agencies.AGENT_PROJECTS


def seed_demo() -> dict:
    today = current_clock().today()
    departments.seed()
    sync_templates()
    projects.seed(today)
    users.seed()
    demo_agencies.seed(today)
    db.session.commit()
    return {"today": today, "projects": {p.code: p for p in db.session.scalars(select(Project))},
            "users": {u.username: u for u in db.session.scalars(select(User))}}
