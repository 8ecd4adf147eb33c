"""Demo accounts: one of every role, Chinese names, one shared password (printed by `flask demo-logins`);
staff in real register departments, the owner in a demo company with a valid 统一社会信用代码."""
from __future__ import annotations

from sqlalchemy import select

from coordinator.clock import current_clock
from coordinator.domain.permissions import role_label
from coordinator.extensions import db
from coordinator.models import Company, Department, User
from coordinator.services.passwords import hash_password

DEMO_PASSWORD = "Xietong-Shenpi-2026"  # meets the 等保 policy; for demo and training instances only
DEMO_COMPANY = ("913310237284567898", "台州恒远精密机械有限公司")  # the company of the first demo project

# username, display name, role, department code, department head
DEMO_USERS: tuple[tuple[str, str, str, str | None, bool], ...] = (
    ("owner", "陈建设", "owner", None, False),
    ("clerk", "王窗口", "clerk", "approval-bureau", False),
    ("lead", "李牵头", "lead", "approval-bureau", True),
    ("fire", "赵消防", "reviewer", "fire-protection", True),
    ("airdefense", "钱人防", "reviewer", "civil-air-defense", True),
    ("transport", "孙交通", "reviewer", "transport", True),
    ("landplan", "周规划", "reviewer", "natural-resources", True),
    ("housing", "吴住建", "reviewer", "housing-construction", True),
    ("agent", "郑代办", "agent", None, False),
    ("agency", "冯中介", "agency", None, False),
    ("leader", "陈领导", "leader", "approval-bureau", False),
    ("supervisor", "褚监管", "supervisor", "development-reform", False),
    ("sysadmin", "卫系统", "sysadmin", None, False),
    ("secadmin", "蒋安全", "secadmin", None, False),
    ("auditor", "沈审计", "auditor", None, False),
)


def _company() -> Company:
    code, name = DEMO_COMPANY
    company = db.session.scalar(select(Company).where(Company.credit_code == code))
    if company is None:
        company = Company(credit_code=code, name=name)
        db.session.add(company)
        db.session.flush()
    return company


def seed() -> int:
    """Create the demo accounts that are missing (departments must be seeded first); return how many."""
    existing = set(db.session.scalars(select(User.username)))
    departments = dict(db.session.execute(select(Department.code, Department.id)).all())
    missing = [row for row in DEMO_USERS if row[0] not in existing]
    if not missing:
        return 0
    password_hash, now = hash_password(DEMO_PASSWORD), current_clock().now()
    company_id = _company().id
    for username, name, role, department, head in missing:
        db.session.add(User(username=username, display_name=name, role=role, password_hash=password_hash,
                            password_changed_at=now, department_id=departments.get(department),
                            company_id=company_id if role == "owner" else None, is_head=head))
    db.session.flush()
    return len(missing)


def logins() -> list[str]:
    """One line per demo account: user name, role, name, department."""
    lines = [f"password for every demo account: {DEMO_PASSWORD}"]
    for username, name, role, department, head in DEMO_USERS:
        where = department or (DEMO_COMPANY[1] if role == "owner" else "")
        lines.append(f"{username:<11} {role_label(role)}({role}) {name} {where}{' 负责人' if head else ''}".rstrip())
    return lines
