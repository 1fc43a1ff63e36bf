"""A page's HTML as a PDF to print or keep: the decision's (web/decisions.py) and the service agreement's
(web/agreements.py). WeasyPrint renders it as a tagged PDF (PDF/UA-1) on A4, in the fonts installed on the server.
It fetches nothing: its style sheets are read from the disk (static/css/pdf.css, then the document's own), and any
other address in the HTML is refused."""

from pathlib import Path

from flask import current_app, make_response
from weasyprint import CSS, HTML

SHARED_STYLE = "pdf.css"


def _fetch_nothing(url: str, *args, **kwargs):
    raise ValueError(f"a PDF fetches nothing ({url[:40]})")


def _style(name: str) -> CSS:
    return CSS(filename=str(Path(current_app.static_folder) / "css" / name), url_fetcher=_fetch_nothing)


def pdf_response(html: str, filename: str, style: str):
    """`html` as a tagged PDF, laid out by the shared style sheet and then the document's own `style` (in
    static/css), shown in the browser under `filename` (which never holds personal data)."""
    stylesheets = [_style(SHARED_STYLE), _style(style)]
    pdf = HTML(string=html, url_fetcher=_fetch_nothing).write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1")
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
