"""Write audit rows in the caller's transaction (fail closed: no audit row, no change)."""
from __future__ import annotations

from flask import has_request_context, request

from coordinator.extensions import db
from coordinator.models import AuditEntry


def record(action: str, actor=None, object_type: str = "", object_id: object = "", result: str = "ok",
           **detail) -> AuditEntry:
    """Add one audit entry for `action` by `actor` (a user or None for the system)."""
    entry = AuditEntry(
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
    db.session.add(entry)
    db.session.flush()
    return entry


def _jsonable(value):
    """Dates and other objects become strings so the detail is valid JSON."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
