"""Access cases for the agents' and agencies' pages (coordinator/web/agents.py, coordinator/web/agencies.py):
an agent reaches only assigned projects, an agency only its own services; register pages have no owner."""
from __future__ import annotations

import datetime as dt

from coordinator.domain.permissions import DEPARTMENT_ROLES
from coordinator.extensions import db
from coordinator.models import Agency, AgencyContract, FollowUp
from tests import unique
from tests.access_cases import Case, Request
from tests.access_cases.projects import _project
from tests.login import make_user


def _seen(role: str) -> int:
    """Department staff see every project; owners and agents only theirs."""
    return 200 if role in DEPARTMENT_ROLES else 404


def _page(path: str):
    return lambda user, whose: Request(path) if whose == "own" else None


def _project_url(suffix: str, method: str = "GET", data: dict | None = None):
    def build(user, whose):
        return Request(f"/projects/{_project(user, whose).id}{suffix}", method, data)
    return build


def _assign(user, whose):
    agent = make_user("agent")
    return Request(f"/projects/{_project(user, whose).id}/agent", "POST", {"agent_id": agent.id})


def _follow_up(user, whose):
    project = _project(user, whose)
    row = FollowUp(project_id=project.id, day=dt.date(2026, 3, 2), contact="业主", next_action="催办",
                   next_action_on=dt.date(2026, 3, 3))
    db.session.add(row)
    db.session.commit()
    return Request(f"/follow-ups/{row.id}/done", "POST")


def _agency(name: str) -> Agency:
    number = unique.number()
    agency = Agency(credit_code=f"AC{number:016d}", name=name, services=["surveying"])
    db.session.add(agency)
    db.session.flush()
    return agency


def _agency_page(suffix: str, method: str = "GET"):
    def build(user, whose):
        if whose != "own":
            return None
        agency = _agency("测绘公司")
        db.session.commit()
        return Request(f"/agencies/{agency.id}{suffix}", method, {"name": "资质"} if method == "POST" else None)
    return build


def _service(action: str):
    """The agency user's own contract, or another agency's."""
    def build(user, whose):
        agency = _agency("本机构" if whose == "own" else "他人机构")
        if whose == "own":
            user.agency_id = agency.id
        from tests.web.web_people import make_company, make_project

        project = make_project("contract-example", make_company())
        contract = AgencyContract(project_id=project.id, node="eia-report", agency_id=agency.id,
                                  signed_on=dt.date(2026, 3, 2), working_days=10)
        db.session.add(contract)
        db.session.commit()
        return Request(f"/agency/services/{contract.id}/{action}", "POST", {"text": "进展"})
    return build


CASES = {
    "agents.cockpit": Case(_page("/agent")),
    "agents.my_wallchart": Case(_page("/agent/wallchart")),
    "agents.wallchart": Case(_project_url("/wallchart"), other=_seen),
    "agents.plan": Case(_project_url("/plan"), other=_seen),
    "agents.set_target": Case(_project_url("/target", "POST", {"target": "2026-12-31"}), ok=302),
    # staff of the matrix's own department (not the approval bureau, not the 立项 lead) may not assign
    "agents.assign": Case(_assign, ok=302, other=lambda role: 302 if role == "leader" else 403,
                          own_overrides={"clerk": 403, "lead": 403}),
    "agents.log_follow_up": Case(_project_url("/follow-ups", "POST", {"contact": "业主"}), ok=302),
    "agents.follow_up_done": Case(_follow_up, ok=302),
    "agencies.index": Case(_page("/agencies")),
    "agencies.new": Case(_page("/agencies/new")),
    "agencies.show": Case(_agency_page("")),
    "agencies.add_qualification": Case(_agency_page("/qualifications", "POST"), ok=302),
    "agencies.link_user": Case(_agency_page("/users", "POST"), ok=302),
    "agencies.record_contract": Case(_project_url("/contracts", "POST", {"node": "x"}), ok=302),
    "agencies.form_consortium": Case(_project_url("/consortia", "POST", {"nodes": []}), ok=302),
    "agencies.my_services": Case(_page("/agency")),
    "agencies.start": Case(_service("start"), ok=302),
    "agencies.note": Case(_service("notes"), ok=302),
    "agencies.deliver": Case(_service("deliver"), ok=302),
}
