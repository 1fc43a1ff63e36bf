"""The service agreement as a PDF to keep (web/agreements.py `agreement_pdf`): both sides' pages link to it; it opens
for the client, for a relative acting for her and for the provider, in the reader's language, with the parties, the
terms, the history and the day it was printed; the provider's names the client only while the agreement runs (as
its page does); another provider gets 404; each PDF is one read in the client's access log, as its page is."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.builders import a_choice, an_account, an_agreement
from portal.db.models import AccessLogEntry, Client, Mandate, Plan, PlanLine, Provider, ServiceAgreement, ServiceType, User
from portal.domain.access_log import AccessAction
from portal.domain.agreements import AgreementStatus
from portal.domain.roles import Role
from tests.pages import Page
from tests.pdfs import pdf_text
from tests.web.test_agreements import _aino, _running

TODAY = date.today()
PRINTED = f"{TODAY.day}.{TODAY.month}.{TODAY.year}"


def _line(db, code: str) -> PlanLine:
    """The line of Aino's plan in force for this service."""
    return db.scalar(select(PlanLine).join(Plan).join(ServiceType).where(
        Plan.client_id == _aino(db).id, Plan.status == "accepted", ServiceType.code == code))


def _proposed(db) -> ServiceAgreement:
    """Aino's meals from Kotirinne Oy, whose terms wait for her answer; its staff sign in as "kotirinne"."""
    kotirinne = db.scalar(select(Provider).where(Provider.name == "Kotirinne Oy"))
    choice = a_choice(db, _line(db, "meals"), kotirinne, TODAY + timedelta(days=20), agreed=False)
    agreement = an_agreement(db, choice, AgreementStatus.PROPOSED, proposed_on=TODAY)
    an_account(db, Role.PROVIDER, "kotirinne", provider=kotirinne)
    db.commit()
    return agreement


def _reads(db, client_id: int) -> list[AccessLogEntry]:
    db.expire_all()
    return list(db.scalars(select(AccessLogEntry).where(AccessLogEntry.client_id == client_id,
                                                        AccessLogEntry.action == AccessAction.VIEW_AGREEMENT)
                           .order_by(AccessLogEntry.id)))


def _linked_pdf(client, page_url: str, name: str) -> str:
    """The address the agreement page's PDF link gives."""
    response = client.get(page_url)
    assert response.status_code == 200, response.status_code
    return Page(response.get_data(as_text=True)).link(name)["href"]


def _one_text(text: str) -> str:
    return " ".join(text.split())


def test_the_client_keeps_her_agreement_as_a_pdf_in_finnish_and_the_read_is_logged_once(client, db):
    agreement = _running(db)
    client.use_language("fi")
    client.sign_in("client")
    url = _linked_pdf(client, f"/plan/choices/{agreement.choice_id}/agreement", "Lataa palvelusopimus (PDF)")
    assert url == f"/plan/choices/{agreement.choice_id}/agreement.pdf"
    before = len(_reads(db, agreement.client_id))
    response = client.get(url)
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="agreement-{agreement.id}-v{agreement.version}.pdf"')
    text = pdf_text(response)
    provider = db.get(Provider, agreement.provider_id).name
    assert f"Palvelusopimus: Kotihoito, {provider}" in text and "Aino Virtanen" in text
    assert "Sovitut ehdot" in text and "Peruutusehdot" in text and _one_text(agreement.cancellation_terms) in text
    assert agreement.contact_person in text and _one_text(agreement.usual_times) in text
    assert "Sopimuksen vaiheet" in text and f"Tulostettu {PRINTED}" in text
    reads = _reads(db, agreement.client_id)
    assert len(reads) == before + 1 and reads[-1].detail == provider


def test_a_relative_acting_for_aino_reads_it_in_swedish_logged_once_under_the_mandate(client, db):
    agreement = _running(db)
    relative = db.scalar(select(User).where(User.username == "relative"))
    mandate_id = db.scalar(select(Mandate.id).where(Mandate.client_id == agreement.client_id, Mandate.status == "active",
                                                    Mandate.holder_user_id == relative.id))
    client.use_language("sv")
    client.sign_in("relative")
    token = client.csrf_token("/act-for")
    assert client.post("/act-for", data={"csrf_token": token, "whom": str(mandate_id)}).status_code == 303
    url = _linked_pdf(client, f"/plan/choices/{agreement.choice_id}/agreement", "Ladda ner serviceavtalet (PDF)")
    before = len(_reads(db, agreement.client_id))
    text = pdf_text(client.get(url))
    assert "Serviceavtal: Hemvård" in text and "Aino Virtanen" in text
    assert "Överenskomna villkor" in text and "Avbokningsvillkor" in text and "Avtalets historik" in text
    assert f"Utskrivet {PRINTED}" in text
    reads = _reads(db, agreement.client_id)
    assert len(reads) == before + 1 and reads[-1].mandate_id == mandate_id


def test_the_provider_names_the_client_only_while_the_agreement_runs_and_another_provider_gets_404(client, db):
    proposed, running = _proposed(db), _running(db)
    client.use_language("en")
    client.sign_in("kotirinne")
    url = _linked_pdf(client, f"/provider/clients/{proposed.choice_id}/agreement", "Download the agreement (PDF)")
    before = len(_reads(db, proposed.client_id))
    text = pdf_text(client.get(url))
    assert f"Client, choice no. {proposed.choice_id}" in text and "Aino" not in text and "Virtanen" not in text
    assert "Terms proposed" in text and "The provider proposed the terms (version 1)." in text
    assert "Liisa Laine" in text and f"Printed on {TODAY.day} {TODAY.strftime('%b')} {TODAY.year}" in text
    assert len(_reads(db, proposed.client_id)) == before + 1
    assert client.get(f"/provider/clients/{running.choice_id}/agreement.pdf").status_code == 404
    assert len(_reads(db, proposed.client_id)) == before + 1
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/provider/clients")})

    client.sign_in("provider")
    url = _linked_pdf(client, f"/provider/clients/{running.choice_id}/agreement", "Download the agreement (PDF)")
    before = len(_reads(db, running.client_id))
    text = pdf_text(client.get(url))
    assert "Aino Virtanen" in text and "Terms agreed" in text
    assert len(_reads(db, running.client_id)) == before + 1
    assert client.get(f"/provider/clients/{proposed.choice_id}/agreement.pdf").status_code == 404


def test_no_pdf_before_terms_are_proposed_nor_of_another_clients_choice(client, db):
    aino, pirjo = _aino(db), db.scalar(select(User).where(User.username == "provider"))
    choice = a_choice(db, _line(db, "transport"), db.get(Provider, pirjo.provider_id), TODAY + timedelta(days=10), agreed=False)
    other = db.scalar(select(Client).where(Client.id != aino.id).limit(1))
    an_account(db, Role.CLIENT, "other-client", client=other)
    db.commit()
    client.use_language("en")
    client.sign_in("client")
    page = Page(client.get(f"/plan/choices/{choice.id}/agreement").get_data(as_text=True))
    assert not page.has_link("Download the agreement (PDF)")
    assert client.get(f"/plan/choices/{choice.id}/agreement.pdf").status_code == 404
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/agreements")})
    client.sign_in("other-client")
    before = len(_reads(db, aino.id))
    assert client.get(f"/plan/choices/{_running(db).choice_id}/agreement.pdf").status_code == 404
    assert len(_reads(db, aino.id)) == before
