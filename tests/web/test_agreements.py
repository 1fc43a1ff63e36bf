"""The agreement pages: the provider proposes (with errors first), the client accepts, a relative reads and acts
with an acting mandate only, another provider or client gets 404, and every read is logged."""

from datetime import date, timedelta

from sqlalchemy import select, update

from portal.builders import an_account
from portal.db.models import AccessLogEntry, AgreementHistory, Client, Mandate, Provider, ProviderChoice, ServiceAgreement, User
from portal.domain.access_log import AccessAction
from portal.domain.agreements import AgreementStatus, AgreementStep, Party
from portal.domain.roles import Role
from tests.pages import Page

TODAY = date.today()


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _running(db) -> ServiceAgreement:
    """Aino's agreement with the demo provider, who serves her home care now."""
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    return db.scalar(select(ServiceAgreement).join(ProviderChoice, ServiceAgreement.choice_id == ProviderChoice.id)
                     .where(ServiceAgreement.client_id == _aino(db).id, ServiceAgreement.provider_id == provider_id,
                            ProviderChoice.valid_to.is_(None)))


def _asked_for_changes(db) -> ServiceAgreement:
    agreement = _running(db)
    db.execute(update(ServiceAgreement).where(ServiceAgreement.id == agreement.id)
               .values(status=AgreementStatus.CHANGES_ASKED.value, accepted_at=None))
    db.add(AgreementHistory(agreement_id=agreement.id, step=AgreementStep.CHANGES_ASKED, version=1, party=Party.CLIENT,
                            message="Evenings would suit me better."))
    db.commit()
    return agreement


def _user_id(db, username: str) -> int:
    return db.scalar(select(User.id).where(User.username == username))


def _page(response) -> Page:
    assert response.status_code == 200, response.status_code
    return Page(response.get_data(as_text=True))


def _reads(db, action: AccessAction) -> int:
    return len(db.scalars(select(AccessLogEntry.id).where(AccessLogEntry.client_id == _aino(db).id,
                                                          AccessLogEntry.action == action)).all())


def _proposal(**changed) -> dict:
    return {"starts_on": f"{TODAY.day}.{TODAY.month}.{TODAY.year}", "usual_times": "Mornings",
            "contact_person": "Liisa Laine", "contact_phone": "040 123 4567",
            "cancellation_terms": "By noon the day before.", "notice_days": "14", "version": "1"} | changed


def test_the_provider_proposes_again_and_the_client_accepts(client, db):
    agreement = _asked_for_changes(db)
    client.use_language("en")
    client.sign_in("provider")
    url = f"/provider/clients/{agreement.choice_id}/agreement"
    page = _page(client.get(url))
    assert "Evenings would suit me better." in page.text()
    token = client.csrf_token(url)
    refused = client.post(url, data=_proposal(csrf_token=token, contact_person=" ", notice_days="91"))
    assert refused.status_code == 200
    assert Page(refused.get_data(as_text=True)).title().startswith("Error:")
    db.expire_all()
    assert db.get(ServiceAgreement, agreement.id).version == 1
    assert client.post(url, data=_proposal(csrf_token=token)).status_code == 303
    db.expire_all()
    assert (db.get(ServiceAgreement, agreement.id).status, db.get(ServiceAgreement, agreement.id).version) == (
        AgreementStatus.PROPOSED, 2)
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/provider/clients")})

    client.sign_in("client")
    mine = f"/plan/choices/{agreement.choice_id}/agreement"
    page = _page(client.get(mine))
    assert "Liisa Laine" in page.text() and "Waiting for the client's answer" in page.text()
    token = client.csrf_token(mine)
    missing = client.post(mine, data={"csrf_token": token, "answer": "changes", "message": "", "version": "2"})
    assert missing.status_code == 400
    stale = client.post(mine, data={"csrf_token": token, "answer": "accept", "version": "1"})
    assert stale.status_code == 303
    db.expire_all()
    assert db.get(ServiceAgreement, agreement.id).status == AgreementStatus.PROPOSED
    assert client.post(mine, data={"csrf_token": token, "answer": "accept", "version": "2"}).status_code == 303
    db.expire_all()
    assert db.get(ServiceAgreement, agreement.id).status == AgreementStatus.ACCEPTED
    assert _reads(db, AccessAction.ACCEPT_AGREEMENT) == 1  # the stale answer changed nothing and is not logged
    assert _reads(db, AccessAction.VIEW_AGREEMENT) >= 2  # the provider's read and the client's
    listed = page.h1().split(": ", 1)[1].replace(", ", ": ", 1)  # "Home care: <the provider>"
    assert _page(client.get("/agreements")).link(listed) is not None


def test_another_provider_or_another_client_gets_404(client, db):
    agreement = _running(db)
    other_provider = db.scalar(select(Provider).where(Provider.id != agreement.provider_id).limit(1))
    an_account(db, Role.PROVIDER, "other-provider", provider=other_provider)
    other_client = db.scalar(select(Client).where(Client.id != agreement.client_id))
    an_account(db, Role.CLIENT, "other-client", client=other_client)
    db.commit()
    client.sign_in("other-provider")
    assert client.get(f"/provider/clients/{agreement.choice_id}/agreement").status_code == 404
    assert client.get(f"/provider/clients/{agreement.choice_id}/agreement/notice").status_code == 404
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/provider/clients")})
    client.sign_in("other-client")
    assert client.get(f"/plan/choices/{agreement.choice_id}/agreement").status_code == 404
    assert client.get(f"/plan/choices/{agreement.choice_id}/agreement/notice").status_code == 404


def test_a_relative_with_a_view_mandate_reads_but_cannot_accept(client, db):
    agreement = _asked_for_changes(db)
    db.execute(update(ServiceAgreement).where(ServiceAgreement.id == agreement.id)
               .values(status=AgreementStatus.PROPOSED.value))
    db.execute(update(Mandate).where(Mandate.client_id == agreement.client_id, Mandate.status == "active")
               .values(scope="view"))
    db.commit()
    client.use_language("en")
    client.sign_in("relative")
    token = client.csrf_token("/act-for")
    mandate_id = db.scalar(select(Mandate.id).where(Mandate.client_id == agreement.client_id, Mandate.status == "active",
                                                    Mandate.holder_user_id == _user_id(db, "relative")))
    assert client.post("/act-for", data={"csrf_token": token, "whom": str(mandate_id)}).status_code == 303
    url = f"/plan/choices/{agreement.choice_id}/agreement"
    page = _page(client.get(url))
    assert "Aino Virtanen" in page.text() and "not answer it" in page.text()
    response = client.post(url, data={"csrf_token": token, "answer": "accept", "version": "1"})
    assert response.status_code == 403
    db.expire_all()
    assert db.get(ServiceAgreement, agreement.id).status == AgreementStatus.PROPOSED


def test_notice_from_the_client_shows_the_earliest_day_and_ends_the_agreement(client, db):
    agreement = _running(db)
    client.use_language("en")
    client.sign_in("client")
    url = f"/plan/choices/{agreement.choice_id}/agreement/notice"
    page = _page(client.get(url))
    earliest = TODAY + timedelta(days=agreement.notice_days)
    assert "The earliest last day is" in page.text()
    token = client.csrf_token(url)
    too_soon = earliest - timedelta(days=1)
    refused = client.post(url, data={"csrf_token": token, "last_day": f"{too_soon.day}.{too_soon.month}.{too_soon.year}"})
    assert refused.status_code == 200 and "at the earliest" in Page(refused.get_data(as_text=True)).text()
    done = client.post(url, data={"csrf_token": token, "last_day": f"{earliest.day}.{earliest.month}.{earliest.year}",
                                  "reason": "Moving"})
    assert done.status_code == 303
    db.expire_all()
    assert db.get(ServiceAgreement, agreement.id).ends_on == earliest
    assert _reads(db, AccessAction.END_AGREEMENT) == 1
