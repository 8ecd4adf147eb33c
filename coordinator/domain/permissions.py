"""Who may do what: the role codes, the one permission table ("resource:action" -> roles) and the
named object rules (own project, assigned department, assigned agent). Pure: no flask, no sqlalchemy.

Route authors add a line to PERMISSIONS for every new "resource:action" and decorate the view with
`@requires("resource:action")` (coordinator/web/access.py); the access tests are generated from here.
"""
from __future__ import annotations

from collections.abc import Iterable

# role code -> (Chinese label, English label), in the order the admin pages list them
ROLES: dict[str, tuple[str, str]] = {
    "owner": ("建设单位", "Project owner"),
    "clerk": ("综合窗口", "Window clerk"),
    "lead": ("牵头部门", "Lead department"),
    "reviewer": ("审查部门", "Reviewing department"),
    "agent": ("代办员", "Agent"),
    "agency": ("中介机构", "Intermediary agency"),
    "leader": ("领导", "Leader"),
    "supervisor": ("监管部门", "Supervisor"),
    "sysadmin": ("系统管理员", "System administrator"),
    "secadmin": ("安全管理员", "Security administrator"),
    "auditor": ("审计员", "Auditor"),
}
ALL_ROLES: frozenset[str] = frozenset(ROLES)
# staff work for a department; owners for a company; agency users for an agency
DEPARTMENT_ROLES: frozenset[str] = frozenset({"clerk", "lead", "reviewer", "leader", "supervisor"})
COMPANY_ROLES: frozenset[str] = frozenset({"owner"})
AGENCY_ROLES: frozenset[str] = frozenset({"agency"})
# the three separated administrator duties (三权分立)
ADMIN_ROLES: frozenset[str] = frozenset({"sysadmin", "secadmin", "auditor"})

_PROJECT_READERS = frozenset({"owner", "clerk", "lead", "reviewer", "agent", "leader", "supervisor"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "account:view": ALL_ROLES,
    "token:manage": ALL_ROLES,
    "project:list": _PROJECT_READERS,
    "project:view": _PROJECT_READERS,
    "project:create": frozenset({"owner", "agent"}),
    "company:register": frozenset({"owner"}),
    "application:edit": frozenset({"owner", "agent"}),
    "document:download": _PROJECT_READERS,
    "acceptance:inbox": frozenset({"clerk", "lead"}),
    "acceptance:decide": frozenset({"clerk", "lead"}),
    "template:view": _PROJECT_READERS | {"sysadmin"},
    "simulation:run": frozenset({"owner", "agent", "clerk", "lead", "reviewer", "leader", "supervisor", "sysadmin"}),
    "calendar:manage": frozenset({"sysadmin"}),
    "business_date:set": frozenset({"sysadmin"}),
    "user:manage": frozenset({"sysadmin"}),
    "department:manage": frozenset({"sysadmin"}),
    "role:assign": frozenset({"secadmin"}),
    "permission:view": frozenset({"secadmin", "auditor"}),
    "audit:view": frozenset({"auditor"}),
    # parallel review (并联审批): coordinator/web/review.py, coordinator/api/review.py
    "review:assign": frozenset({"lead"}),
    "inbox:view": frozenset({"lead", "reviewer"}),
    "opinion:submit": frozenset({"lead", "reviewer"}),
    "opinion:override": frozenset({"leader"}),
    "board:view": frozenset({"lead", "leader"}),
    "opinion:reconsult": frozenset({"lead"}),
    "item:decide": frozenset({"lead"}),
    "stage:complete": frozenset({"lead"}),
    "clock:pause": frozenset({"lead", "reviewer"}),
    "extension:request": frozenset({"lead", "reviewer"}),
    "extension:approve": frozenset({"lead", "reviewer", "leader"}),
    "notification:view": ALL_ROLES,
    # leaders' cockpit: coordinator/web/cockpit.py
    "cockpit:view": frozenset({"leader", "supervisor"}),
    "cockpit:export": frozenset({"leader", "supervisor"}),
    # agents and intermediary agencies: coordinator/web/agents.py, coordinator/web/agencies.py
    "agent:assign": frozenset({"clerk", "lead", "leader"}),
    "agent:cockpit": frozenset({"agent"}),
    "followup:write": frozenset({"agent"}),
    "plan:edit": frozenset({"agent", "owner"}),
    "agency:view": frozenset({"owner", "agent", "clerk", "lead", "leader", "supervisor"}),
    "agency:manage": frozenset({"clerk", "lead"}),
    "contract:record": frozenset({"owner", "agent"}),
    "service:work": frozenset({"agency"}),
    # fast paths and 审管联动: coordinator/web/fast_paths.py, coordinator/web/supervision.py
    "parcel:manage": frozenset({"sysadmin"}),
    "fastpath:view": _PROJECT_READERS,
    "fastpath:opt_in": frozenset({"owner", "agent"}),
    "commitment:sign": frozenset({"owner"}),
    "supervision:inbox": frozenset({"supervisor"}),
    "supervision:claim": frozenset({"supervisor"}),
    "obligation:verify": frozenset({"supervisor"}),
    "supervision:report": frozenset({"supervisor", "leader"}),
    "credit:view": frozenset({"supervisor", "leader"}),
    # joint-approval meetings (联审会议): coordinator/web/meetings.py
    "meeting:view": frozenset({"clerk", "lead", "reviewer", "leader", "supervisor"}),
    "meeting:convene": frozenset({"lead", "leader"}),
    "meeting:position": frozenset({"lead", "reviewer"}),
    "meeting:record": frozenset({"clerk", "lead"}),
    "meeting:resolve": frozenset({"lead", "leader"}),
    "meeting:sign": frozenset({"leader"}),
}


def role_label(role: str, english: bool = False) -> str:
    """The role's label in Chinese (or English); the code itself for an unknown role."""
    labels = ROLES.get(role)
    return labels[1 if english else 0] if labels else role


def is_allowed(role: str | None, permission: str) -> bool:
    """True when `role` is granted `permission`; an unknown permission is a programming error."""
    return role in PERMISSIONS[permission]


def permissions_of(role: str) -> list[str]:
    """Every permission the role holds, sorted (for the account page and the matrix page)."""
    return sorted(name for name, roles in PERMISSIONS.items() if role in roles)


def can_change_role(actor_id: int, target_id: int, actor_role: str) -> bool:
    """Only a security administrator assigns roles, and never their own (三权分立)."""
    return actor_role == "secadmin" and actor_id != target_id


# -- object rules: plain values in, a yes/no out -------------------------------------------------


def is_project_owner(user_company_id: int | None, project_company_id: int | None) -> bool:
    """The user works for the company that owns the project."""
    return user_company_id is not None and user_company_id == project_company_id


def is_assigned_department(user_department: object | None, project_departments: Iterable[object]) -> bool:
    """The user's department (id or code) is one the project was sent to."""
    return user_department is not None and user_department in set(project_departments)


def is_assigned_agent(user_id: int | None, project_agent_id: int | None) -> bool:
    """The user is the agent (代办员) assigned to the project."""
    return user_id is not None and user_id == project_agent_id
