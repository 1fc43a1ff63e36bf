"""A page or, for htmx, only the part of it that changed."""

from flask import render_template, request


def wants_fragment() -> bool:
    """An htmx request (it sends HX-Request), which swaps a part of the page in place."""
    return bool(request.headers.get("HX-Request"))


def page_or_fragment(page_template: str, fragment_template: str, /, **context) -> tuple[str, int, dict]:
    """The whole page, or its fragment for htmx, with `oob` true in the fragment so that it can update
    what lies outside it too; `Vary: HX-Request` keeps a cache from giving one in place of the other."""
    partial = wants_fragment()
    template = fragment_template if partial else page_template
    return render_template(template, oob=partial, **context), 200, {"Vary": "HX-Request"}
