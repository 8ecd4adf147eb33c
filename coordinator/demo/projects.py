"""Demo projects at different stages: one on time, one late (an opinion overdue), one early, one on the
标准地+承诺制 fast path. Event dates are counted back in working days from the business date, so the
lights stay meaningful whenever `make run` is started; each event is recorded through the same service
(and rule checks) as a real action."""
from __future__ import annotations

import datetime as dt

from coordinator.extensions import db
from coordinator.models import Company, Project, TemplateVersion
from coordinator.services.calendar import app_calendar
from coordinator.services.projects import append_event, create_project

DEMO_COMPANIES = {
    "913310237284567898": "台州恒远精密机械有限公司",
    "91331023MA2K8HX915": "天台赤城新材料科技有限公司",
    "123310234701234562": "天台县教育局",
}


def _company(credit_code: str) -> Company:
    company = db.session.query(Company).filter_by(credit_code=credit_code).first()
    if company is None:
        company = Company(credit_code=credit_code, name=DEMO_COMPANIES[credit_code])
        db.session.add(company)
        db.session.flush()
    return company


# (project code, name, template key, company credit code, attributes, fast paths, [(working days ago, event)])
# The first project waits for 人防 (civil-air-defense), which never answered: its opinion is red.
DEMO_PROJECTS = [
    ("2026-331023-34-03-108001", "台州恒远精密机械有限公司年产200万套新能源汽车零部件项目", "enterprise-filing",
     "913310237284567898", {"location": "天台县赤城街道工业园区", "industry": "汽车零部件及配件制造",
                            "investment": 26000, "land_area": 45}, [], [
         (24, {"do": "submit", "node": "initiation"}),
         (24, {"do": "accept", "node": "initiation"}),
         (23, {"do": "decide", "node": "initiation", "item": "filing", "result": "approved"}),
         (23, {"do": "complete", "node": "initiation"}),
         (22, {"do": "start", "node": "eia-report"}),
         (22, {"do": "submit", "node": "land-planning"}),
         (21, {"do": "accept", "node": "land-planning"}),
         (19, {"do": "decide", "node": "land-planning", "item": "land-planning-permit", "result": "approved"}),
         (17, {"do": "decide", "node": "land-planning", "item": "land-title", "result": "approved"}),
         (17, {"do": "complete", "node": "land-planning"}),
         (9, {"do": "deliver", "node": "eia-report"}),
         (8, {"do": "submit", "node": "scheme-review"}),
         (8, {"do": "accept", "node": "scheme-review"}),
         (6, {"do": "opinion", "node": "scheme-review", "item": "scheme-approval", "dept": "housing-construction",
              "decision": "consent"}),
         (5, {"do": "opinion", "node": "scheme-review", "item": "scheme-approval", "dept": "traffic-police",
              "decision": "conditional", "conditions": "主出入口距交叉口不小于50米"}),
         (5, {"do": "opinion", "node": "scheme-review", "item": "scheme-approval", "dept": "landscaping",
              "decision": "consent"}),
         (4, {"do": "opinion", "node": "scheme-review", "item": "scheme-approval", "dept": "meteorology",
              "decision": "consent"}),
     ]),
    ("2026-331023-26-03-108002", "台州海诚智能装备有限公司研发楼建设项目", "enterprise-filing",
     "913310237284567898", {"location": "天台县始丰街道", "industry": "智能装备制造", "investment": 8600,
                            "land_area": 18}, [], [
         (6, {"do": "submit", "node": "initiation"}),
         (6, {"do": "accept", "node": "initiation"}),
         (5, {"do": "decide", "node": "initiation", "item": "filing", "result": "approved"}),
         (5, {"do": "complete", "node": "initiation"}),
         (4, {"do": "start", "node": "eia-report"}),
         (3, {"do": "submit", "node": "land-planning"}),
         (2, {"do": "accept", "node": "land-planning"}),
     ]),
    ("2026-331023-83-01-108003", "天台县第三实验小学新建工程", "government-building", "123310234701234562",
     {"location": "天台县福溪街道", "industry": "教育", "investment": 9800, "land_area": 32}, [], [
         (3, {"do": "submit", "node": "proposal"}),
         (3, {"do": "accept", "node": "proposal"}),
     ]),
    ("2026-331023-29-03-108004", "天台赤城新材料科技有限公司年产50万平方米仿真植物墙板扩建项目",
     "industrial-standard-land", "91331023MA2K8HX915",
     {"location": "天台县苍山产业集聚区标准地A-07地块", "industry": "塑料制品业", "investment": 12000,
      "land_area": 28.5, "standard_land": True}, ["standard-land-commitment"], [
         (5, {"do": "submit", "node": "initiation"}),
         (5, {"do": "accept", "node": "initiation"}),
         (5, {"do": "decide", "node": "initiation", "item": "filing", "result": "approved"}),
         (5, {"do": "complete", "node": "initiation"}),
         (5, {"do": "submit", "node": "eia"}),
         (5, {"do": "accept", "node": "eia"}),
         (5, {"do": "commit", "node": "eia", "item": "eia-approval", "signer": "王建国（法定代表人）"}),
         (5, {"do": "complete", "node": "eia"}),
         (5, {"do": "submit", "node": "energy-review"}),
         (5, {"do": "accept", "node": "energy-review"}),
         (5, {"do": "commit", "node": "energy-review", "item": "energy-review-opinion",
              "signer": "王建国（法定代表人）"}),
         (5, {"do": "complete", "node": "energy-review"}),
         (5, {"do": "submit", "node": "land-planning"}),
         (5, {"do": "accept", "node": "land-planning"}),
         (5, {"do": "decide", "node": "land-planning", "item": "land-planning-permit", "result": "approved"}),
         (5, {"do": "decide", "node": "land-planning", "item": "land-title", "result": "approved"}),
         (5, {"do": "complete", "node": "land-planning"}),
         (4, {"do": "submit", "node": "scheme-review"}),
         (4, {"do": "accept", "node": "scheme-review"}),
         (3, {"do": "opinion", "node": "scheme-review", "item": "scheme-approval", "dept": "housing-construction",
              "decision": "consent"}),
         (3, {"do": "opinion", "node": "scheme-review", "item": "scheme-approval", "dept": "meteorology",
              "decision": "consent"}),
         (2, {"do": "opinion", "node": "scheme-review", "item": "scheme-approval", "dept": "civil-air-defense",
              "decision": "consent"}),
         (2, {"do": "decide", "node": "scheme-review", "item": "scheme-approval", "result": "approved"}),
         (2, {"do": "complete", "node": "scheme-review"}),
         (1, {"do": "start", "node": "drawing-review"}),
         (1, {"do": "submit", "node": "foundation-permit"}),
         (1, {"do": "accept", "node": "foundation-permit"}),
     ]),
]


def seed(today: dt.date) -> int:
    """Create the demo projects that are missing, with their events; return how many were added."""
    cal = app_calendar()
    latest = {}
    for row in db.session.query(TemplateVersion).order_by(TemplateVersion.version):
        latest[row.key] = row
    added = 0
    for code, name, key, credit, attributes, fast_paths, events in DEMO_PROJECTS:
        if key not in latest or db.session.query(Project.id).filter_by(code=code).first():
            continue
        project = create_project(code=code, name=name, template=latest[key], actor=None,
                                 company_id=_company(credit).id, **attributes)
        project.fast_paths = list(fast_paths)
        project.target_date = cal.deadline(today, 25)
        for ago, event in events:
            append_event(project, event, None, cal.latest_start(today, ago))
        added += 1
    db.session.flush()
    return added
