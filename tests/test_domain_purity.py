"""The domain stays pure: no module under coordinator/domain imports Flask, SQLAlchemy or the outer layers."""
import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[1] / "coordinator" / "domain"
FORBIDDEN_TOP = {"flask", "sqlalchemy", "werkzeug", "flask_sqlalchemy", "flask_login", "flask_babel",
                 "flask_wtf", "flask_migrate", "wtforms", "alembic", "jinja2"}
FORBIDDEN_PACKAGES = ("coordinator.models", "coordinator.services", "coordinator.web", "coordinator.api",
                      "coordinator.cli", "coordinator.extensions")
MODULES = sorted(DOMAIN.rglob("*.py"))


def imported_names(path: Path, root: Path = DOMAIN) -> list[str]:
    """Every module a file imports, relative imports resolved against coordinator.domain."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(("coordinator", "domain", *path.relative_to(root).parent.parts))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def forbidden(name: str) -> bool:
    top = name.split(".")[0]
    if top in FORBIDDEN_TOP or top.startswith("flask_"):
        return True
    return any(name == p or name.startswith(p + ".") for p in FORBIDDEN_PACKAGES)


def test_the_domain_has_modules():
    assert len(MODULES) >= 8


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_module_is_pure(path):
    bad = sorted({n for n in imported_names(path) if forbidden(n)})
    assert not bad, f"{path.name} imports {', '.join(bad)}"


@pytest.mark.parametrize("source, bad", [
    ("import flask", True), ("from flask import Blueprint", True), ("import flask_login", True),
    ("from sqlalchemy.orm import Session", True), ("from werkzeug.security import x", True),
    ("from coordinator.models import User", True), ("from coordinator import services", True),
    ("from coordinator.services.audit import record", True), ("from ..web import x", True),
    ("import coordinator.api.simulations", True), ("from coordinator.domain.calendar import x", False),
    ("from . import clocks", False), ("import networkx as nx", False), ("import yaml", False),
])
def test_the_check_itself(tmp_path, source, bad):
    module = tmp_path / "m.py"
    module.write_text(source + "\n", encoding="utf-8")
    names = imported_names(module, root=tmp_path)
    assert any(forbidden(n) for n in names) is bad
