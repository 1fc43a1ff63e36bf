"""The unit of work: which session a use case reads and writes through, and when it is committed.

The web layer never holds a session. A view calls one use case; a use case is a function of
the services written `@use_case def f(db, ...)` and called `f(...)`: it runs in the request's
session and commits when it returns, or rolls back when it raises. Use cases may be nested (a
binding form's one-time key and the action it guards): only the outermost commits, so both are
saved in one transaction, and a failure anywhere rolls the whole of it back.

In a safe request (GET, HEAD) the request's session reads only; what a page must write itself
(the session's renewal, the access log) is a `side_write`, a short transaction of its own.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from portal.db.session import get_session, reading_session, reads_only, write_transaction

P = ParamSpec("P")
R = TypeVar("R")
DEPTH = "unit_of_work_depth"


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """The request's session; committed at the end of the outermost unit, rolled back on any error."""
    db = get_session()
    depth = db.info.get(DEPTH, 0)
    db.info[DEPTH] = depth + 1
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        if depth == 0:
            db.commit()
    finally:
        db.info[DEPTH] = depth


def use_case(function: Callable[Concatenate[Session, P], R]) -> Callable[P, R]:
    """The function, called without its session: it gets the request's, in a unit of work."""
    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work() as db:
            return function(db, *args, **kwargs)

    run.within = function  # the same steps in a session the caller holds (other services, tests)
    return run


def side_write(function: Callable[Concatenate[Session, P], R]) -> Callable[P, R]:
    """The function, called without its session: in a page, a short write of its own beside the
    page's reading session; in a request that may change things, part of its unit of work."""
    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with (write_transaction() if reads_only() else unit_of_work()) as db:
            return function(db, *args, **kwargs)

    run.within = function
    return run


def long_read(function: Callable[Concatenate[Session, P], Iterator[R]]) -> Callable[P, Iterator[R]]:
    """A generator of rows read through a session of its own that takes no lock (a file streamed
    to the browser): nobody waits for the download, and it closes when the last row is sent."""
    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> Iterator[R]:
        with reading_session() as db:
            yield from function(db, *args, **kwargs)

    return run
