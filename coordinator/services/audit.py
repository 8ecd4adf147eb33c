"""Write audit rows in the caller's transaction (fail closed: no audit row, no change), each chained to
the one before it, and verify the chain."""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import select, text

from coordinator.domain.audit_chain import GENESIS, entry_hash, first_broken_link
from coordinator.extensions import db
from coordinator.models import AuditEntry
from coordinator.models.types import utcnow

# any constant: PostgreSQL serialises chain appends on this advisory lock until the transaction ends
_CHAIN_LOCK = 7_246_001


def record(action: str, actor=None, object_type: str = "", object_id: object = "", result: str = "ok",
           **detail) -> AuditEntry:
    """Add one audit entry for `action` by `actor` (a user or None for the system)."""
    entry = AuditEntry(
        at=utcnow(),
        action=action,
        user_id=getattr(actor, "id", None),
        role=getattr(actor, "role", "") or "",
        department=getattr(getattr(actor, "department", None), "code", "") or "",
        ip=(request.remote_addr or "") if has_request_context() else "",
        object_type=object_type,
        object_id=str(object_id),
        result=result,
        detail=_jsonable(detail),
    )
    entry.prev_hash = _last_hash()
    entry.hash = entry_hash(entry.prev_hash, entry.chained_fields())
    db.session.add(entry)
    db.session.flush()
    return entry


def _last_hash() -> str:
    """The newest entry's hash (GENESIS for the first), holding the chain lock on PostgreSQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    last = db.session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return last or GENESIS


def verify_chain() -> tuple[int, tuple[int, str] | None]:
    """(entries checked, (id, reason) of the first broken link or None), streaming in id order."""
    rows = db.session.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=500, populate_existing=True))
    checked = 0

    def links():
        nonlocal checked
        for (entry,) in rows:
            checked += 1
            yield entry.id, entry.prev_hash, entry.hash, entry.chained_fields()

    broken = first_broken_link(links())
    return checked, broken


def _jsonable(value):
    """Dates and other objects become strings so the detail is valid JSON."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
