"""CSV files as their reader opens them: streamed, with a byte-order mark so that Excel reads
UTF-8, and in the reader's language (`;` and a decimal comma in Finnish and Swedish)."""

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain

from flask import Response, stream_with_context
from flask_babel import gettext as _

from portal.db.session import reading_session
from portal.services import settlements
from portal.services.settlements import CsvStyle
from portal.web import labels
from portal.web.i18n import current_language


def settlement_style() -> CsvStyle:
    nordic = current_language() in ("fi", "sv")
    return CsvStyle(
        delimiter=";" if nordic else ",",
        decimal="," if nordic else ".",
        header=[_("Row"), _("Date"), _("Number"), _("Client number"), _("Service"), _("Amount"), _("Unit price (€)"),
                _("Charged to budget (€)"), _("Credited back (€)"), _("Own share (€)"), _("Reason"),
                _("Corrects service number"), _("Corrects the service of")],
        words={"service": _("Service"), "credit": _("Credit"), "total": _("Total"), "to_pay": _("To pay"),
               "paid": _("Paid"), "not_paid": _("Not yet paid")},
        service_name=labels.service_name,
        reason_name=labels.correction_reason,
    )


def settlement_lines(provider_id: int, month: date) -> Iterator[str]:
    """The settlement month's CSV, read in a session of its own that holds no lock while it is sent."""
    with reading_session() as session:
        yield from settlements.settlement_csv(session, provider_id, month, settlement_style())


def csv_response(lines: Iterable[str], filename: str) -> Response:
    response = Response(stream_with_context(chain(["\ufeff"], lines)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
