"""Easy language for issue 16: what waits for the reader is said first on the overview (a service agreement to
answer, the services of an ended month to confirm, with the last day) with links; the providers read the quality
facts the county approved; who sees the client's data has an easy page. For the client and a relative acting for
her, in Finnish and Swedish read easy, and in English (which has no easy version: the standard overview says the
same). Every sentence keeps to the easy-language limits (tests/web/test_easy_language.py)."""

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update

from portal.db.models import Provider, ServiceAgreement, ServiceEvent, Voucher
from portal.domain.agreements import AgreementStatus
from portal.domain.quality import visits_of_ten
from portal.services import disputes, quality
from portal.web import labels
from portal.web.i18n import date_long, date_numeric, month_name, month_of
from tests.web.test_easy_language import _aino, _is_easy, _line, _names, _read, _reader, readability_problems
from tests.web.test_whose_words import names_the_client, owner_words

TODAY = date.today()
AGREEMENT = {("client", "fi"): "Palveluntuottaja ehdottaa sopimusta. Lue ja vastaa.",
             ("client", "sv"): "En serviceproducent föreslår ett avtal. Läs och svara.",
             ("relative", "fi"): "Aino Virtanen: palveluntuottaja ehdottaa sopimusta. Lue ja vastaa.",
             ("relative", "sv"): "Aino Virtanen: en serviceproducent föreslår ett avtal. Läs och svara."}
CONFIRM = {"fi": "Tarkista ja vahvista {month} palvelut.", "sv": "Kontrollera och bekräfta tjänsterna från {month}."}
LAST_DAY = {"fi": "Viimeinen päivä on {date}.", "sv": "Sista dagen är {date}."}
NO_FACTS = {"fi": "Tarkistettuja laatutietoja ei ole vielä.", "sv": "Det finns inga kontrollerade uppgifter"}
CONTINUITY = {"fi": ("Samat työntekijät käyvät {num} kerran 10:stä.",  # singular, plural
                     "Samat työntekijät käyvät {num} kertaa 10:stä."),
              "sv": ("Samma personal kommer {num} gång av 10.", "Samma personal kommer {num} gånger av 10.")}
COMPLAINTS = {"fi": "Vuonna {year} asiakkaat tekivät {received} muistutu",
              "sv": "År {year} gjorde klienterna {received} anmärkning"}
ENTRANCE = {("fi", True): "Sisäänkäynnillä ei ole portaita.", ("fi", False): "Sisäänkäynnillä on portaita.",
            ("sv", True): "Entrén har inga trappsteg.", ("sv", False): "Entrén har trappsteg."}
PARKING = {("fi", True): "Siellä on pysäköintipaikka.", ("fi", False): "Siellä ei ole pysäköintipaikkaa.",
           ("sv", True): "Där finns parkering.", ("sv", False): "Där finns ingen parkering."}
SHARING = {("client", "fi"): "Katso, mitä palveluntuottajat näkevät sinusta",
           ("client", "sv"): "Se vad serviceproducenterna ser om dig",
           ("relative", "fi"): "Katso, mitä palveluntuottajat näkevät: Aino Virtanen",
           ("relative", "sv"): "Se vad serviceproducenterna ser om Aino Virtanen"}


def _proposed(db) -> ServiceAgreement:
    """Aino's latest accepted agreement, proposed again by the provider and waiting for her answer."""
    agreement = db.scalar(select(ServiceAgreement).where(ServiceAgreement.client_id == _aino(db).id,
                                                         ServiceAgreement.status == AgreementStatus.ACCEPTED)
                          .order_by(ServiceAgreement.id.desc()))
    assert agreement is not None
    db.execute(update(ServiceAgreement).where(ServiceAgreement.id == agreement.id)
               .values(status=AgreementStatus.PROPOSED.value, accepted_at=None))
    db.commit()
    return agreement


def _nothing_waits(db) -> None:
    """Aino has answered every agreement and confirmed every service."""
    aino = _aino(db).id
    db.execute(update(ServiceAgreement).where(ServiceAgreement.client_id == aino,
                                              ServiceAgreement.status == AgreementStatus.PROPOSED)
               .values(status=AgreementStatus.CHANGES_ASKED.value))
    vouchers = select(Voucher.id).where(Voucher.client_id == aino)
    db.execute(update(ServiceEvent).where(ServiceEvent.voucher_id.in_(vouchers), ServiceEvent.confirmed_at.is_(None))
               .values(confirmed_at=datetime.now(UTC)))
    db.commit()


def _said(soup: BeautifulSoup) -> str:
    return " ".join(soup.main.get_text(" ").split())


def _notices(soup: BeautifulSoup) -> list[str]:
    return [" ".join(notice.get_text(" ").split()) for notice in soup.select("main .notice")]


def _hrefs(soup: BeautifulSoup) -> set[str]:
    return {a["href"] for a in soup.select("main a[href]")}


@pytest.mark.parametrize("who", ["client", "relative"])
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_easy_overview_says_first_what_waits_with_links(app, db, who, language):
    agreement = _proposed(db)
    months = disputes.waiting_months(db, _aino(db).id, TODAY)
    assert months, "the demo has ended months with services to confirm"
    reader = _reader(app, db, who, language)
    soup = _read(reader, "/overview")
    assert _is_easy(soup)
    notices = _notices(soup)
    lead = soup.select_one("main p.lead")
    first = soup.select("main .notice")
    assert first and lead and first[0].find_next("p", class_="lead") is lead, "what waits comes before the figures"
    assert any(notice.startswith(AGREEMENT[who, language]) for notice in notices), notices
    links = _hrefs(soup)
    assert f"/plan/choices/{agreement.choice_id}/agreement" in links
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        for waiting in months:
            shown = disputes.services_to_confirm(db, _aino(db).id, waiting.month, TODAY)
            assert waiting.services == len(shown.waiting) and waiting.last_day == shown.last_day  # the month's page
            said = " ".join(notices)
            assert CONFIRM[language].format(month=month_of(waiting.month)) in said, (said, waiting)
            assert LAST_DAY[language].format(date=date_long(waiting.last_day)) in said
            assert f"/services-to-confirm?month={waiting.month:%Y-%m}" in links
    assert {"/agreements", "/sharing", "/services-to-confirm"} <= links
    assert SHARING[who, language] in _said(soup)
    assert not readability_problems(soup.main, _names(app, db), language)
    if who == "relative":
        assert not owner_words(str(soup), language) and names_the_client(str(soup))


@pytest.mark.parametrize("who", ["client", "relative"])
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_nothing_is_said_when_nothing_waits(app, db, who, language):
    _nothing_waits(db)
    soup = _read(_reader(app, db, who, language), "/overview")
    assert _is_easy(soup)
    said = _said(soup)
    assert AGREEMENT[who, language].split(". ")[0] not in said
    assert CONFIRM[language].split(" {")[0] not in said and LAST_DAY[language].split(" {")[0] not in said
    assert not any("services-to-confirm?month=" in href for href in _hrefs(soup))
    assert {"/agreements", "/sharing", "/services-to-confirm"} <= _hrefs(soup)  # the links stay


@pytest.mark.parametrize("who", ["client", "relative"])
def test_english_reads_the_same_on_the_standard_overview(app, db, who):
    """English has no easy version: the standard overview says what waits, and names Aino to her relative."""
    agreement = _proposed(db)
    months = disputes.waiting_months(db, _aino(db).id, TODAY)
    reader = _reader(app, db, who, "en")  # easy language chosen, but English is read as it is
    soup = _read(reader, "/overview")
    assert not _is_easy(soup)
    said = " ".join(_notices(soup))
    mine = who == "client"
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        service = labels.service_name(agreement.choice.plan_line.service_type.code)
    assert (f"{agreement.provider.name} has proposed a service agreement: {service}." if mine else
            f"{agreement.provider.name} has proposed a service agreement to Aino Virtanen: {service}.") in said, said
    assert "Read it, and accept it or ask for changes." in said  # the demo's relative acts for Aino
    assert f"/plan/choices/{agreement.choice_id}/agreement" in _hrefs(soup)
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        for waiting in months:
            got = "you got in" if mine else "Aino Virtanen got in"
            assert f"The services {got} {month_name(waiting.month)} wait for" in said, said
            assert f"Confirm or dispute them by {date_numeric(waiting.last_day)}." in said
            assert f"/services-to-confirm?month={waiting.month:%Y-%m}" in _hrefs(soup)
    if not mine:
        assert not owner_words(str(soup), "en")
    _nothing_waits(db)
    said = " ".join(_notices(_read(reader, "/overview")))
    assert "service agreement" not in said and "wait for" not in said, said


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_easy_providers_read_the_approved_quality_facts(app, db, language):
    line = _line(db, "home_care")
    reader = _reader(app, db, "client", language)
    soup = _read(reader, f"/plan/lines/{line.id}/providers")
    cards = {card.find("h3").get_text(" ", strip=True): " ".join(card.get_text(" ").split())
             for card in soup.select("main .card")}
    named = dict(db.execute(select(Provider.id, Provider.name).where(Provider.name.in_(cards))).all())
    assert len(named) == len(cards) > 1
    checked = 0
    for provider_id, each in quality.shown_for(db, list(named), TODAY).items():
        text = cards[named[provider_id]]
        q = each.approved
        if q is None:
            assert NO_FACTS[language] in text
            continue
        if q.continuity_percent is not None:
            tenths = visits_of_ten(q.continuity_percent)
            assert CONTINUITY[language][tenths != 1].format(num=tenths) in text
            checked += 1
        if q.complaints:
            latest = max(q.complaints, key=lambda row: row["year"])
            assert COMPLAINTS[language].format(**latest) in text
            checked += 1
        for office in each.offices:
            for told, sentences in ((office.step_free_entrance, ENTRANCE), (office.parking, PARKING)):
                if told is not None:
                    assert sentences[language, told] in text
                    checked += 1
    assert checked >= 8, checked
    assert not readability_problems(soup.main, _names(app, db), language)


@pytest.mark.parametrize("who", ["client", "relative"])
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_who_sees_the_clients_data_reads_easy(app, db, who, language):
    reader = _reader(app, db, who, language, easy=False)
    standard = _read(reader, "/sharing")
    assert not _is_easy(standard) and standard.select_one(".reading-switch a")
    reader.set_cookie("reading", "easy")
    soup = _read(reader, "/sharing")
    assert _is_easy(soup) and soup.html["lang"] == language
    standard_names = {h2.get_text(strip=True) for h2 in standard.select("main .card h2")}
    assert standard_names and {h2.get_text(strip=True) for h2 in soup.select("main .card h2")} == standard_names
    assert not readability_problems(soup.main, _names(app, db), language)
    if who == "relative":
        assert not owner_words(str(soup), language) and names_the_client(str(soup))
