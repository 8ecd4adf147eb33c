"""Who may assign or hand over a project's agent (代办员): the approval bureau's staff, the lead department
of the project's first stage (立项), and leaders. Pure: plain values in, a yes/no out."""
from __future__ import annotations

APPROVAL_BUREAU = "approval-bureau"
ASSIGNING_STAFF = frozenset({"clerk", "lead"})


def may_assign_agent(role: str | None, department: str | None, initiation_lead: str | None) -> bool:
    """Leaders always; window clerks and lead-department staff of the approval bureau or of the 立项 lead."""
    if role == "leader":
        return True
    return role in ASSIGNING_STAFF and department is not None and department in (APPROVAL_BUREAU, initiation_lead)


def initiation_lead(nodes) -> str | None:
    """The lead department of the first stage without prerequisites (立项), in template order."""
    return next((n.lead for n in nodes if n.kind == "stage" and not n.needs), None)
