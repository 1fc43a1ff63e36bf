"""Lists a page at a time by keyset: each page starts after (or ends before) the key of a row,
so that page 200 costs what page 1 does and no row is skipped or repeated when rows are added.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

PAGE_SIZE = 50


@dataclass(frozen=True)
class Where:
    """Which page: after a key, before a key, the last page, or (none of them) the first."""

    after: tuple | None = None
    before: tuple | None = None
    last: bool = False


@dataclass(frozen=True)
class Page:
    rows: list
    count: int  # rows in the whole list
    first_number: int  # the number of the page's first row in the list, from 1
    next_after: tuple | None  # the key to go on after, when there are later rows
    previous_before: tuple | None  # the key to go back before, when there are earlier rows

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.rows) - 1 if self.rows else 0

    @property
    def is_whole(self) -> bool:
        return self.next_after is None and self.previous_before is None


def page_of(session: Session, query: Select, key_columns: list, key_of: Callable[[Any], tuple], where: Where,
            size: int = PAGE_SIZE, options: tuple = (), newest_first: bool = False) -> Page:
    """A page of `query` (its filters, no order; rows of one entity, or tuples), ordered by `key_columns`, which
    are unique together (from the largest key, `newest_first`); `key_of` gives a row's key; `options` load
    what the rows show. Three indexed queries: the rows, the list's count, and how many come before the page."""
    key = tuple_(*key_columns)

    def comes_after(other: tuple):
        return key < tuple_(*other) if newest_first else key > tuple_(*other)

    def comes_before(other: tuple):
        return key > tuple_(*other) if newest_first else key < tuple_(*other)

    backwards = where.after is None and (where.last or where.before is not None)
    bounded = query
    if where.after is not None:
        bounded = bounded.where(comes_after(where.after))
    elif where.before is not None:
        bounded = bounded.where(comes_before(where.before))
    descending = backwards != newest_first
    order = [column.desc() for column in key_columns] if descending else list(key_columns)
    result = session.execute(bounded.options(*options).order_by(*order).limit(size)).unique()
    rows = list(result.scalars() if len(query.column_descriptions) == 1 else result)
    if backwards:
        rows.reverse()
    count = _count(session, query, key_columns)
    first_number = 1 + _count(session, query.where(comes_before(key_of(rows[0]))), key_columns) if rows else 1
    later = first_number + len(rows) - 1 < count
    return Page(rows, count, first_number, key_of(rows[-1]) if rows and later else None,
                key_of(rows[0]) if rows and first_number > 1 else None)


def _count(session: Session, query: Select, key_columns: list) -> int:
    return session.scalar(select(func.count()).select_from(query.with_only_columns(*key_columns).subquery()))


def page_by_id(session: Session, query: Select, key_columns: list, key_of: Callable[[Any], tuple], where: Where,
               size: int = PAGE_SIZE, options: tuple = (), newest_first: bool = False) -> Page:
    """A page of a list ordered by names: `where` and the page's own keys hold only the row's id
    (the last key column), so that no name enters an address. An id not in the list counts as none."""
    def full(key: tuple | None) -> tuple | None:
        if key is None:
            return None
        row = session.execute(query.with_only_columns(*key_columns).where(key_columns[-1] == key[0])).first()
        return tuple(row) if row else None

    page = page_of(session, query, key_columns, key_of, Where(full(where.after), full(where.before), where.last),
                   size, options, newest_first)
    return replace(page, next_after=page.next_after and page.next_after[-1:],
                   previous_before=page.previous_before and page.previous_before[-1:])


def page_in_order(rows: list, key_of: Callable[[Any], tuple], where: Where, size: int = PAGE_SIZE) -> Page:
    """A page of a list already in its order (one worked out in Python, such as the providers by own
    share): the same keys as `page_of`, so the same links; a key not in the list counts as none."""
    keys = [key_of(row) for row in rows]
    if where.after is not None and where.after in keys:
        start = keys.index(where.after) + 1
    elif where.before is not None and where.before in keys:
        start = max(0, keys.index(where.before) - size)
    elif where.last and rows:
        start = max(0, len(rows) - size)
    else:
        start = 0
    shown = rows[start:start + size]
    later = start + len(shown) < len(rows)
    return Page(shown, len(rows), start + 1, key_of(shown[-1]) if shown and later else None,
                key_of(shown[0]) if shown and start > 0 else None)
