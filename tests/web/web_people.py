"""Factories for page tests: users of a role logged in through a real server-side session, companies, and
projects built from the golden examples (their inline template stored as a template version, their events
stored as project events)."""
from __future__ import annotations

import datetime as dt

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Company, Project, ProjectEvent, TemplateVersion, User
from coordinator.services.auth import start_session
from coordinator.web.auth_loader import SESSION_KEY
from tests import unique
from tests.web.web_golden import scenario

EVENT_COLUMNS = ("date", "do", "node", "item", "dept")


def make_company(name: str = "台州某科技有限公司") -> Company:
    number = unique.number()
    company = Company(credit_code=f"91331023{number:010d}", name=name)
    db.session.add(company)
    db.session.flush()
    return company


def make_user(role: str, **overrides) -> User:
    number = unique.number()
    user = User(username=overrides.pop("username", f"{role}{number}"), display_name=f"{role} {number}",
                password_hash="!", role=role, **overrides)
    db.session.add(user)
    db.session.flush()
    return user


def log_in(client, user: User) -> None:
    """Give the client a live server-side session for `user`, as the login page would."""
    row = start_session(user, current_clock().now())
    db.session.commit()
    with client.session_transaction() as session:
        session[SESSION_KEY] = row.id
        session["_user_id"] = str(user.id)
        session["_fresh"] = True


def template_version(example: str) -> TemplateVersion:
    """The example's inline template stored once as a template version."""
    content = scenario(example)["template"]
    row = db.session.query(TemplateVersion).filter_by(key=content["key"], version=content["version"]).first()
    if row is None:
        row = TemplateVersion(key=content["key"], version=content["version"], name=content["name"],
                              content=content, checksum=f"test-{content['key']}")
        db.session.add(row)
        db.session.flush()
    return row


def make_project(example: str = "enterprise-parallel-opinions", company: Company | None = None,
                 **overrides) -> Project:
    """A project following the example's template, with the example's events recorded."""
    data = scenario(example)
    number = unique.number()
    project = Project(code=overrides.pop("code", f"2026-331023-00-00-{number:06d}"),
                      name=overrides.pop("name", data["project"]["name"]), template=template_version(example),
                      company_id=company.id if company else None, fast_paths=data["project"].get("fast_paths", []),
                      standard_land=data["project"].get("standard_land", False),
                      target_date=data["project"].get("target_date"), **overrides)
    db.session.add(project)
    db.session.flush()
    for seq, event in enumerate(data["events"], start=1):
        db.session.add(ProjectEvent(project_id=project.id, seq=seq, date=event["date"], do=event["do"],
                                    node=event.get("node"), item=event.get("item"), dept=event.get("dept"),
                                    data={k: v for k, v in event.items() if k not in EVENT_COLUMNS}))
    db.session.flush()
    return project


def as_of(example: str) -> dt.date:
    return scenario(example)["as_of"]
