"""The money as people see it: limits that say what is left, closed books, credits everywhere,
and every figure on the pages the same as the ledger's."""

import csv
import hashlib
import io
import re
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update

from portal.db.models import Correction, Plan, ProviderChoice, Settlement, User
from portal.domain.confirmations import CONFIRMATION_DAYS
from portal.domain.ledger import total_position
from portal.domain.plans import month_start
from portal.domain.statement import totals_of
from portal.services import ledger, provider_work, settlements
from portal.web.i18n import money
from tests.pages import Page

TODAY = date.today()
LAST_MONTH = month_start(month_start(TODAY) - timedelta(days=1))


def _signed_in(app, username, language="en"):
    client = app.test_client()
    client.use_language(language)
    assert client.sign_in(username).status_code == 303
    return client


def _provider(db):
    return db.scalar(select(User).where(User.username == "provider"))


def _aino_home_care(db):
    provider = _provider(db)
    return next(c for c in provider_work.choices_of(db, provider.provider_id, TODAY)
                if c.status == "accepted" and c.plan_line.service_type.code == "home_care"
                and c.plan_line.plan.client.client_number == "A0000001")


def _text(page: str) -> str:
    return Page(page).text()


def _euros(app, cents: int, language="en") -> str:
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        return re.sub(r"[ \t\n\r\f\v]+", " ", money(cents)).strip()  # as Page.text() reads the page


def test_a_recording_past_the_months_quantity_says_what_is_left_and_when_more_comes(app, db):
    choice = _aino_home_care(db)
    month = ledger.position_of_voucher(db, choice.plan_line.voucher_id).month(TODAY)
    left = month.units_left
    provider = _signed_in(app, "provider")
    url = f"/provider/clients/{choice.id}/record"
    page = provider.post(url, data={"csrf_token": provider.csrf_token(url), "service_date": TODAY.strftime("%d.%m.%Y"),
                                    "units": str(left + 1)}).get_data(as_text=True)
    text = _text(page)
    assert Page(page).title().startswith("Error: ")
    assert f"You can record at most {left} hour{'s' if left != 1 else ''} more" in text
    assert "the plan gives 20 hours a month" in text and "Nothing was saved" in text
    assert re.search(r"The quantity for \w+ \d{4} becomes available on 1 ", text)
    db.expire_all()
    assert ledger.position_of_voucher(db, choice.plan_line.voucher_id).month(TODAY).units_used == month.units_used
    done = provider.post(url, data={"csrf_token": provider.csrf_token(url), "service_date": TODAY.strftime("%d.%m.%Y"),
                                    "units": str(left)})
    assert done.status_code == 303  # exactly what is left fits


def test_only_a_month_that_has_ended_can_be_settled(app, db):
    county = _signed_in(app, "admin")
    page = Page(county.get("/admin/settlements").get_data(as_text=True))
    (caption,) = [caption for caption in page.captions() if caption.endswith("to settle")]
    assert any("Open: can be settled from" in cell for row in page.table(caption)[1:] for cell in row), page.table(caption)[:3]
    provider_id = _provider(db).provider_id
    response = county.post(f"/admin/settlements/{provider_id}/{TODAY.year}/{TODAY.month}/paid",
                           data={"csrf_token": county.csrf_token("/admin/settlements")})
    assert response.status_code == 303
    notices = Page(county.get(response.headers["Location"]).get_data(as_text=True)).status()
    assert any("only after it has ended" in notice for notice in notices)
    assert db.scalar(select(Settlement)) is None


def _settle_last_month(app, db):
    """Settled once the clients' days to confirm last month's services are over (the county's page offers it
    from that day: tests/web/test_providers_and_county.py)."""
    county = _signed_in(app, "admin")
    provider_id = _provider(db).provider_id
    settlements.settle(db, provider_id, LAST_MONTH, db.scalar(select(User).where(User.username == "admin")),
                       TODAY + timedelta(days=CONFIRMATION_DAYS + 1))
    db.commit()
    return county, provider_id


def test_a_settled_month_is_closed_and_a_late_correction_goes_into_the_next_open_month(app, db):
    county, provider_id = _settle_last_month(app, db)
    paid = db.scalar(select(Settlement))
    provider = _signed_in(app, "provider")
    choice = _aino_home_care(db)
    url = f"/provider/clients/{choice.id}/record"
    day = LAST_MONTH + timedelta(days=27)
    page = provider.post(url, data={"csrf_token": provider.csrf_token(url), "service_date": day.strftime("%d.%m.%Y"),
                                    "units": "1"}).get_data(as_text=True)
    assert "has been settled with the county" in _text(page) and "Nothing was saved" in _text(page)
    event = next(row.event for row in settlements.statement(db, provider_id, LAST_MONTH).rows
                 if row.event.voucher_id == choice.plan_line.voucher_id)
    correction_url = f"/provider/services/{event.id}/correction"
    response = provider.post(correction_url, data={"csrf_token": provider.csrf_token(correction_url), "units": "1",
                                                   "reason": "wrong_units"})
    assert response.status_code == 303
    correction = db.scalar(select(Correction).where(Correction.service_event_id == event.id))
    assert correction.settlement_month == month_start(TODAY)  # the next open month
    db.expire_all()
    after = settlements.month_total(db, provider_id, LAST_MONTH)
    assert (after.events, after.charged_cents, after.credited_cents) == (paid.events, paid.charged_cents, paid.credited_cents)
    this_month = Page(provider.get(f"/provider/services?month={TODAY:%Y-%m}&show=credits").get_data(as_text=True))
    assert "Corrects the service of" in this_month.text()
    credits = [" ".join(row.get_text(" ").split()) for row in this_month.soup.select("tr.table__credit")]
    assert credits and all("Credit:" in credit for credit in credits)  # a credit row is marked as one


def test_the_settlement_csv_has_its_totals_and_a_checksum_and_both_sides_agree(app, db):
    county, provider_id = _settle_last_month(app, db)
    paid = db.scalar(select(Settlement))
    from_county = county.get(f"/admin/settlements/{provider_id}/{LAST_MONTH.year}/{LAST_MONTH.month}.csv").get_data(as_text=True)
    provider = _signed_in(app, "provider")
    from_provider = provider.get(f"/provider/settlements/{LAST_MONTH.year}/{LAST_MONTH.month}.csv").get_data(as_text=True)
    assert from_county == from_provider
    body = from_county.removeprefix("\ufeff")
    lines = body.split("\r\n")
    checksum = lines[-2].split(",")
    above = "".join(line + "\r\n" for line in lines[:-2])
    assert checksum[:2] == ["checksum", "sha256"] and checksum[2] == hashlib.sha256(above.encode()).hexdigest()
    rows = list(csv.reader(io.StringIO(above), delimiter=","))  # in English: commas and a decimal point
    assert rows[0][:4] == ["Row", "Date", "Number", "Client number"]
    total = rows[-1]
    assert total[0] == "Total" and total[-2] == f"{paid.total_cents / 100:.2f}" and total[-1] == "Paid"
    services = [row for row in rows[1:-1] if row[0] == "Service"]
    assert len(services) == paid.events
    assert sum(round(float(row[7]) * 100) for row in services) == paid.charged_cents
    finnish = _signed_in(app, "provider", "fi").get(f"/provider/settlements/{LAST_MONTH.year}/{LAST_MONTH.month}.csv")
    rows = list(csv.reader(io.StringIO(finnish.get_data(as_text=True).removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Rivin tyyppi" and rows[-1][:3] == ["checksum", "sha256", rows[-1][2]]
    assert rows[-2][-2] == f"{paid.total_cents / 100:.2f}".replace(".", ",")  # Excel in Finland: a decimal comma
    assert sum(round(float(row[7].replace(",", ".")) * 100) for row in rows[1:-2] if row[0] == "Palvelu") == \
        paid.charged_cents
    county_page = Page(county.get(f"/admin/settlements?month={LAST_MONTH:%Y-%m}").get_data(as_text=True))
    provider_page = Page(provider.get(f"/provider/settlements?month={LAST_MONTH:%Y-%m}").get_data(as_text=True))
    (caption,) = [caption for caption in county_page.captions() if caption.endswith("to settle")]
    assert any(_euros(app, paid.total_cents) in row for row in county_page.table(caption)[1:])
    assert provider_page.summary()["To pay"] == _euros(app, paid.total_cents)


def test_credits_show_on_the_transactions_and_give_back_to_what_is_left(app, db):
    choice = _aino_home_care(db)
    voucher_id = choice.plan_line.voucher_id
    provider = _provider(db)
    event = provider_work.record(db, provider.provider_id, provider, choice.id, TODAY, 2, TODAY).event
    db.commit()
    left_before = ledger.position_of_voucher(db, voucher_id).left_cents
    provider_work.correct(db, provider.provider_id, provider, event.id, 1, "not_delivered", "", TODAY)
    db.commit()
    position = ledger.position_of_voucher(db, voucher_id)
    assert position.left_cents == left_before + event.charged_cents // 2
    client = _signed_in(app, "client")
    page = _text(client.get(f"/transactions?month={TODAY:%Y-%m}").get_data(as_text=True))
    assert "Credit: The service was not delivered. Corrects the service of" in page
    month = total_position(ledger.positions_of(db, [line.voucher_id for line in choice.plan_line.plan.lines
                                                    if line.voucher_id]).values()).month(TODAY)
    assert f"{_euros(app, month.credited_cents)} was credited back" in page
    overview = _text(client.get("/overview").get_data(as_text=True))
    assert f"For the whole plan period, {_euros(app, position.left_cents)} of" in overview
    services = _text(_signed_in(app, "provider").get("/provider/services?show=credits").get_data(as_text=True))
    assert "Credit: The service was not delivered." in services


def test_every_figure_on_the_overview_is_the_ledgers(app, db):
    aino = db.scalar(select(User).where(User.username == "client")).client_id
    plan = db.scalar(select(Plan).where(Plan.client_id == aino, Plan.status == "accepted"))
    positions = ledger.positions_of(db, [line.voucher_id for line in plan.lines if line.voucher_id])
    for language in ("fi", "sv", "en"):
        page = _text(_signed_in(app, "client", language).get("/overview").get_data(as_text=True))
        total = total_position(positions.values())
        assert _euros(app, total.left_cents, language) in page and _euros(app, total.granted_cents, language) in page
        for line in plan.lines:
            month = positions[line.voucher_id].month(TODAY)
            assert _euros(app, month.left_cents, language) in page
            assert _euros(app, positions[line.voucher_id].left_cents, language) in page
    case_manager = _text(_signed_in(app, "casemanager").get(f"/case-manager/clients/{aino}").get_data(as_text=True))
    assert f"{_euros(app, total.left_cents)} of {_euros(app, total.granted_cents)} is left" in case_manager


def test_every_figure_on_the_settlement_pages_is_the_running_totals_and_the_rows(app, db):
    provider_id = _provider(db).provider_id
    shown = settlements.statement(db, provider_id, LAST_MONTH)
    rows = totals_of(shown.rows)
    assert (rows.charged_cents, rows.credited_cents) == (shown.total.charged_cents, shown.total.credited_cents)
    county = _text(_signed_in(app, "admin").get(f"/admin/settlements?month={LAST_MONTH:%Y-%m}").get_data(as_text=True))
    for total in settlements.month_totals(db, LAST_MONTH):
        assert _euros(app, total.total_cents) in county
    own = _text(_signed_in(app, "provider").get(f"/provider/services?month={LAST_MONTH:%Y-%m}").get_data(as_text=True))
    assert f"charged {_euros(app, rows.charged_cents)}, credited back {_euros(app, rows.credited_cents)}" in own


def test_a_declined_choice_is_not_the_clients_provider_anywhere(app, db):
    choice = _aino_home_care(db)
    db.execute(update(ProviderChoice).where(ProviderChoice.id == choice.id).values(status="declined", decline_reason="Full."))
    db.commit()
    provider = _signed_in(app, "provider")
    targets = [href for _name, href in Page(provider.get("/provider/clients").get_data(as_text=True)).links()]
    assert f"/provider/clients/{choice.id}/record" not in targets
    assert provider.get(f"/provider/clients/{choice.id}/record").status_code == 404
    overview = _text(_signed_in(app, "client").get("/overview").get_data(as_text=True))
    assert "declined: Full." in overview and "Provider: Aurinko" not in overview
    assert "Choose a provider" in overview
    plan = Page(_signed_in(app, "client").get("/plan").get_data(as_text=True))
    (home_care,) = [row for row in plan.table("Services in the plan")[1:] if row[0] == "Home care"]
    assert not any("Aurinko" in cell for cell in home_care)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_proposal_shows_what_changes_line_by_line(app, language):
    page = _signed_in(app, "client", language).get("/plan/proposal")
    assert page.status_code == 200
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    assert len(soup.select("ul.changes li")) == 4
    assert soup.find("caption", id="changes-caption")


def test_the_countys_figures_for_the_year_are_the_vouchers_months(app, db):
    from portal.db.models import Voucher

    positions = ledger.positions_of(db, db.scalars(select(Voucher.id)).all()).values()
    months = [m for position in positions for m in position.months if m.month.year == TODAY.year]
    granted = sum(m.granted_cents for m in months)
    used = sum(m.used_cents for m in months)
    page = _text(_signed_in(app, "admin").get("/admin/overview").get_data(as_text=True))
    assert _euros(app, granted) in page and _euros(app, used) in page
