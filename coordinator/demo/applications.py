"""Demo bundled applications (一表申请、一窗受理): one waiting in the approval bureau's acceptance inbox, one
accepted with a deferred material (容缺受理) that the demo owner still has to supply. Recorded through the
same services as the pages; dated in working days before the business date; idempotent by project code."""
from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select

from coordinator.demo.projects import DEMO_PROJECTS
from coordinator.extensions import db
from coordinator.models import Company, Project, StageReview, TemplateVersion, User
from coordinator.services import acceptance
from coordinator.services.applications import (
    application_form,
    save_draft,
    start_application,
    submit_application,
)
from coordinator.services.calendar import app_calendar
from coordinator.services.documents import store_upload
from coordinator.services.projects import append_event, create_project

TEMPLATE = "small-low-risk"
STAGE = "initiation-land"
DEMO_PDF = b"%PDF-1.4\n% demo material\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
UPLOADS = {"business-license": "营业执照（副本）.pdf", "land-sale-contract": "国有建设用地使用权出让合同.pdf"}
# project code, name, submitted (working days ago), accepted (working days ago) or None
DEMO_APPLICATIONS = (
    ("2026-331023-34-03-108011", "台州恒远精密机械有限公司智能仓储用房项目（待受理演示）", 1, None),
    ("2026-331023-34-03-108012", "台州恒远精密机械有限公司配套检测用房项目（容缺受理演示）", 1, 0),
)


def seed(today: dt.date) -> int:
    """Create the missing demo applications; return how many were added."""
    template = db.session.scalar(select(TemplateVersion).where(TemplateVersion.key == TEMPLATE)
                                 .order_by(TemplateVersion.version.desc()).limit(1))
    company = db.session.scalar(select(Company).where(Company.credit_code == DEMO_PROJECTS[0][3]))
    if template is None or company is None:
        return 0
    added = 0
    for code, name, submitted_ago, accepted_ago in DEMO_APPLICATIONS:
        if db.session.scalar(select(Project.id).where(Project.code == code)) is None:
            _demo(template, company, code, name, today, submitted_ago, accepted_ago)
            added += 1
    db.session.flush()
    return added


def _person(**where) -> User | None:
    return db.session.scalar(select(User).filter_by(**where).order_by(User.id).limit(1))


def _demo(template, company, code, name, today, submitted_ago, accepted_ago) -> None:
    cal = app_calendar()
    owner = _person(role="owner", company_id=company.id)
    project = create_project(code=code, name=name, template=template, actor=owner, company_id=company.id,
                             location="天台县赤城街道工业园区", industry="通用设备制造", investment=1800, land_area=9)
    submitted = cal.latest_start(today, submitted_ago)
    application = start_application(project, [STAGE], f"demo-{code}", owner, submitted)
    fields, _ = application_form(project, application, submitted)
    save_draft(application, fields, {a.spec.key: _value(a.spec, project) for a in fields}, owner)
    for material, filename in UPLOADS.items():
        store_upload(project, material, filename, io.BytesIO(DEMO_PDF), owner)
    _done, problems = submit_application(application, fields, application.token, owner, submitted)
    if problems:
        raise RuntimeError(f"demo application {code}: the template asks what _value cannot answer: {problems}")
    if accepted_ago is not None:
        accepted = cal.latest_start(today, accepted_ago)
        review = db.session.scalar(select(StageReview).where(StageReview.application_id == application.id))
        clerk = _person(role="clerk")
        acceptance.accept(review, acceptance.last_event_seq(project.id), clerk, accepted, ["power-of-attorney"],
                          cal.deadline(today, 3))
        # the filing (即办件) is issued at once; the land title waits for the deferred power of attorney
        append_event(project, {"do": "decide", "node": STAGE, "item": "filing", "result": "approved"}, clerk,
                     accepted)


def _value(spec, project) -> str:
    """A plausible answer of the field's type (the registration's own values come pre-filled)."""
    if spec.type == "number":
        return "9"
    if spec.type == "date":
        return "2026-12-01"
    if spec.type == "bool":
        return "yes"
    if spec.type == "choice":
        return spec.choices[0]
    return project.location if "site" in spec.key else project.name
