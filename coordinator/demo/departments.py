"""Departments from the one register (registers/departments.yaml)."""
from flask import current_app

from coordinator.extensions import db
from coordinator.models import Department
from coordinator.services.registers import load_departments


def seed() -> int:
    """Insert the departments that are missing; return how many were added."""
    existing = {code for (code,) in db.session.query(Department.code)}
    added = 0
    for code, info in load_departments(current_app.config["REGISTERS"]).items():
        if code not in existing:
            db.session.add(Department(code=code, name=info["name"], name_en=info.get("name_en", "")))
            added += 1
    db.session.flush()
    return added
