"""CSV files as their reader opens them: streamed, with a byte-order mark so that Excel reads
UTF-8, and in the reader's language (`;` and a decimal comma in Finnish and Swedish)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache
from datetime import date
from itertools import chain

from flask import Response, stream_with_context
from flask_babel import gettext as _

from portal.domain.reports import ReportBy
from portal.services import settlements
from portal.services.reports import Report, ReportCsvStyle
from portal.services.settlements import CsvStyle
from portal.web import labels
from portal.web.i18n import current_language, month_name


def settlement_style() -> CsvStyle:
    nordic = current_language() in ("fi", "sv")
    return CsvStyle(
        delimiter=";" if nordic else ",",
        decimal="," if nordic else ".",
        header=[_("Row"), _("Date"), _("Number"), _("Client number"), _("Service"), _("Amount"), _("Unit price (€)"),
                _("Charged to budget (€)"), _("Credited back (€)"), _("Own share (€)"), _("Reason"),
                _("Corrects service number"), _("Corrects the service of")],
        words={"service": _("Service"), "credit": _("Credit"), "total": _("Total"), "to_pay": _("To pay"),
               "paid": _("Paid"), "not_paid": _("Not yet paid"), "confirmed": _("Confirmed by the client"),
               "unanswered": _("Not confirmed or disputed (confirmed automatically after 14 days)"),
               "held": _("Disputed, held out of the payment"), "resolved": _("Disputes resolved"),
               "released": _("Released from earlier months' disputes")},
        service_name=cache(labels.service_name),  # for this file only: its reader's language
        reason_name=cache(labels.correction_reason),
    )


def figure_style(figure: str) -> CsvStyle:
    """The county overview's figure CSVs: the settlement's format, with the figure's own header."""
    names = {"clients": [_("Clients with a personal budget")], "granted": [_("Budget granted this year") + " (€)"],
             "used": [_("Used this year") + " (€)"], "providers": [_("Approved providers")],
             "satisfaction": [_("Number of ratings"), _("Average rating")]}
    return replace(settlement_style(), header=[_("Year"), *names[figure]])


def report_label(report: Report) -> Callable[[object], str]:
    """The name of a report's group, as its page and its CSV show it."""
    match report.by:
        case ReportBy.MUNICIPALITY:
            return lambda key: labels.municipality_name(report.names[key]) if key in report.names else str(key)
        case ReportBy.SERVICE:
            return lambda key: labels.service_name(report.names[key].code) if key in report.names else str(key)
        case ReportBy.MONTH:
            return month_name
    return str


def report_style(report: Report) -> ReportCsvStyle:
    nordic = current_language() in ("fi", "sv")
    group = {ReportBy.MUNICIPALITY: _("Municipality"), ReportBy.SERVICE: _("Service"), ReportBy.MONTH: _("Month"),
             ReportBy.YEAR: _("Year")}[report.by]
    return ReportCsvStyle(
        delimiter=";" if nordic else ",",
        header=[group, _("Clients"), _("Granted (€)"), _("Used (€)"), _("Credited back (€)"), _("Left (€)"),
                _("Used of granted (%)"), _("Used with a provider the client chose (%)"),
                _("Used with a provider a relative chose (%)"), _("Clients a year earlier"), _("Used a year earlier (€)"),
                _("Change in use from a year earlier (%)")],
        label=report_label(report),
        euros=settlement_style().euros,  # the same whole-cents format as the settlement's
        percent=lambda value: "" if value is None else str(value).replace(".", "," if nordic else "."),
        total=_("Total"),
    )


def settlement_lines(provider_id: int, month: date) -> Iterator[str]:
    """The settlement month's CSV, read in a session of its own that holds no lock while it is sent."""
    return settlements.settlement_csv(provider_id, month, settlement_style())


def csv_response(lines: Iterable[str], filename: str) -> Response:
    response = Response(stream_with_context(chain(["\ufeff"], lines)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
