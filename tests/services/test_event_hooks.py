"""After-event hooks: the app registers supervision's, and append_event runs them in the event's transaction."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coordinator import create_app
from coordinator.extensions import db
from coordinator.models import AuditEntry, ProjectEvent
from coordinator.services import audit, event_hooks, supervision
from coordinator.services.projects import append_event
from tests import review_kit as kit


@pytest.fixture
def no_hooks(monkeypatch):
    """An empty registry for this test (the real one comes back afterwards)."""
    monkeypatch.setattr(event_hooks, "_hooks", [])


def test_the_app_registers_supervision(app):
    assert supervision.on_event in event_hooks.registered()


def test_creating_an_app_registers_it_once(no_hooks):
    config = {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": "sqlite://",
              "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    create_app(config)
    create_app(config)
    assert event_hooks.registered() == (supervision.on_event,)


def test_hooks_run_in_order_in_the_events_transaction(db_session, no_hooks):
    project = kit.project()
    db.session.commit()
    seen = []

    def first(project_, row, state, actor, today):
        seen.append(("first", db.session.get(ProjectEvent, row.id) is row, state.nodes["planning"].submitted))
        audit.record("hook:probe", actor, "project", project_.id)

    def second(project_, row, state, actor, today):
        seen.append(("second", row.do, today))

    event_hooks.register(first)
    event_hooks.register(second)
    append_event(project, {"do": "submit", "node": "planning"}, None, kit.MONDAY)
    assert seen == [("first", True, kit.MONDAY), ("second", "submit", kit.MONDAY)]
    db.session.rollback()  # the event and the hook's audit entry go together
    assert db.session.scalars(select(ProjectEvent).where(ProjectEvent.project_id == project.id)).all() == []
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "hook:probe")).all() == []


def test_a_failing_hook_fails_the_recording(db_session, no_hooks):
    project = kit.project()

    def broken(*_args):
        raise RuntimeError("hook failed")

    event_hooks.register(broken)
    with pytest.raises(RuntimeError, match="hook failed"):
        append_event(project, {"do": "submit", "node": "planning"}, None, kit.MONDAY)
