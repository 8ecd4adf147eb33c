"""The audit trail (全程留痕): one row per state change, written in the same transaction; append-only
(database triggers refuse UPDATE and DELETE) and hash-chained (coordinator.domain.audit_chain)."""
import datetime as dt

from sqlalchemy import DDL, JSON, DateTime, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db
from coordinator.models.types import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    role: Mapped[str] = mapped_column(String(32), default="")
    department: Mapped[str] = mapped_column(String(64), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    result: Mapped[str] = mapped_column(String(16), default="ok")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    def chained_fields(self) -> dict:
        """The values the hash covers (see coordinator.domain.audit_chain.CHAINED_FIELDS)."""
        from coordinator.domain.audit_chain import CHAINED_FIELDS

        return {name: getattr(self, name) for name in CHAINED_FIELDS}


# Append-only triggers, per dialect. The migration that creates the table runs the same statements.
APPEND_ONLY_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        ("CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END"),
        ("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END"),
    ),
    "postgresql": (
        ("CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$body$ BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $body$"),
        ("CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"),
    ),
}
DROP_APPEND_ONLY_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": ("DROP TRIGGER IF EXISTS audit_entries_no_update", "DROP TRIGGER IF EXISTS audit_entries_no_delete"),
    "postgresql": ("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries",),
}

for _dialect, _statements in APPEND_ONLY_DDL.items():
    for _statement in _statements:
        event.listen(AuditEntry.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
