"""Shared fixtures: one app per test session on SQLite (or COORDINATOR_DATABASE_URL), tables emptied per test."""
from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from coordinator import create_app
from coordinator.extensions import db


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("COORDINATOR_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app under test, with a fresh schema built from the models."""
    url = _database_url(tmp_path_factory)
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": url,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def db_session(app):
    """An app context; every table is emptied afterwards."""
    with app.app_context():
        yield db.session
        db.session.rollback()
        empty_tables()


def empty_tables() -> None:
    """Delete every row (children first) so the next test starts clean. The audit table refuses DELETE:
    PostgreSQL empties it with TRUNCATE (no row triggers); SQLite lifts its triggers inside the transaction."""
    from coordinator.models.audit import APPEND_ONLY_DDL, DROP_APPEND_ONLY_DDL

    with db.engine.begin() as conn:
        dialect = conn.dialect.name
        if dialect == "postgresql":
            conn.execute(text('TRUNCATE "audit_entries"'))
        else:
            for statement in DROP_APPEND_ONLY_DDL[dialect]:
                conn.execute(text(statement))
        for table in reversed(db.metadata.sorted_tables):
            if table.name != "audit_entries" or dialect != "postgresql":
                conn.execute(text(f'DELETE FROM "{table.name}"'))
        if dialect != "postgresql":
            for statement in APPEND_ONLY_DDL[dialect]:
                conn.execute(text(statement))


@pytest.fixture
def client(app, db_session):
    """A test client whose requests share the emptied database."""
    return app.test_client()


@pytest.fixture
def business_date(db_session):
    """Set the business date the app's clock reports: business_date(dt.date(2026, 3, 20))."""
    from coordinator.clock import BUSINESS_DATE_KEY
    from coordinator.services.settings import put_setting

    def set_date(day: dt.date) -> None:
        put_setting(BUSINESS_DATE_KEY, day.isoformat())
        db.session.commit()

    return set_date


@pytest.fixture
def empty_database(tmp_path):
    """A URL of a new, empty database of the same kind the suite runs on."""
    url = os.environ.get("COORDINATOR_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"coordinator_empty_{uuid.uuid4().hex[:8]}"
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield str(make_url(url).set(database=name).render_as_string(hide_password=False))
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()
