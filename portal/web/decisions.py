"""A decision as the portal shows, prints and sends it: one template (templates/decisions/_decision.html), in
the decision's own language (the client's when it was made), whatever language its reader uses the portal in.

The PDF is the same HTML, laid out for A4 paper and a C5 window envelope (static/css/decision.css), rendered
as a tagged PDF that fetches nothing (web/pdf.py).
"""

from flask import current_app, render_template, url_for
from markupsafe import Markup

from portal.web.i18n import in_language
from portal.web.pdf import pdf_response


def decision_text(content, heading_level: int = 2, key: str = "") -> Markup:
    """The decision's text in its own language, its title a heading of `heading_level`; `key` keeps its ids
    apart from another decision's on the same page (a batch of letters)."""
    with in_language(content.language):
        return Markup(render_template("decisions/_decision.html", decision=content, level=heading_level,
                                      key=key or content.number,
                                      where_to_turn_url=_printed_url("public.where_to_turn")))


def _printed_url(endpoint: str) -> str:
    """An address to print on paper as on the screen: the portal's own (PORTAL_URL), as the letters give it."""
    return current_app.config["PORTAL_URL"].rstrip("/") + url_for(endpoint)


def decision_pdf(shown):
    """The decision as a PDF to print or keep: the county's return address, the client's address where a
    window envelope shows it, and the decision."""
    content = shown.content
    with in_language(content.language):
        html = render_template("decisions/pdf.html", decision=content, client=shown.client,
                               text=decision_text(content, heading_level=1))
    return pdf_response(html, f"{content.number}.pdf", "decision.css")
