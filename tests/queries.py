"""Counting SQL statements, for the tests that assert a page or a service takes a fixed number of queries."""
from contextlib import contextmanager

from sqlalchemy import event

from coordinator.extensions import db


@contextmanager
def count_queries():
    """Collect every statement sent to the database inside the block: `with count_queries() as statements:`."""
    statements: list[str] = []

    def listen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
