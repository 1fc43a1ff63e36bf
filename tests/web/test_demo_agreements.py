"""The demo's service agreements in the making: terms waiting for Aino's answer (she and Mikko are told), and a
client who asked the demo account's provider for changes, which the provider reads before proposing again."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.db.models import AgreementHistory, Alert, Client, ServiceAgreement, User
from portal.domain.agreements import AgreementStatus, AgreementStep, Party
from portal.domain.alerts import AlertKind
from portal.domain.plans import next_month
from tests.pages import Page

TODAY = date.today()


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _in_status(db, status: AgreementStatus) -> list[ServiceAgreement]:
    return list(db.scalars(select(ServiceAgreement).where(ServiceAgreement.status == status)))


def _steps(db, agreement: ServiceAgreement) -> list[tuple[str, str]]:
    return [(step.step, step.party) for step in db.scalars(
        select(AgreementHistory).where(AgreementHistory.agreement_id == agreement.id).order_by(AgreementHistory.id))]


def _page(response) -> Page:
    assert response.status_code == 200, response.status_code
    return Page(response.get_data(as_text=True))


def test_terms_wait_for_ainos_answer_and_she_and_mikko_are_told(client, db):
    [waiting] = _in_status(db, AgreementStatus.PROPOSED)
    assert waiting.client_id == _aino(db).id and waiting.provider.name == "Vaasan Kotipalvelu Oy"
    assert waiting.choice.plan_line.service_type.code == "home_help" and waiting.starts_on == next_month(TODAY)
    assert waiting.unit_price_cents > waiting.own_share_cents > 0  # copied from the approved price and the voucher
    assert _steps(db, waiting) == [(AgreementStep.PROPOSED, Party.PROVIDER)]
    ending = db.scalar(select(ServiceAgreement).where(ServiceAgreement.client_id == waiting.client_id,
                                                      ServiceAgreement.ends_on == waiting.starts_on - timedelta(days=1)))
    assert ending.choice.plan_line_id == waiting.choice.plan_line_id and ending.choice.valid_to == ending.ends_on
    assert _steps(db, ending)[-1] == (AgreementStep.NOTICE_GIVEN, Party.PORTAL)  # ended by the new choice
    told = db.scalars(select(User.username).join(Alert, Alert.user_id == User.id).where(
        Alert.kind == AlertKind.AGREEMENT_PROPOSED, Alert.event_key == f"agreement-proposed:{waiting.id}:1"))
    assert sorted(told) == ["client", "relative"]

    client.use_language("en")
    client.sign_in("client")
    assert "Home help and cleaning: the provider proposes a service agreement." in _page(client.get("/notifications")).text()
    listed = _page(client.get("/agreements"))
    link = listed.link("Home help and cleaning: Vaasan Kotipalvelu Oy")
    assert link["href"] == f"/plan/choices/{waiting.choice_id}/agreement"
    page = _page(client.get(link["href"]))
    assert "Waiting for the client's answer" in page.text() and "Raili Kallio" in page.text()
    assert page.soup.find("form", action=link["href"]) is not None  # her answer's form


def test_the_demo_provider_reads_the_changes_a_client_asked_for(client, db):
    [asked] = _in_status(db, AgreementStatus.CHANGES_ASKED)
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    assert asked.provider_id == provider_id and asked.client_id != _aino(db).id
    assert asked.choice.status == "accepted" and asked.starts_on == next_month(TODAY)
    assert _steps(db, asked) == [(AgreementStep.PROPOSED, Party.PROVIDER), (AgreementStep.CHANGES_ASKED, Party.CLIENT)]

    client.use_language("en")
    client.sign_in("provider")
    url = f"/provider/clients/{asked.choice_id}/agreement"
    clients = _page(client.get("/provider/clients?status=accepted"))
    card = clients.soup.find(id=f"choice-{asked.choice_id}")
    assert card.find("a", href=url).get_text().startswith("Propose the terms")
    assert "Service agreement: The client asked for changes." in card.get_text(" ", strip=True)
    assert any("Service agreement: In force." in other.get_text(" ", strip=True)
               for other in clients.soup.select("li.card"))  # the others' agreements run
    page = _page(client.get(url))
    assert "The client asked for changes. Waiting for the provider's new proposal." in page.text()
    assert "The client asked for these changes: Voisivatko käynnit olla iltapäivisin?" in page.text()
    assert asked.client.last_name not in page.text()  # no agreement runs yet: the client is not named
    assert page.soup.find("form", action=url) is not None and "Propose the terms again" in page.headings(2)
