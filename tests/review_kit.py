"""Factories for the parallel-review tests: a two-stage template (a deemed-consent item and an escalate item
with five departments asked), the departments and people of each role, projects with accepted stages."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Company, Department, Project, TemplateVersion, User
from coordinator.services.projects import append_event
from tests import unique

D = dt.date.fromisoformat
MONDAY = D("2026-06-01")  # a working Monday; 06-19 (端午) is a holiday

DEPARTMENTS = {
    "natural-resources": "自然资源和规划局", "fire-protection": "消防救援大队", "meteorology": "气象局",
    "transport": "交通运输局", "civil-air-defense": "人民防空办公室", "housing-construction": "住房和城乡建设局",
    "ecology-environment": "生态环境局",
}

TEMPLATE = {
    "key": "review-test", "version": 1, "name": "并联审批测试", "name_en": "Parallel review test",
    "nodes": [
        {"key": "planning", "kind": "stage", "name": "工程规划许可", "name_en": "Works planning permit",
         "lead": "natural-resources", "promised_days": 12, "legal_days": 20,
         "items": [
             {"key": "scheme", "name": "设计方案审查", "dept": "natural-resources", "promised_days": 7,
              "legal_days": 20, "overdue_policy": "deemed_consent", "extension_days": 5,
              "opinions": [{"dept": "fire-protection", "days": 3}, {"dept": "meteorology", "days": 3}]},
             {"key": "permit", "name": "建设工程规划许可证", "dept": "natural-resources", "promised_days": 7,
              "legal_days": 20,
              "opinions": [{"dept": "civil-air-defense", "days": 3}, {"dept": "transport", "days": 3},
                           {"dept": "fire-protection", "days": 5}]},
         ]},
        {"key": "construction", "kind": "stage", "name": "施工许可", "name_en": "Construction permit",
         "lead": "housing-construction", "needs": ["planning"], "promised_days": 5, "legal_days": 7,
         "items": [{"key": "licence", "name": "施工许可证", "dept": "housing-construction", "promised_days": 5,
                    "legal_days": 7}]},
        {"key": "start", "kind": "milestone", "name": "开工", "name_en": "Start of works", "needs": ["construction"]},
    ],
}


def big_template(departments: list[str], items: int) -> dict:
    """One stage whose every item asks every department (the board's query-count test)."""
    return {"key": f"big-{len(departments)}x{items}", "version": 1, "name": "大矩阵", "name_en": "Big grid",
            "nodes": [{"key": "planning", "kind": "stage", "name": "规划", "name_en": "Planning",
                       "lead": "natural-resources", "promised_days": 12, "legal_days": 20,
                       "items": [{"key": f"item{n}", "name": f"事项{n}", "dept": "natural-resources",
                                  "promised_days": 7, "legal_days": 20,
                                  "opinions": [{"dept": d, "days": 3} for d in departments]}
                                 for n in range(1, items + 1)]}]}


def departments(codes=None) -> dict[str, Department]:
    out = {}
    for code in codes or DEPARTMENTS:
        row = db.session.query(Department).filter_by(code=code).one_or_none()
        if row is None:
            row = Department(code=code, name=DEPARTMENTS.get(code, code), name_en=code)
            db.session.add(row)
            db.session.flush()
        out[code] = row
    return out


def person(role: str, dept: str | None = None, **overrides) -> User:
    """A user of `role`, in department `dept` (by code) for staff."""
    number = unique.number()
    if dept is not None:
        overrides["department_id"] = departments([dept])[dept].id
    user = User(username=overrides.pop("username", f"{role}-{number}"), display_name=overrides.pop(
        "display_name", f"{role} {number}"), password_hash="!", role=role,
        password_changed_at=current_clock().now(), **overrides)
    db.session.add(user)
    db.session.flush()
    return user


def template_row(content: dict) -> TemplateVersion:
    checksum = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    row = db.session.query(TemplateVersion).filter_by(key=content["key"], version=content["version"]).first()
    if row is None:
        row = TemplateVersion(key=content["key"], version=content["version"], name=content["name"],
                              content=content, checksum=checksum)
        db.session.add(row)
        db.session.flush()
    return row


def project(content: dict = TEMPLATE, *, company: Company | None = None, **overrides) -> Project:
    number = unique.number()
    if company is None:
        company = Company(credit_code=f"92331099{number:010d}", name=f"公司{number}")
        db.session.add(company)
        db.session.flush()
    row = Project(code=f"2026-331099-00-00-{number:06d}", name=overrides.pop("name", f"测试项目{number}"),
                  template=template_row(content), company_id=company.id, fast_paths=[], public_code=f"review-{number}",
                  **overrides)
    db.session.add(row)
    db.session.flush()
    return row


def accept(row: Project, day: dt.date = MONDAY, node: str = "planning", actor=None) -> None:
    """The window accepts the stage (in production coordinator/web/window.py records these)."""
    append_event(row, {"do": "submit", "node": node}, actor, day)
    append_event(row, {"do": "accept", "node": node}, actor, day)
    db.session.commit()
