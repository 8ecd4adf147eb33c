"""The owner registers their company (统一社会信用代码 checked) and their projects (项目代码 checked, unique)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from coordinator.domain.credit_code import credit_code_problem, normalise
from coordinator.domain.project_input import check_project_input
from coordinator.extensions import db
from coordinator.models import Company, Project
from coordinator.services import audit
from coordinator.services.projects import create_project
from coordinator.services.templates import latest_versions


class InvalidInput(ValueError):
    """Problems by field name (codes the page and the API turn into messages)."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))


def register_company(actor, name: str, credit_code: str) -> Company:
    """A new company for an owner who has none; the user becomes its member."""
    code = normalise(credit_code)
    problems = {}
    if not (name or "").strip():
        problems["name"] = "required"
    elif len(name.strip()) > 200:
        problems["name"] = "too_long"
    problem = credit_code_problem(code)
    if problem:
        problems["credit_code"] = problem
    elif db.session.scalar(select(Company.id).where(Company.credit_code == code)) is not None:
        problems["credit_code"] = "taken"
    if problems:
        raise InvalidInput(problems)
    company = Company(credit_code=code, name=name.strip())
    db.session.add(company)
    db.session.flush()
    actor.company_id = company.id
    audit.record("company:register", actor, "company", company.id, credit_code=code)
    return company


def project_kinds() -> dict[str, object]:
    """key -> newest template version, the kinds an owner may choose."""
    return {row.key: row for row in latest_versions()}


def register_project(actor, raw: dict, today: dt.date) -> Project:
    """A project of the actor's company bound to the newest version of the chosen kind."""
    kinds = project_kinds()
    values, problems = check_project_input(raw, set(kinds), today.year)
    if "code" in values and db.session.scalar(select(Project.id).where(Project.code == values["code"])):
        problems["code"] = "taken"
    company_id = _owner_company(actor, values.pop("owner_credit_code", None), problems)
    if problems:
        raise InvalidInput(problems)
    return create_project(code=values.pop("code"), name=values.pop("name"), template=kinds[values.pop("kind")],
                          actor=actor, company_id=company_id,
                          agent_id=actor.id if actor.role == "agent" else None, **values)


def _owner_company(actor, credit_code: str | None, problems: dict[str, str]) -> int | None:
    """The owner's own company; an agent (代办员) names the registered company they act for."""
    if actor.role != "agent":
        if credit_code is not None:
            problems["owner_credit_code"] = "unknown"
        return actor.company_id
    if credit_code is None:
        problems.setdefault("owner_credit_code", "required")
        return None
    company_id = db.session.scalar(select(Company.id).where(Company.credit_code == credit_code))
    if company_id is None:
        problems["owner_credit_code"] = "no_company"
    return company_id
