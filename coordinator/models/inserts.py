"""INSERT … ON CONFLICT DO NOTHING on both databases we run on, for rows that concurrent requests may both
create (a cache's single state row, a pending mark): the second insert waits for the first and does nothing."""
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


def insert_ignoring_conflicts(dialect: str, model, keys: list[str]):
    """An insert of `model` that skips rows whose `keys` already exist."""
    return INSERTS[dialect](model).on_conflict_do_nothing(index_elements=keys)
