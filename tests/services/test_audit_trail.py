"""The audit table is append-only in the database itself and hash-chained; `flask audit-verify` finds
the first broken link."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from coordinator.domain.audit_chain import GENESIS
from coordinator.extensions import db
from coordinator.models.audit import APPEND_ONLY_DDL, DROP_APPEND_ONLY_DDL
from coordinator.services.audit import record, verify_chain


def write(count: int) -> list:
    entries = [record(f"action{n}", None, "thing", n, note="中文") for n in range(count)]
    db.session.commit()
    return entries


def tamper(sql: str) -> None:
    """What an attacker with DDL rights could do: lift the triggers, change rows, put them back."""
    db.session.rollback()  # end the test's own transaction, whose read lock would block DROP TRIGGER
    dialect = db.engine.dialect.name
    with db.engine.begin() as conn:
        for statement in DROP_APPEND_ONLY_DDL[dialect]:
            conn.execute(text(statement))
        conn.execute(text(sql))
        for statement in APPEND_ONLY_DDL[dialect][-1:] if dialect == "postgresql" else APPEND_ONLY_DDL[dialect]:
            conn.execute(text(statement))


def test_entries_are_chained(db_session):
    first, second, third = write(3)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert verify_chain() == (3, None)


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entries SET result = 'ok2'",
    "DELETE FROM audit_entries",
])
def test_the_database_refuses_update_and_delete(db_session, statement):
    write(2)
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert db.session.execute(text("SELECT count(*) FROM audit_entries")).scalar() == 2


def test_a_changed_row_is_reported(db_session):
    entries = write(4)
    tamper(f"UPDATE audit_entries SET ip = '10.0.0.1' WHERE id = {entries[1].id}")
    db.session.expire_all()
    _checked, (entry_id, reason) = verify_chain()
    assert entry_id == entries[1].id and "changed" in reason


def test_a_deleted_row_is_reported_at_the_next(db_session):
    entries = write(4)
    tamper(f"DELETE FROM audit_entries WHERE id = {entries[2].id}")
    db.session.expire_all()
    assert verify_chain()[1][0] == entries[3].id


def test_cli_reports_intact_and_broken_chains(app, db_session):
    entries = write(3)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 0 and "intact: 3 entries" in result.output
    tamper(f"UPDATE audit_entries SET action = 'nothing' WHERE id = {entries[0].id}")
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 1 and f"BROKEN at entry {entries[0].id}" in result.output
