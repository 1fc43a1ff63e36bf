"""Where a list's page starts, as the address says it (`?after=2026-11-03.1234`), and the links
to the first, previous, next and last pages. The keys are dates and row ids: no personal data."""

import re
from datetime import date

from flask import Flask, request, url_for

from portal.services.paging import Page, Where
from portal.web.numbers import LARGEST_ID

KEY = re.compile(r"(?:([0-9]{4}-[0-9]{2}-[0-9]{2})\.)?([0-9]{1,10})")
PAGING = ("after", "before", "last")


def _key(text: str | None, dated: bool) -> tuple | None:
    match = KEY.fullmatch(text or "")
    if match is None or (match.group(1) is not None) != dated:
        return None
    row_id = int(match.group(2))
    if row_id > LARGEST_ID:
        return None
    if not dated:
        return (row_id,)
    try:
        return (date.fromisoformat(match.group(1)), row_id)
    except ValueError:
        return None


def where_from_query(dated: bool = False) -> Where:
    """The page the query string asks for; a key of the wrong shape counts as none (the first page)."""
    return Where(after=_key(request.args.get("after"), dated), before=_key(request.args.get("before"), dated),
                 last=request.args.get("last") == "1")


def key_text(key: tuple) -> str:
    return ".".join(part.isoformat() if isinstance(part, date) else str(part) for part in key)


def page_url(**paging) -> str:
    """This page's address with its filters, at another page of its list."""
    args = {name: value for name, value in request.args.items(multi=False) if name not in PAGING}
    args.update({name: key_text(value) if isinstance(value, tuple) else value for name, value in paging.items()})
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def pager_links(page: Page) -> dict[str, str]:
    links = {}
    if not page.rows and any(request.args.get(name) for name in PAGING):
        links["first"] = page_url()
    if page.previous_before is not None:
        links["first"] = page_url()
        links["previous"] = page_url(before=page.previous_before)
    if page.next_after is not None:
        links["next"] = page_url(after=page.next_after)
        links["last"] = page_url(last="1")
    return links


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(pager_links=pager_links)
