"""Access cases for the fast-path pages (parcel register, eligibility, opt-in, commitment letter, path
comparison) and the supervision pages (inbox, claims, verification, claim rates, credit flags)."""
from __future__ import annotations

import datetime as dt

from coordinator.domain.permissions import DEPARTMENT_ROLES
from coordinator.extensions import db
from coordinator.models import Obligation, ResultPush
from tests.access_cases import Case, Request
from tests.fastpath_kit import company, filed_project, parcel

PATH = "standard-land-commitment"
DAY = dt.date(2026, 6, 1)


def _fixed(url: str, method: str = "GET", data: dict | None = None):
    return lambda user, whose: Request(url, method, data) if whose == "own" else None


def _project(user, whose):
    """A project on a standard parcel, on the fast path: the user's (company or agent) or someone else's."""
    if whose == "own" and user.role == "owner":
        project = filed_project(db.session.get(type(company()), user.company_id), parcel())
    else:
        project = filed_project(on=parcel())
        if whose == "own" and user.role == "agent":
            project.agent_id = user.id
    project.fast_paths, project.standard_land = [PATH], True
    db.session.commit()
    return project


def _on_project(suffix: str, method: str = "GET", data: dict | None = None):
    return lambda user, whose: Request(f"/projects/{_project(user, whose).id}{suffix}", method, data)


def _opt_in(user, whose):
    """Opting in again is refused with a message (302) for one's own; 404 for someone else's."""
    return Request(f"/projects/{_project(user, whose).id}/fast-paths/{PATH}", "POST")


def _readers_see_every_project(role: str) -> int:
    return 200 if role in DEPARTMENT_ROLES else 404


def _parcel(suffix: str = "", method: str = "GET", data: dict | None = None):
    def build(user, whose):
        parcel_id = parcel().id if whose == "own" else 999999
        db.session.commit()
        return Request(f"/admin/parcels/{parcel_id}{suffix}", method, data)
    return build


def _dept(user, whose) -> str:
    return user.department_code if whose == "own" else "tax"


def _push(user, whose):
    project = filed_project()
    push = ResultPush(project_id=project.id, node="initiation", item="x-item", dept=_dept(user, whose),
                      issued_on=DAY, claim_due=DAY)
    db.session.add(push)
    db.session.commit()
    return Request(f"/supervision/pushes/{push.id}/claim", "POST")


def _obligation(suffix: str, method: str = "GET"):
    def build(user, whose):
        project = filed_project()
        row = Obligation(project_id=project.id, node="eia", item="eia-approval", verify_by=_dept(user, whose),
                         signed_on=DAY, within_days=180, due=DAY + dt.timedelta(days=250))
        db.session.add(row)
        db.session.commit()
        return Request(f"/supervision/obligations/{row.id}{suffix}", method)
    return build


PARCEL_FORM = {"code": "", "name": ""}  # refused with a message: the register is not changed by the matrix

CASES = {
    "fast_paths.parcels": Case(_fixed("/admin/parcels")),
    "fast_paths.create_parcel": Case(_fixed("/admin/parcels", "POST", PARCEL_FORM), ok=400),
    "fast_paths.parcel": Case(_parcel()),
    "fast_paths.update_parcel": Case(_parcel("", "POST", PARCEL_FORM), ok=302),
    "fast_paths.add_assessment": Case(_parcel("/assessments", "POST", {"kind": ""}), ok=302),
    "fast_paths.link_project": Case(_parcel("/projects", "POST", {"code": "none"}), ok=302),
    "fast_paths.add_negative_entry": Case(_parcel("/negative-list", "POST", {"code": "bad"}), ok=302),
    "fast_paths.remove_negative_entry": Case(_parcel("/negative-list/999999/delete", "POST"), ok=302),
    "fast_paths.eligibility": Case(_on_project("/fast-paths"), other=_readers_see_every_project),
    "fast_paths.opt_in": Case(_opt_in, ok=302),
    "fast_paths.letter": Case(_on_project("/commitment-letter"), other=_readers_see_every_project),
    "fast_paths.sign": Case(_on_project("/commitment-letter", "POST", {"signer": ""}), ok=302),
    "fast_paths.compare": Case(_on_project("/paths"), other=_readers_see_every_project),
    "supervision.inbox": Case(_fixed("/supervision/")),
    "supervision.claim_push": Case(_push, ok=302),
    "supervision.claim_obligation": Case(_obligation("/claim", "POST"), ok=302),
    "supervision.obligation": Case(_obligation("")),
    "supervision.verify": Case(_obligation("/verify", "POST"), ok=302),
    "supervision.report": Case(_fixed("/supervision/report")),
    "supervision.credit": Case(_fixed("/supervision/credit")),
}
