"""The audit hash chain: any change, removal or reordering is found at its first entry."""
import datetime as dt

from coordinator.domain.audit_chain import (
    GENESIS,
    canonical,
    entry_hash,
    first_broken_link,
)

AT = dt.datetime(2026, 3, 20, 1, 2, 3, 456789, tzinfo=dt.UTC)


def fields(n: int) -> dict:
    return {"at": AT + dt.timedelta(seconds=n), "user_id": n, "role": "clerk", "department": "approval-bureau",
            "ip": "127.0.0.1", "action": f"act{n}", "object_type": "project", "object_id": str(n),
            "result": "ok", "detail": {"b": 1, "a": [1, 2], "名称": "中文"}}


def chain(count: int) -> list:
    rows, prev = [], GENESIS
    for n in range(1, count + 1):
        digest = entry_hash(prev, fields(n))
        rows.append((n, prev, digest, fields(n)))
        prev = digest
    return rows


def test_an_intact_chain_has_no_broken_link():
    assert first_broken_link(chain(5)) is None
    assert first_broken_link([]) is None


def test_canonical_time_ignores_how_the_database_returns_it():
    at = fields(1)["at"]
    naive = {**fields(1), "at": at.replace(tzinfo=None)}
    shanghai = {**fields(1), "at": at.astimezone(dt.timezone(dt.timedelta(hours=8)))}
    assert canonical(fields(1)) == canonical(naive) == canonical(shanghai)


def test_a_changed_row_is_found():
    rows = chain(5)
    entry_id, prev, digest, content = rows[2]
    rows[2] = (entry_id, prev, digest, {**content, "result": "denied"})
    assert first_broken_link(rows)[0] == 3


def test_a_removed_row_is_found_at_the_next_one():
    rows = chain(5)
    del rows[1]
    assert first_broken_link(rows)[0] == 3


def test_a_rewritten_tail_is_found_where_it_starts():
    rows = chain(5)
    entry_id, prev, _digest, content = rows[3]
    forged = {**content, "user_id": 99}
    rows[3] = (entry_id, prev, entry_hash(prev, forged), forged)  # recomputed, but the next link breaks
    assert first_broken_link(rows)[0] == 5
