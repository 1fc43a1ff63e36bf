"""The help at the foot of every page fits whoever reads it (templates/components/help.html): the public, the client
and a relative keep the advice line (a relative acting for a client reads the client's name, not "your"); a case
manager, a provider and the county's staff are told whom to ask in their own work, and never read the client's
advice. In Finnish, Swedish and English, with the county's own contacts."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal.db.models import Client, County, Mandate
from portal.domain.mandates import MandateStatus
from tests.pages import Page

ADVICE = "Call the personal budget advice line on %(phone)s, Monday to Friday from 9 to 15, or email %(email)s."
YOUR_CASE_MANAGER = "Your case manager also helps you with your plan and your budget."
NAMED_CASE_MANAGER = "%(name)s's case manager also helps with the plan and the budget."
CASE_MANAGER = [
    "If you have questions about the portal or the rules of the personal budget, email the county's personal budget "
    "team at %(email)s.",
    "Your clients and their relatives can call the advice line on %(phone)s, Monday to Friday from 9 to 15.",
]
PROVIDER = [
    "If you have questions about approval, prices, recording services, settlements or the portal, call the county's "
    "personal budget team on %(phone)s or email %(email)s.",
    "Refer your clients to their case manager with questions about their plan or their budget.",
]
COUNTY = [
    "For a fault in the portal, contact the county's IT support and tell them the address of the page and the time.",
    "Clients, relatives and providers see the advice line %(phone)s and the address %(email)s at the foot of their "
    "pages.",
]
HELP = {  # who reads, on which page: the sentences of their help
    "public": ("/sign-in", [ADVICE, YOUR_CASE_MANAGER]),
    "client": ("/overview", [ADVICE, YOUR_CASE_MANAGER]),
    "relative": ("/my-mandates", [ADVICE]),
    "relative acting for Aino": ("/overview", [ADVICE, NAMED_CASE_MANAGER]),
    "casemanager": ("/case-manager/clients", CASE_MANAGER),
    "provider": ("/provider/clients", PROVIDER),
    "admin": ("/admin/overview", COUNTY),
}
EVERY_SENTENCE = {sentence for _, sentences in HELP.values() for sentence in sentences}
LANGUAGES = ["fi", "sv", "en"]


def _help(response) -> str:
    section = Page(response.get_data(as_text=True)).soup.select_one("footer section.help")
    assert section is not None, "no help at the foot of the page"
    return " ".join(section.get_text(" ").split())


def _say(app, language: str, sentence: str, county: County) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(sentence, phone=county.advice_phone, email=county.advice_email, name="Aino Virtanen")


def _sign_in(client, db, reader: str) -> None:
    if reader == "public":
        return
    client.sign_in(reader.split()[0])
    if reader == "relative acting for Aino":
        mandate = db.scalar(select(Mandate).join(Client, Mandate.client_id == Client.id)
                            .where(Client.client_number == "A0000001", Mandate.status == MandateStatus.ACTIVE))
        client.post("/act-for", data={"csrf_token": client.csrf_token("/act-for"), "whom": str(mandate.id)})


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("reader", HELP)
def test_each_reader_gets_the_help_for_their_work_and_not_anothers(app, client, db, reader, language):
    county = db.scalar(select(County))
    client.use_language(language)
    _sign_in(client, db, reader)
    path, sentences = HELP[reader]
    response = client.get(path)
    assert response.status_code == 200
    shown = _help(response)
    for sentence in sentences:
        assert _say(app, language, sentence, county) in shown, f"{reader} should read {sentence!r}: {shown}"
    for sentence in EVERY_SENTENCE - set(sentences):
        assert _say(app, language, sentence, county) not in shown, f"{reader} should not read {sentence!r}: {shown}"


def test_the_staffs_help_names_the_countys_own_contacts(app, client, db):
    county = db.scalar(select(County))
    county.advice_phone, county.advice_email = "09 123 4567", "tuki@hyvinvointialue.example"
    db.commit()
    client.use_language("en")
    for reader in ("casemanager", "provider", "admin"):
        client.sign_in(reader)
        shown = _help(client.get(HELP[reader][0]))
        assert "tuki@hyvinvointialue.example" in shown and "09 123 4567" in shown, shown
        client.post("/sign-out", data={"csrf_token": client.csrf_token(HELP[reader][0])})
