"""The login service: lockout held in the database, sessions that end on logout and when idle."""
import datetime as dt

from argon2 import PasswordHasher

from coordinator.extensions import db
from coordinator.models import AuditEntry, User
from coordinator.services.auth import (
    LoginPolicy,
    authenticate,
    end_other_sessions,
    end_session,
    session_user,
    start_session,
    touch_session,
)
from tests.login import PASSWORD, make_user

NOW = dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC)
POLICY = LoginPolicy(max_failures=5, lockout=dt.timedelta(minutes=15))
IDLE = dt.timedelta(minutes=30)


def test_right_password_resets_the_failure_count(db_session):
    user = make_user("clerk", "window1", failed_logins=3)
    assert authenticate("window1", PASSWORD, NOW, POLICY) is user
    assert user.failed_logins == 0


def test_the_fifth_failure_locks_for_fifteen_minutes(db_session):
    user = make_user("clerk", "window1")
    for attempt in range(4):
        assert authenticate("window1", "wrong", NOW, POLICY) is None
    assert user.locked_until is None and user.failed_logins == 4
    authenticate("window1", "wrong", NOW, POLICY)
    assert user.locked_until == NOW + dt.timedelta(minutes=15)
    assert authenticate("window1", PASSWORD, NOW + dt.timedelta(minutes=14), POLICY) is None
    assert authenticate("window1", PASSWORD, NOW + dt.timedelta(minutes=15, seconds=1), POLICY) is user
    actions = [a for (a,) in db.session.query(AuditEntry.action).order_by(AuditEntry.id)]
    assert actions.count("account_locked") == 1 and actions.count("login_failed") == 6


def test_the_lock_is_in_the_database_for_every_worker(db_session):
    make_user("clerk", "window1")
    for _ in range(5):
        authenticate("window1", "wrong", NOW, POLICY)
    db.session.commit()
    db.session.expunge_all()  # another worker: nothing in memory
    assert db.session.query(User).filter_by(username="window1").one().locked_until is not None


def test_an_old_hash_is_upgraded_at_login(db_session):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    user = make_user("clerk", "window1", password_hash=weak)
    authenticate("window1", PASSWORD, NOW, POLICY)
    assert "m=19456" in user.password_hash


def test_sessions_end_on_logout_and_when_idle(db_session):
    user = make_user("clerk", "window1")
    first = start_session(user, NOW)
    assert session_user(first.id, NOW + dt.timedelta(minutes=29), IDLE)[0] is user
    assert session_user(first.id, NOW + dt.timedelta(minutes=29, seconds=30), IDLE)[0] is user
    assert session_user(first.id, NOW + dt.timedelta(minutes=29, seconds=30), IDLE)[1] == "touch"
    assert session_user(first.id, NOW + dt.timedelta(minutes=60), IDLE) == (None, "ended")
    assert first.ended_by == "idle"
    second = start_session(user, NOW)
    assert second.id != first.id
    assert end_session(second.id, NOW, "logout", user)
    assert not end_session(second.id, NOW, "logout", user)
    assert session_user(second.id, NOW, IDLE) == (None, "")
    assert session_user("made-up", NOW, IDLE) == (None, "")


def test_activity_keeps_a_session_alive(db_session):
    user = make_user("clerk", "window1")
    row = start_session(user, NOW)
    for minutes in (20, 40, 60, 80):
        later = NOW + dt.timedelta(minutes=minutes)
        assert session_user(row.id, later, IDLE) == (user, "touch")
        touch_session(row.id, later)
        db.session.expire_all()


def test_ending_other_sessions_keeps_the_current_one(db_session):
    user = make_user("clerk", "window1")
    keep, other = start_session(user, NOW), start_session(user, NOW)
    assert end_other_sessions(user, keep.id, NOW, "password") == 1
    db.session.expire_all()
    assert session_user(keep.id, NOW, IDLE)[0] is not None
    assert session_user(other.id, NOW, IDLE)[0] is None
