"""The county's decisions as the client, a relative with a mandate and the case manager read them, on a page and as a
PDF in the decision's own language; the "where to turn" page; the county's contacts; a decision's paper letter."""

from datetime import date

from sqlalchemy import func, select

from portal.db.models import AccessLogEntry, Client, County, Decision, Mandate, NotificationSetting, Plan, User
from portal.domain.access_log import AccessAction
from portal.domain.alerts import Channel
from portal.domain.decisions import from_json
from portal.domain.mandates import MandateStatus
from portal.domain.plans import PlanStatus
from tests.pages import Page
from tests.pdfs import pdf_text as _pdf_text


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _decisions_of(db, client: Client) -> list[Decision]:
    return list(db.scalars(select(Decision).where(Decision.client_id == client.id)
                           .order_by(Decision.decided_on.desc(), Decision.id.desc())))


def _page(response) -> Page:
    assert response.status_code == 200, response.status_code
    return Page(response.get_data(as_text=True))


def _reads(db, client: Client) -> list[AccessLogEntry]:
    return list(db.scalars(select(AccessLogEntry).where(AccessLogEntry.client_id == client.id,
                                                        AccessLogEntry.action == AccessAction.VIEW_DECISIONS)))


def test_the_client_reads_her_decisions_newest_first_and_the_newest_says_what_it_replaces(client, db):
    client.use_language("en")
    client.sign_in("client")
    newest, earlier = _decisions_of(db, _aino(db))
    assert Page(client.get("/plan").get_data(as_text=True)).has_link("Read the decisions on the service vouchers")
    assert Page(client.get("/overview").get_data(as_text=True)).has_link("Read the decisions on the service vouchers")
    listed = _page(client.get("/decisions"))
    assert listed.h1() == "Decisions on your service vouchers"
    rows = listed.table("Decisions, newest first")
    assert [row[0] for row in rows[1:]] == [f"Decision {newest.number}", f"Decision {earlier.number}"]
    assert rows[1][3] == earlier.number

    page = _page(client.get(listed.link(f"Decision {newest.number}")["href"]))
    content = from_json(newest.content)
    assert page.h1() == f"Decision {newest.number}"
    lead = page.soup.select_one("article.decision p")  # the first thing the decision says: what was decided
    assert lead.get_text().startswith(f"{content.county_name} myöntää sinulle palvelusetelit")
    start = content.valid_from
    assert f"korvaa {start.day}.{start.month}.{start.year} alkaen päätöksen {earlier.number}" in page.text()
    vouchers = page.table("Myönnetyt palvelusetelit")
    assert [row[0] for row in vouchers[1:]] == ["Kotihoito", "Kotipalvelu ja siivous", "Ateriapalvelu",
                                                "Kuljetuspalvelu"]
    assert "Laki sosiaali- ja terveydenhuollon palvelusetelistä (569/2009)" in page.text()
    assert "Sosiaalihuoltolaki (1301/2014)" in page.text()
    assert "Oikaisuvaatimusohje" in page.headings() and "30 päivän kuluessa" in page.text()
    assert page.has_link("Where to turn: questions, a request for review, a complaint")
    assert "Language of the decision: Finnish." in page.text()

    older = _page(client.get(f"/decisions/{earlier.id}"))
    assert f"This decision has been replaced by decision {newest.number}" in older.text()
    assert older.has_link("Read the newer decision")


def test_the_pdf_is_the_decision_with_its_number_and_review_instructions_in_the_clients_language(client, db):
    client.sign_in("client")
    decision = _decisions_of(db, _aino(db))[0]
    text = _pdf_text(client.get(f"/decisions/{decision.id}.pdf"))
    assert decision.number in text and "Aino Virtanen" in text and _aino(db).street_address in text
    assert "Oikaisuvaatimusohje" in text and "30 päivän kuluessa päätöksen tiedoksisaannista" in text
    assert "seitsemäntenä päivänä" in text and "kirjaamo@example.fi" in text


def test_a_relative_with_a_mandate_reads_a_swedish_speaking_clients_decision_in_swedish_and_is_logged_once(client, db):
    mikko = db.scalar(select(User).where(User.username == "relative"))
    swedish = _viewed_by_mikko(db, mikko)
    client.use_language("fi")
    client.sign_in("relative")
    token = client.csrf_token("/act-for")
    mandate_id = _mandate_of(db, mikko, swedish)
    assert client.post("/act-for", data={"csrf_token": token, "whom": str(mandate_id)}).status_code == 303
    decision = _decisions_of(db, swedish)[0]
    before = len(_reads(db, swedish))
    page = _page(client.get(f"/decisions/{decision.id}"))
    assert page.soup.select_one("article.decision")["lang"] == "sv"
    assert "Anvisning om begäran om omprövning" in page.headings()
    assert "Päätöksen kieli: Ruotsi." in page.text()
    db.expire_all()
    reads = _reads(db, swedish)
    assert len(reads) == before + 1 and reads[-1].mandate_id == mandate_id and reads[-1].detail == decision.number
    text = _pdf_text(client.get(f"/decisions/{decision.id}.pdf"))
    assert decision.number in text and "Anvisning om begäran om omprövning" in text
    assert "inom 30 dagar från delfåendet av beslutet" in text and "Beslut om servicesedlar" in text
    db.expire_all()
    assert len(_reads(db, swedish)) == before + 2


def _viewed_by_mikko(db, mikko: User) -> Client:
    """The Swedish-speaking client whose matters the demo relative may view."""
    return db.scalar(select(Client).join(Mandate, Mandate.client_id == Client.id).where(
        Mandate.holder_user_id == mikko.id, Mandate.status == MandateStatus.ACTIVE, Client.language == "sv"))


def _mandate_of(db, holder: User, whose: Client) -> int:
    return db.scalar(select(Mandate.id).where(Mandate.holder_user_id == holder.id, Mandate.client_id == whose.id,
                                              Mandate.status == MandateStatus.ACTIVE))


def test_another_clients_decision_is_not_found_and_nothing_is_logged(client, db):
    client.sign_in("client")
    other = db.scalar(select(Decision).where(Decision.client_id != _aino(db).id).limit(1))
    assert client.get(f"/decisions/{other.id}").status_code == 404
    assert client.get(f"/decisions/{other.id}.pdf").status_code == 404
    assert client.get("/decisions/99999999").status_code == 404
    assert _reads(db, db.get(Client, other.client_id)) == []


def test_the_case_manager_sees_her_clients_decisions_and_never_another_case_managers(client, db):
    client.use_language("en")
    client.sign_in("casemanager")
    aino = _aino(db)
    newest = _decisions_of(db, aino)[0]
    page = _page(client.get(f"/case-manager/clients/{aino.id}"))
    assert "Decisions on the service vouchers" in page.headings()
    shown = _page(client.get(page.link(f"Decision {newest.number}")["href"]))
    assert shown.h1() == f"Decision {newest.number}"
    assert newest.number in _pdf_text(client.get(f"/case-manager/clients/{aino.id}/decisions/{newest.id}.pdf"))
    assert [entry.actor.username for entry in _reads(db, aino)] == ["casemanager", "casemanager"]
    someone_elses = db.scalar(select(Client).where(Client.case_manager_id != aino.case_manager_id).limit(1))
    theirs = _decisions_of(db, someone_elses)[0]
    assert client.get(f"/case-manager/clients/{someone_elses.id}/decisions/{theirs.id}").status_code == 404
    assert client.get(f"/case-manager/clients/{aino.id}/decisions/{theirs.id}").status_code == 404


def test_where_to_turn_names_the_clients_own_case_manager_only_to_her(client, db):
    client.use_language("en")
    page = _page(client.get("/where-to-turn"))
    assert page.h1() == "Where to turn"
    assert page.headings(2)[:4] == ["Ask your case manager", "Request a review of a decision", "Make a complaint",
                                    "The social welfare ombudsman"]
    assert "kirjaamo@example.fi" in page.text() and "Liisa Laine" in page.text()
    assert "Maria Lindqvist" not in page.text()  # nobody's case manager to someone not signed in
    assert "within 30 days" in page.text() and "section 23" in page.text()
    client.sign_in("client")
    overview = _page(client.get("/overview"))
    assert dict(overview.links())["Where to turn"] == "/where-to-turn"  # in the footer of every page
    own = _page(client.get("/where-to-turn"))
    assert "Your case manager is Maria Lindqvist." in own.text() and "040 555 0101" in own.text()


def test_the_county_sets_its_contacts_and_bad_input_gets_a_clear_message(client, db):
    client.use_language("en")
    client.sign_in("admin")
    form = _page(client.get("/admin/contacts"))
    assert form.field("E-mail address of the registry office")["value"] == "kirjaamo@example.fi"
    token = client.csrf_token("/admin/contacts")
    good = {"csrf_token": token, "registry_address": "Kirjaamo\nPL 2000\n65101 VAASA",
            "registry_email": "kirjaamo@vaasa.example", "registry_phone": "", "review_body_fi": "Jaosto",
            "review_body_sv": "Sektionen", "ombudsman_name": "Oona Ojala",
            "ombudsman_phone": "+358 6 555 0300", "ombudsman_email": "", "staff_support_phone": "(06) 555-0400"}
    bad = {**good, "registry_email": "not an address", "ombudsman_phone": "call me", "review_body_sv": "x" * 301,
           "ombudsman_name": "  "}
    response = client.post("/admin/contacts", data=bad)
    errors = [message for message, _href in _page(response).error_summary()]
    assert errors == ["Enter an email address in the correct format, like name@example.fi",
                      "Use at most 300 characters", "Enter the name of the social welfare ombudsman",
                      "Enter a phone number with digits, spaces and the characters + - ( ) only, like 06 555 0200"]
    assert _page(response).title().startswith("Error: ")
    db.expire_all()
    assert db.scalar(select(County)).registry_email == "kirjaamo@example.fi"  # nothing was saved
    assert client.post("/admin/contacts", data=good).status_code == 303
    db.expire_all()
    county = db.scalar(select(County))
    assert (county.registry_email, county.ombudsman_name, county.registry_phone) == ("kirjaamo@vaasa.example",
                                                                                    "Oona Ojala", "")
    assert "Oona Ojala" in _page(client.get("/where-to-turn")).text()


def test_only_the_county_staff_set_the_contacts(client):
    client.sign_in("casemanager")
    assert client.get("/admin/contacts").status_code == 403
    assert client.post("/admin/contacts", data={"csrf_token": client.csrf_token("/where-to-turn")}).status_code == 403


def test_accepting_a_plan_prints_the_whole_decision_for_a_client_who_chose_letters(client, db):
    aino_account = db.scalar(select(User).where(User.username == "client"))
    db.add(NotificationSetting(user_id=aino_account.id, channel=Channel.LETTER, language="fi"))
    db.commit()
    client.use_language("en")
    client.sign_in("client")
    proposal = db.scalar(select(Plan).where(Plan.client_id == _aino(db).id, Plan.status == PlanStatus.PROPOSED))
    token = client.csrf_token("/plan/proposal")
    assert client.post("/plan/proposal", data={"csrf_token": token, "decision": "accept",
                                               "plan": proposal.id}).status_code == 303
    decision = db.scalar(select(Decision).where(Decision.plan_id == proposal.id))
    assert decision.decided_on == date.today()
    assert db.scalar(select(func.count()).select_from(Decision).where(Decision.plan_id == proposal.id)) == 1
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/overview")})
    client.sign_in("admin")
    made = client.post("/admin/letters/batch", data={"csrf_token": client.csrf_token("/admin/letters")})
    batch = _page(client.get(made.location))
    letter = batch.soup.select_one("article.letter--decision")
    assert decision.number in letter.get_text() and "Oikaisuvaatimusohje" in letter.get_text()
    assert _aino(db).street_address in letter.get_text()
