"""Counting the SQL statements a call sends: a page or a service reads in a fixed number of queries."""

from sqlalchemy import event


def queries_sent(db, call) -> int:
    """How many statements `call()` sends through the session's connection, read from a fresh session state."""
    statements = []

    def count(*_args):
        statements.append(1)

    db.expire_all()
    event.listen(db.get_bind(), "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", count)
    return len(statements)
