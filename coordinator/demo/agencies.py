"""Demo agents and agencies: three registered agencies with qualifications, the demo agency account in the
first one, the demo agent following the enterprise demo projects, contracts for their agency nodes and one
follow-up due today. Idempotent: looked up by natural keys; every change goes through the services."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import Agency, AgencyContract, Project, User
from coordinator.services.agencies import (
    add_qualification,
    record_contract,
    register_agency,
)
from coordinator.services.agents import assign_agent, log_follow_up
from coordinator.services.calendar import app_calendar

# credit code, name, services, contact, phone, (qualification, number, expiry)
DEMO_AGENCIES = (
    ("91331023MA2H7K3P1H", "台州环科环境咨询有限公司", ["environmental-assessment", "soil-water"], "林工", "0576-83881234",
     ("环境影响评价单位登记", "浙环评登字第0318号", dt.date(2027, 6, 30))),
    ("91331000MA28QJ5W6C", "浙江天成节能技术服务有限公司", ["energy-assessment", "safety-assessment"], "郭工",
     "0576-88712345", ("节能评估机构备案", "浙节评备2024-112", dt.date(2026, 12, 31))),
    ("91331023MA2K9R8T24", "台州正衡工程咨询有限公司", ["drawing-review", "engineering-consulting", "surveying"],
     "潘工", "0576-83995678", ("施工图审查机构认定（二类）", "浙审图认字第B0207号", dt.date(2027, 3, 31))),
)
# project code -> [(node, agency credit code, contracted working days, fee in 10k yuan)]
DEMO_CONTRACTS = {
    "2026-331023-34-03-108001": [("eia-report", "91331023MA2H7K3P1H", 15, 6.8),
                                 ("energy-report", "91331000MA28QJ5W6C", 10, 3.5),
                                 ("soil-water-report", "91331023MA2H7K3P1H", 15, 2.2)],
    "2026-331023-26-03-108002": [("eia-report", "91331023MA2H7K3P1H", 15, 4.5)],
    "2026-331023-29-03-108004": [("drawing-review", "91331023MA2K9R8T24", 5, 8.0)],
}
AGENT_PROJECTS = ("2026-331023-34-03-108001", "2026-331023-26-03-108002", "2026-331023-29-03-108004")


def seed(today: dt.date) -> int:
    """Add what is missing; return how many agencies, contracts and assignments were added."""
    agencies = _agencies()
    added = agencies.pop("added")
    _link_agency_users(agencies[DEMO_AGENCIES[0][0]])
    projects = {p.code: p for p in db.session.scalars(select(Project).where(Project.code.in_(DEMO_CONTRACTS)))}
    agent = db.session.scalar(select(User).where(User.username == "agent", User.role == "agent"))
    for code in AGENT_PROJECTS:
        project = projects.get(code)
        if project is not None and agent is not None and project.agent_id is None:
            assign_agent(project, agent, None, today, "演示：代办委托书已签订")
            added += 1
            if code == AGENT_PROJECTS[0]:
                log_follow_up(project, agent, today, contact="业主项目负责人 陈建设", node="scheme-review",
                              agreed="人防意见仍未答复，约定今日一起到审批局督办", next_action="到审批局督办人防意见",
                              next_action_on=today)
    for code, rows in DEMO_CONTRACTS.items():
        project = projects.get(code)
        if project is None:
            continue
        existing = set(db.session.scalars(select(AgencyContract.node).where(AgencyContract.project_id == project.id)))
        for node, credit, days, fee in rows:
            if node not in existing:
                signed = app_calendar().latest_start(today, 25)
                record_contract(project, node, agencies[credit], None, signed_on=signed, working_days=days, fee=fee)
                added += 1
    db.session.flush()
    return added


def _agencies() -> dict:
    out: dict = {"added": 0}
    for credit, name, services, contact, phone, (qual, number, expiry) in DEMO_AGENCIES:
        agency = db.session.scalar(select(Agency).where(Agency.credit_code == credit))
        if agency is None:
            agency = register_agency(None, name=name, credit_code=credit, services=services, contact_name=contact,
                                     contact_phone=phone)
            add_qualification(agency, None, name=qual, number=number, expires_on=expiry)
            out["added"] += 1
        out[credit] = agency
    return out


def _link_agency_users(agency: Agency) -> None:
    """Agency accounts without an agency work for the first demo agency."""
    for user in db.session.scalars(select(User).where(User.role == "agency", User.agency_id.is_(None))):
        user.agency_id = agency.id


