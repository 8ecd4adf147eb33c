"""Who may assign an agent: leaders, and clerks or lead staff of the approval bureau or of the 立项 lead."""
from types import SimpleNamespace as NS

import pytest

from coordinator.domain.agent_rules import initiation_lead, may_assign_agent


@pytest.mark.parametrize(("role", "department", "allowed"), [
    ("leader", None, True),
    ("clerk", "approval-bureau", True),
    ("lead", "development-reform", True),  # the lead department of 立项
    ("lead", "fire-protection", False),
    ("clerk", None, False),
    ("reviewer", "approval-bureau", False),
    ("agent", None, False),
    ("owner", None, False),
])
def test_may_assign_agent(role, department, allowed):
    assert may_assign_agent(role, department, "development-reform") is allowed


def test_initiation_lead_is_the_first_stage_without_prerequisites():
    nodes = [NS(kind="agency", needs=(), lead=None), NS(kind="stage", needs=(), lead="development-reform"),
             NS(kind="stage", needs=("x",), lead="natural-resources")]
    assert initiation_lead(nodes) == "development-reform"
    assert initiation_lead([]) is None
