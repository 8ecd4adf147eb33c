"""The audit trail's hash chain: each entry's hash covers its canonical content and the previous hash,
so changing, removing or reordering any row breaks every link after it. Pure (stdlib only)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping

GENESIS = "0" * 64
# the columns the hash covers, in this order
CHAINED_FIELDS = ("at", "user_id", "role", "department", "ip", "action", "object_type", "object_id",
                  "result", "detail")


def _canonical_time(value: dt.datetime) -> str:
    """UTC without an offset, to the microsecond: the same text whatever the database returns."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def canonical(fields: Mapping[str, object]) -> str:
    """The entry's content as one stable JSON text (sorted keys, UTC time)."""
    content = {name: fields.get(name) for name in CHAINED_FIELDS}
    content["at"] = _canonical_time(content["at"])
    content["object_id"] = str(content["object_id"] or "")
    content["detail"] = content["detail"] or {}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, fields: Mapping[str, object]) -> str:
    """SHA-256 over the previous hash and this entry's canonical content."""
    return hashlib.sha256(f"{prev_hash}\n{canonical(fields)}".encode()).hexdigest()


def first_broken_link(entries: Iterable[tuple[object, str, str, Mapping[str, object]]]) -> tuple[object, str] | None:
    """Walk (id, prev_hash, hash, fields) in order; return (id, reason) for the first bad link, or None."""
    expected_prev = GENESIS
    for entry_id, prev_hash, stored_hash, fields in entries:
        if prev_hash != expected_prev:
            return entry_id, "prev_hash does not match the previous entry (a row was removed or reordered)"
        if stored_hash != entry_hash(prev_hash, fields):
            return entry_id, "hash does not match the content (the row was changed)"
        expected_prev = stored_hash
    return None
