"""The service agreement's steps on the timeline that the client and the case manager read: proposed, accepted,
notice given with its last day and the last day still to come; the old provider's agreement ended on the day
before the switch; read in as many queries with more agreements as with fewer."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.builders import a_choice, an_agreement
from portal.db.models import Provider, ProviderChoice, ServiceAgreement, User
from portal.domain.agreements import AgreementStatus, Party
from portal.services import agreements
from portal.services.timeline import timeline_of
from tests.pages import Page
from tests.web.test_timeline import _aino, _en, _line, _steps
from tests.queries import queries_sent

TODAY = date.today()


def _numeric(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _home_care(db) -> tuple[ServiceAgreement, ServiceAgreement]:
    """Aino's agreements for home care: with the provider before the switch, and with the demo provider now."""
    choices = db.scalars(select(ProviderChoice).where(ProviderChoice.plan_line_id == _line(db, "home_care").id)
                         .order_by(ProviderChoice.valid_from)).all()
    return tuple(agreements.agreement_for(db, choice) for choice in choices)


def _notice_from_the_provider(db) -> date:
    _before, now = _home_care(db)
    last_day = TODAY + timedelta(days=60)
    pirjo = db.scalar(select(User).where(User.username == "provider"))
    agreements.give_notice(db, now, pirjo, Party.PROVIDER, last_day, "", TODAY)
    db.commit()
    return last_day


def test_the_client_and_the_case_manager_read_the_agreements_steps(client, db):
    last_day = _notice_from_the_provider(db)
    before, now = _home_care(db)
    earlier = db.get(Provider, before.provider_id).name
    client.use_language("en")
    client.sign_in("client")
    page = Page(client.get("/plan/timeline").get_data(as_text=True))
    happened = [words for _day, words in _steps(page, "What has happened")]
    story = ["Aurinko Kotiapu Oy proposed a service agreement for home care.",
             "The service agreement for home care with Aurinko Kotiapu Oy was accepted.",
             "Aurinko Kotiapu Oy started home care.",
             f"Aurinko Kotiapu Oy gave notice to end the service agreement for home care on {_en(last_day)}."]
    found = [next((i for i, text in enumerate(happened) if text.endswith(sentence)), None) for sentence in story]
    assert None not in found and found == sorted(found), happened
    ended = f"The service agreement for home care with {earlier} ended."
    assert any(text.endswith(ended) for text in happened)
    assert not any("Notice was given" in text and earlier in text for text in happened)  # the switch tells it
    upcoming = _steps(page, "What is still to come")
    assert (last_day.isoformat(), f"{_en(last_day)} "
            "The service agreement for home care with Aurinko Kotiapu Oy ends.") in upcoming

    client.post("/sign-out", data={"csrf_token": client.csrf_token("/plan/timeline")})
    client.use_language("fi")
    client.sign_in("casemanager")
    page = Page(client.get(f"/case-manager/clients/{_aino(db).id}/timeline").get_data(as_text=True))
    words = " ".join(text for _day, text in _steps(page, "Mitä on tapahtunut"))
    assert "Aurinko Kotiapu Oy ehdotti kotihoidon palvelusopimusta." in words
    assert "Kotihoidon palvelusopimus palveluntuottajan Aurinko Kotiapu Oy kanssa hyväksyttiin." in words
    assert f"Aurinko Kotiapu Oy irtisanoi kotihoidon palvelusopimuksen päättymään {_numeric(last_day)}." in words
    ending = [text for day, text in _steps(page, "Mitä on vielä tulossa") if day == last_day.isoformat()]
    assert len(ending) == 1 and ending[0].endswith(  # her home help's agreement ends first, at the month's end
        "Kotihoidon palvelusopimus palveluntuottajan Aurinko Kotiapu Oy kanssa päättyy."), ending


def test_changes_asked_and_a_new_proposal_are_told_in_swedish(client, db):
    kotirinne = db.scalar(select(Provider).where(Provider.name == "Kotirinne Oy"))
    choice = a_choice(db, _line(db, "transport"), kotirinne, TODAY + timedelta(days=10), agreed=False,
                      chosen_on=TODAY - timedelta(days=3))
    an_agreement(db, choice, AgreementStatus.CHANGES_ASKED, changes_asked="Tisdagar passar bättre.",
                 proposed_on=TODAY - timedelta(days=1))
    db.commit()
    client.use_language("sv")
    client.sign_in("client")
    page = Page(client.get("/plan/timeline").get_data(as_text=True))
    words = [text for _day, text in _steps(page, "Vad som har hänt")]
    assert any(text.endswith("Kotirinne Oy föreslog ett serviceavtal för färdtjänsten.") for text in words), words
    assert any(text.endswith("Ändringar begärdes i serviceavtalet för färdtjänsten som Kotirinne Oy föreslog.")
               for text in words), words


def test_more_agreements_and_steps_add_no_query(db):
    aino = _aino(db)

    def queries() -> int:
        return queries_sent(db, lambda: timeline_of(db, aino.id, TODAY))

    before = queries()
    _notice_from_the_provider(db)
    kotirinne = db.scalar(select(Provider).where(Provider.name == "Kotirinne Oy"))
    an_agreement(db, a_choice(db, _line(db, "transport"), kotirinne, TODAY + timedelta(days=10), agreed=False),
                 AgreementStatus.CHANGES_ASKED, changes_asked="Evenings", proposed_on=TODAY)
    db.flush()
    assert queries() == before <= 7
