"""Access cases for parallel review (coordinator/web/review.py, web/notifications.py, api/review.py): a
department sees only the opinion requests sent to it (404 otherwise), a lead department acts only on the
stages it leads (403 on a stage it can see but does not lead), a head decides only its department's
extension requests."""
from __future__ import annotations

from coordinator.clock import current_clock
from coordinator.domain.permissions import DEPARTMENT_ROLES
from coordinator.extensions import db
from coordinator.models import ExtensionRequest, Notification
from coordinator.services import review as svc
from coordinator.services.projects import append_event
from tests.access_cases import Case, Request
from tests.login import make_company, make_department, make_user
from tests.review_kit import departments, project

OTHER_DEPT = "meteorology"


def _template(dept: str) -> dict:
    """One stage led by `dept`, its item decided by `dept`, opinions asked of `dept` and of OTHER_DEPT."""
    return {"key": f"access-{dept}", "version": 1, "name": "权限测试", "name_en": "Access",
            "nodes": [{"key": "s", "kind": "stage", "name": "阶段", "name_en": "Stage", "lead": dept,
                       "promised_days": 10, "legal_days": 20,
                       "items": [{"key": "i", "name": "事项", "dept": dept, "promised_days": 7, "legal_days": 20,
                                  "opinions": [{"dept": dept, "days": 3}, {"dept": OTHER_DEPT, "days": 3}]}]}]}


def _dept(user) -> str:
    return user.department_code or make_department().code


def _accepted(user, whose: str):
    """"own": a stage the user's department leads and is asked on; "other": one led by another department
    (and, for opinions, the other department's request)."""
    departments(["fire-protection", OTHER_DEPT, "development-reform"])
    lead = _dept(user) if whose == "own" else "development-reform"
    company = db.session.get(type(make_company()), user.company_id) if user.company_id else None
    row = project(_template(lead), company=company if whose == "own" else None,
                  agent_id=user.id if whose == "own" and user.role == "agent" else None)
    today = current_clock().today()
    for do in ("submit", "accept"):
        append_event(row, {"do": do, "node": "s"}, None, today)
    db.session.commit()
    return row


def _fixed(url: str, method: str = "GET"):
    return lambda user, whose: Request(url, method) if whose == "own" else None


def _stage(path: str, method: str = "GET", data: dict | None = None):
    def build(user, whose):
        row = _accepted(user, whose)
        return Request(f"/review/projects/{row.id}/stages/s/{path}", method, data)
    return build


def _opinion(path: str = "", method: str = "GET", data: dict | None = None):
    def build(user, whose):
        row = _accepted(user, "own")
        dept = _dept(user) if whose == "own" else OTHER_DEPT
        return Request(f"/review/projects/{row.id}/opinions/s/i/{dept}{path}", method, data)
    return build


def _item(path: str, data: dict | None = None):
    def build(user, whose):
        row = _accepted(user, whose)
        return Request(f"/review/projects/{row.id}/items/s/i/{path}", "POST", data)
    return build


def _reconsult(user, whose):
    """The lead asks a department again on a stage it leads ("other": a stage it does not lead)."""
    row = _accepted(user, whose)
    return Request(f"/review/projects/{row.id}/opinions/s/i/{OTHER_DEPT}/reconsult", "POST",
                   {"message": "再看", "days": "3"})


def _leader_opinion(path: str, data: dict):
    """Leaders act on any stage: only "own" applies."""
    def build(user, whose):
        if whose == "other":
            return None
        row = _accepted(user, "own")
        return Request(f"/review/projects/{row.id}/opinions/s/i/{OTHER_DEPT}{path}", "POST", data)
    return build


def _head_list(user, whose):
    if whose == "other":
        return None
    user.is_head = True
    db.session.commit()
    return Request("/review/extensions")


def _extension(user, whose):
    row = _accepted(user, "own")
    user.is_head = True
    dept = _dept(user) if whose == "own" else OTHER_DEPT
    request = ExtensionRequest(project_id=row.id, node="s", item="i", dept=dept, days=1, reason="现场踏勘",
                               requested_by_id=user.id)
    db.session.add(request)
    db.session.commit()
    return Request(f"/review/extensions/{request.id}", "POST", {"approve": "0"})


def _notification(user, whose):
    owner = user if whose == "own" else make_user("clerk")
    note = Notification(user_id=owner.id, kind="test", message="Notifications", params={})
    db.session.add(note)
    db.session.commit()
    return Request(f"/notifications/{note.id}/read", "POST")


def _api_opinions(user, whose):
    row = _accepted(user, whose)
    return Request(f"/api/v1/projects/{row.id}/opinions")


def _api_submit(user, whose):
    row = _accepted(user, "own")
    dept = _dept(user) if whose == "own" else OTHER_DEPT
    return Request(f"/api/v1/projects/{row.id}/opinions", "POST",
                   {"node": "s", "item": "i", "dept": dept, "decision": "consent", "version": 0})


def _api_correct(user, whose):
    row = _accepted(user, "own")
    ctx = svc.load(row.id, current_clock().today())
    svc.submit_opinion(ctx, "s", "i", _dept(user), user, current_clock().now(), decision="consent")
    db.session.commit()
    dept = _dept(user) if whose == "own" else OTHER_DEPT
    return Request(f"/api/v1/projects/{row.id}/opinions/revisions", "POST",
                   {"node": "s", "item": "i", "dept": dept, "number": 1, "remarks": "补充", "reason": "补充说明"})


def _api_stage(path: str, data: dict):
    """A lead's stage action over the API; "own" reaches the rules (422: opinions still open), "other" is a
    stage the user's department does not lead (403)."""
    def build(user, whose):
        row = _accepted(user, whose)
        return Request(f"/api/v1/projects/{row.id}/stages/s/{path}", "POST", {**data, "version": 2})
    return build


def _board_other(role: str) -> int:
    return 200 if role == "leader" else 404


def _project_other(role: str) -> int:
    return 200 if role in DEPARTMENT_ROLES else 404


CASES = {
    "review.inbox": Case(_fixed("/review/inbox")),
    "review.overdue": Case(_fixed("/review/overdue")),
    "review.extensions": Case(_head_list),
    "review.assign": Case(_stage("assign"), other=404),
    "review.board": Case(_stage("board"), other=_board_other),
    "review.complete": Case(_stage("complete", "POST"), ok=302, other=403),
    "review.opinion": Case(_opinion(), other=404),
    "review.submit": Case(_opinion("", "POST", {"decision": "consent"}), ok=302, other=404),
    "review.take": Case(_opinion("/take", "POST"), ok=302, other=404),
    "review.correct": Case(_opinion("/correct", "POST", {"number": "1", "reason": "x"}), ok=302, other=404),
    "review.reconsult": Case(_reconsult, ok=302, other=403),
    "review.override": Case(_leader_opinion("/override", {"reason": "联审会决定"}), ok=302),
    "review.decide": Case(_item("decide", {"result": "approved", "permit_no": "1"}), ok=302, other=403),
    "review.pause": Case(_item("pause", {"reason": "hearing"}), ok=302, other=403),
    "review.resume": Case(_item("resume"), ok=302, other=403),
    "review.request_extension": Case(_item("extension", {"days": "1", "reason": "踏勘"}), ok=302, other=403),
    "review.decide_extension": Case(_extension, ok=302, other=404),
    "notifications.index": Case(_fixed("/notifications")),
    "notifications.read": Case(_notification, ok=302, other=404),
    "notifications.read_all": Case(_fixed("/notifications/read-all", "POST"), ok=302),
    "api_review.opinions": Case(_api_opinions, other=_project_other),
    "api_review.submit": Case(_api_submit, ok=201, other=404),
    "api_review.correct": Case(_api_correct, ok=201, other=404),
    "api_review.decide": Case(_api_stage("items/i/result", {"result": "approved", "permit_no": "1"}), ok=422,
                              other=403),
    "api_review.complete": Case(_api_stage("complete", {}), ok=422, other=403),
}
