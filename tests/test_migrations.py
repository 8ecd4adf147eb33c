"""Migrations: one head, and upgrading an empty database gives exactly the models' schema."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from coordinator import create_app
from coordinator.config import ROOT
from coordinator.extensions import db

MIGRATIONS = ROOT / "coordinator" / "migrations"


def test_there_is_one_head():
    app = create_app({"TESTING": True})
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config(str(MIGRATIONS)))
        assert len(script.get_heads()) == 1


def test_upgrade_from_empty_matches_the_models(empty_database):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            indexes = set(conn.execute(text(INDEX_NAMES[conn.dialect.name])).scalars())
        db.engine.dispose()
    assert [entry for entry in diff if not _same_expression_index(entry, diff)] == [], \
        f"models and migrations differ: {diff}"
    assert "ix_cockpit_clocks_dept_open" in indexes


INDEX_NAMES = {"sqlite": "SELECT name FROM sqlite_master WHERE type = 'index'",  # reflection skips expressions
               "postgresql": "SELECT indexname FROM pg_indexes"}


def _same_expression_index(entry, diff) -> bool:
    """Autogenerate cannot compare an expression index with its reflection (PostgreSQL writes the expression
    back in its own form): a remove and an add of the same expression index name is no difference."""
    if entry[0] not in ("add_index", "remove_index") or not any(
            not hasattr(part, "name") for part in entry[1].expressions):
        return False
    other = "remove_index" if entry[0] == "add_index" else "add_index"
    return any(e[0] == other and e[1].name == entry[1].name for e in diff)


def test_the_migrated_audit_table_is_append_only(empty_database):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_entries (at, role, department, ip, action, object_type, object_id, "
                              "result, detail, prev_hash, hash) VALUES (CURRENT_TIMESTAMP, '', '', '', 'test', '', '', "
                              "'ok', '{}', 'x', 'y')"))
        for statement in ("UPDATE audit_entries SET action = 'changed'", "DELETE FROM audit_entries"):
            with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(statement))
        db.engine.dispose()
