"""Factories for the owner/window tests: a small inline template with two stages ready at once (shared
fields and materials, one deferrable), a project of it, and the people who act on it."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from coordinator.extensions import db
from coordinator.models import TemplateVersion
from coordinator.services.projects import create_project
from tests.login import make_company, make_department, make_user

MONDAY = dt.date(2026, 6, 1)
LEAD = "natural-resources"

TEMPLATE = {
    "key": "bundle-test", "version": 1, "name": "打捆测试", "name_en": "Bundle test",
    "nodes": [
        {"key": "land", "kind": "stage", "name": "用地", "name_en": "Land", "lead": LEAD, "promised_days": 5,
         "legal_days": 20, "items": [
             {"key": "land-permit", "name": "用地许可", "dept": LEAD, "promised_days": 5, "legal_days": 20,
              "materials": ["licence", "contract", "attorney"], "fields": ["site", "area", "supply"]}]},
        {"key": "scheme", "kind": "stage", "name": "方案", "name_en": "Scheme", "lead": LEAD, "promised_days": 5,
         "legal_days": 20, "items": [
             {"key": "scheme-ok", "name": "方案审查", "dept": LEAD, "promised_days": 5, "legal_days": 20,
              "materials": ["licence", "drawing"], "fields": ["site", "start", "policy"]}]},
        {"key": "permit", "kind": "stage", "name": "施工许可", "name_en": "Permit", "lead": "housing-construction",
         "needs": ["land", "scheme"], "promised_days": 5, "legal_days": 15, "items": [
             {"key": "permit-cert", "name": "施工许可证", "dept": "housing-construction", "promised_days": 5,
              "legal_days": 15, "materials": ["contract"], "fields": []}]},
    ],
    "materials": [
        {"key": "licence", "name": "营业执照", "name_en": "Business licence"},
        {"key": "contract", "name": "土地出让合同", "name_en": "Land contract"},
        {"key": "attorney", "name": "授权委托书", "name_en": "Power of attorney", "deferrable": True},
        {"key": "drawing", "name": "设计方案", "name_en": "Design scheme", "deferrable": True},
    ],
    "fields": [
        {"key": "site", "name": "建设地点", "name_en": "Site", "type": "text", "required": True},
        {"key": "area", "name": "用地面积", "name_en": "Land area", "type": "number", "unit": "亩", "required": True},
        {"key": "supply", "name": "供地方式", "name_en": "Land supply", "type": "choice",
         "choices": ["出让", "划拨"], "required": True},
        {"key": "start", "name": "拟开工时间", "name_en": "Planned start", "type": "date", "required": False},
        {"key": "policy", "name": "符合产业政策", "name_en": "Policy compliance", "type": "bool", "required": True},
    ],
}
GOOD_FORM = {"site": "天台县赤城街道", "area": "45.5", "supply": "出让", "start": "2026-09-01", "policy": "yes"}

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def template_version() -> TemplateVersion:
    row = db.session.query(TemplateVersion).filter_by(key=TEMPLATE["key"], version=1).first()
    if row is None:
        row = TemplateVersion(key=TEMPLATE["key"], version=1, name=TEMPLATE["name"], content=TEMPLATE,
                              checksum="bundle-test-1")
        db.session.add(row)
        db.session.flush()
    return row


def bundle_project(company_id: int, code: str = "2026-331023-34-03-000001", actor=None):
    project = create_project(code=code, name="打捆测试项目", template=template_version(), actor=actor,
                             company_id=company_id, location="天台县")
    db.session.commit()
    return project


def people() -> dict:
    """An owner (with a company), a window clerk of the lead department, a clerk elsewhere, another owner."""
    lead = make_department(LEAD, "自然资源和规划局")
    other = make_department("housing-construction", "住房和城乡建设局")
    company = make_company()
    stranger_company = make_company("91330100MA27XKQ78W", "他人建设有限公司")
    return {
        "owner": make_user("owner", company_id=company.id),
        "clerk": make_user("clerk", department_id=lead.id),
        "other_clerk": make_user("clerk", department_id=other.id),
        "stranger": make_user("owner", company_id=stranger_company.id),
    }
