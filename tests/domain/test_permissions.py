"""The permission table and the object rules, as truth tables."""
import pytest

from coordinator.domain import permissions as p


def test_every_permission_names_known_roles_only():
    for name, roles in p.PERMISSIONS.items():
        assert ":" in name
        assert roles, name
        assert roles <= p.ALL_ROLES, name


def test_eleven_roles_with_chinese_labels():
    assert set(p.ROLES) == {"owner", "clerk", "lead", "reviewer", "agent", "agency", "leader",
                            "supervisor", "sysadmin", "secadmin", "auditor"}
    assert p.role_label("clerk") == "综合窗口"
    assert p.role_label("auditor", english=True) == "Auditor"
    assert p.role_label("nobody") == "nobody"


@pytest.mark.parametrize("role, permission, allowed", [
    ("owner", "project:create", True),
    ("clerk", "project:create", False),
    ("sysadmin", "user:manage", True),
    ("secadmin", "user:manage", False),
    ("secadmin", "role:assign", True),
    ("sysadmin", "role:assign", False),
    ("auditor", "audit:view", True),
    ("sysadmin", "audit:view", False),
    ("secadmin", "audit:view", False),
    ("auditor", "user:manage", False),
    ("auditor", "project:view", False),
    (None, "project:view", False),
])
def test_separation_of_duties(role, permission, allowed):
    assert p.is_allowed(role, permission) is allowed


def test_unknown_permission_is_an_error():
    with pytest.raises(KeyError):
        p.is_allowed("owner", "project:fly")


@pytest.mark.parametrize("actor_id, target_id, role, allowed", [
    (1, 2, "secadmin", True),
    (1, 1, "secadmin", False),
    (1, 2, "sysadmin", False),
    (1, 2, "auditor", False),
])
def test_can_change_role(actor_id, target_id, role, allowed):
    assert p.can_change_role(actor_id, target_id, role) is allowed


@pytest.mark.parametrize("user_company, project_company, expected", [
    (1, 1, True), (1, 2, False), (None, None, False), (None, 1, False),
])
def test_is_project_owner(user_company, project_company, expected):
    assert p.is_project_owner(user_company, project_company) is expected


@pytest.mark.parametrize("dept, sent_to, expected", [
    ("fire-protection", ["fire-protection", "transport"], True),
    ("transport", ["fire-protection"], False),
    (None, [None], False),
    (3, [1, 2, 3], True),
])
def test_is_assigned_department(dept, sent_to, expected):
    assert p.is_assigned_department(dept, sent_to) is expected


@pytest.mark.parametrize("user_id, agent_id, expected", [(5, 5, True), (5, 6, False), (None, None, False)])
def test_is_assigned_agent(user_id, agent_id, expected):
    assert p.is_assigned_agent(user_id, agent_id) is expected


def test_permissions_of_lists_sorted_names():
    assert p.permissions_of("auditor") == sorted(p.permissions_of("auditor"))
    assert "audit:view" in p.permissions_of("auditor")
