"""The county's reports: the figures of each table equal the ledger, and the CSV the table."""

import csv
import io
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from portal.db.models import Client, LedgerEntry, ProviderChoice, ServiceEvent, Voucher
from portal.domain.reports import ReportBy
from tests.pages import Page

LANGUAGES = ["fi", "sv", "en"]


class TableReader(HTMLParser):
    """The cells of the page's report table, row by row, as text."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.inside = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "report") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_of(html: str) -> list[list[str]]:
    reader = TableReader()
    reader.feed(html)
    return reader.rows


def cents(text: str) -> int:
    """"1 234,50 €", "€1,234.50" or "1234,50" as cents."""
    digits = re.sub(r"[^0-9,.-]", "", text.replace("\u2212", "-"))
    if "," in digits and "." in digits:
        digits = digits.replace(",", "")
    return int(Decimal(digits.replace(",", ".")) * 100)


def ledger_by(db, year: int) -> dict[str, dict]:
    """The year's figures replayed from the ledger's entries, by municipality, service and month."""
    figures = {by: defaultdict(lambda: [0, 0, 0]) for by in ("municipality", "service", "month")}
    rows = db.execute(
        select(LedgerEntry.kind, LedgerEntry.amount_cents, LedgerEntry.month, Client.municipality_id,
               Voucher.service_type_id)
        .join(Voucher, Voucher.id == LedgerEntry.voucher_id).join(Client, Client.id == Voucher.client_id)
        .where(LedgerEntry.month >= date(year, 1, 1), LedgerEntry.month < date(year + 1, 1, 1))
    )
    for kind, amount, month, municipality_id, service_type_id in rows:
        column = {"grant": 0, "close": 0, "charge": 1, "credit": 2}[kind]
        value = -amount if kind == "charge" else amount
        for by, key in (("municipality", municipality_id), ("service", service_type_id), ("month", month)):
            figures[by][key][column] += value
    return figures


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("by", list(ReportBy))
def test_each_report_is_a_page_and_its_csv_parses_back_to_the_table(client, language, by):
    client.use_language(language)
    client.sign_in("admin")
    html = client.get(f"/admin/reports?by={by}").get_data(as_text=True)
    table = table_of(html)
    assert len(table) >= 3, "a header, a row and the total"
    body = table[1:]
    response = client.get(f"/admin/reports.csv?by={by}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    delimiter = "," if language == "en" else ";"
    parsed = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert parsed[0][0] == table[0][0] and len(parsed) == len(table)
    for shown, row in zip(body, parsed[1:]):
        assert shown[0] == row[0]
        if shown[1] == "–":  # the total of all years: clients cannot be counted once over them
            assert by == "year" and row[1] == ""
        else:
            assert int(shown[1].replace("\u00a0", "").replace(",", "").replace(" ", "")) == int(row[1])
        for column in (2, 3, 4, 5):  # granted, used, credited back, left
            assert cents(shown[column]) == cents(row[column]), (shown, row)


@pytest.mark.parametrize("by", ["municipality", "service", "month"])
def test_the_reports_equal_the_ledger_replayed(client, db, by):
    client.use_language("en")
    client.sign_in("admin")
    year = date.today().year
    table = table_of(client.get(f"/admin/reports?by={by}&year={year}").get_data(as_text=True))
    replayed = ledger_by(db, year)[by]
    granted, used, credited = (sum(values[column] for values in replayed.values()) for column in range(3))
    total = table[-1]
    assert total[0] == "Total"
    assert (cents(total[2]), cents(total[3]), cents(total[4])) == (granted, used - credited, credited)
    assert cents(total[5]) == granted - used + credited
    rows_with_budget = [row for row in table[1:-1] if cents(row[2]) or cents(row[3])]
    assert len(rows_with_budget) == len([key for key, values in replayed.items() if any(values)])


def test_clients_are_counted_once_in_a_total(client, db):
    client.use_language("en")
    client.sign_in("admin")
    year = date.today().year
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    vouchers = db.execute(select(Voucher.client_id, Voucher.service_type_id)
                          .where(Voucher.granted_cents > 0, Voucher.period_start < end, Voucher.period_end >= start)).all()
    table = table_of(client.get("/admin/reports?by=service").get_data(as_text=True))
    assert int(table[-1][1].replace(",", "")) == len({client_id for client_id, _ in vouchers})
    assert sum(int(row[1].replace(",", "")) for row in table[1:-1]) == len(set(vouchers))


def test_a_year_without_budget_says_so_and_a_wrong_choice_shows_the_latest(client):
    client.use_language("en")
    client.sign_in("admin")
    for query in ("by=nonsense", "year=1999", "year=abcd", "year=99999999999", "by=month&year=2026-01"):
        response = client.get(f"/admin/reports?{query}")
        assert response.status_code == 200, query
        assert "Total" in Page(response.get_data(as_text=True)).text()


def used_by_chooser(db, year: int) -> dict[str, int]:
    """The year's cents used (charged less credited back) by who chose the provider of each recording,
    replayed entry by entry with the choice found in Python."""
    choices = db.execute(select(ProviderChoice.plan_line_id, ProviderChoice.provider_id, ProviderChoice.valid_from,
                                ProviderChoice.valid_to, ProviderChoice.status, ProviderChoice.chosen_by)).all()
    used = defaultdict(int)
    rows = db.execute(
        select(LedgerEntry.amount_cents, ServiceEvent.plan_line_id, ServiceEvent.provider_id, ServiceEvent.service_date)
        .join(ServiceEvent, ServiceEvent.id == LedgerEntry.service_event_id)
        .where(LedgerEntry.kind.in_(("charge", "credit")), LedgerEntry.month >= date(year, 1, 1),
               LedgerEntry.month < date(year + 1, 1, 1)))
    for amount, line_id, provider_id, day in rows:
        chosen_by = next((by for line, provider, start, end, status, by in choices
                          if (line, provider, status) == (line_id, provider_id, "accepted") and start <= day
                          and (end is None or day <= end)), "unrecorded")
        used[chosen_by] -= amount  # a charge is negative in the ledger, a credit positive
    return used


def percent_of_text(text: str) -> Decimal:
    return Decimal(text.replace("%", "").replace("\u00a0", "").strip())


@pytest.mark.parametrize("by", ["municipality", "month"])
def test_the_shares_chosen_by_the_client_and_by_a_relative_equal_the_ledger_replayed(client, db, by):
    client.use_language("en")
    client.sign_in("admin")
    year = date.today().year
    html = client.get(f"/admin/reports?by={by}&year={year}").get_data(as_text=True)
    table = table_of(html)
    header, total = table[0], table[-1]
    used = used_by_chooser(db, year)
    assert used["client"] and used["relative"], "the demo has choices of both kinds"
    everything = sum(used.values())
    assert cents(total[3]) == everything
    for column, chooser in ((header.index("Chosen by the client"), "client"),
                            (header.index("Chosen by a relative"), "relative")):
        expected = (Decimal(100) * used[chooser] / everything).quantize(Decimal("0.1"))
        assert abs(percent_of_text(total[column]) - expected) <= Decimal("0.1"), (chooser, total[column], expected)
