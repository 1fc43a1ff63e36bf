"""What the agreement pages ask of the services, for the provider and for the client's side (the client or a
relative acting for them): one use case for each view. The client's side is logged by its pages
(`client_data`); the provider's steps are logged here, in their own transaction."""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from portal.db.models import ProviderChoice, ServiceAgreement, User
from portal.domain.access_log import AccessAction
from portal.domain.agreements import AgreementError, Party, ProposedTerms, earliest_end, runs
from portal.services import access_log, agreements, provider_work, sharing
from portal.services.agreements import Answered, Price
from portal.services.work import use_case


@dataclass(frozen=True)
class AgreementPage:
    choice: ProviderChoice
    agreement: ServiceAgreement | None
    price: Price | None  # what a proposal made today would carry, at the price on its first possible day
    earliest_end: date | None  # the first last day notice given today can make; None: it cannot be ended
    today: date
    seen: object | None = None  # the client as the provider may see them (services/sharing.py): its pages only

    @property
    def client_id(self) -> int:
        return self.choice.plan_line.plan.client_id

    @property
    def runs(self) -> bool:
        return self.agreement is not None and runs(self.agreement.status, self.agreement.ends_on, self.today)

    @property
    def history(self) -> list:
        return self.agreement.history if self.agreement else []


def _page(db: Session, choice: ProviderChoice | None, today: date) -> AgreementPage | None:
    if choice is None:
        return None
    agreement = agreements.agreement_for(db, choice)
    first_day = max(today, choice.valid_from)
    ending = None
    if agreement is not None and runs(agreement.status, agreement.ends_on, today):
        ending = earliest_end(today, agreement.starts_on, agreement.notice_days)
    return AgreementPage(choice, agreement, agreements.price_on(db, choice, first_day), ending, today)


@use_case
def provider_agreement(db: Session, provider_id: int, choice_id: int, today: date) -> AgreementPage | None:
    """A client's agreement as the provider sees it; None when not the provider's client."""
    page = _page(db, provider_work.choice_of(db, provider_id, choice_id, today), today)
    return page and replace(page, seen=sharing.as_seen(db, provider_id, [page.choice], today)[0])


@use_case
def propose(db: Session, user: User, choice_id: int, terms: ProposedTerms, seen_version: int | None,
            today: date) -> ServiceAgreement | None:
    """The provider's terms for its client, logged in the client's access log; None when not its client;
    AgreementError with nothing saved."""
    choice = provider_work.choice_of(db, user.provider_id, choice_id, today)
    if choice is None:
        return None
    agreement = agreements.propose(db, choice, user, terms, today, seen_version)
    access_log.record(db, user, agreement.client_id, AccessAction.PROPOSE_AGREEMENT, detail=f"v{agreement.version}")
    return agreement


@use_case
def provider_notice(db: Session, user: User, choice_id: int, last_day: date | None, reason: str,
                    today: date) -> ServiceAgreement | None:
    """The provider ends the agreement with notice (the client is told); None when there is none to end."""
    page = _page(db, provider_work.choice_of(db, user.provider_id, choice_id, today), today)
    if page is None or page.agreement is None:
        return None
    agreements.give_notice(db, page.agreement, user, Party.PROVIDER, last_day, reason, today)
    access_log.record(db, user, page.client_id, AccessAction.END_AGREEMENT, detail=last_day.isoformat())
    return page.agreement


@use_case
def client_agreements(db: Session, client_id: int) -> list[ServiceAgreement]:
    return agreements.agreements_of_client(db, client_id)


@use_case
def client_agreement(db: Session, client_id: int, choice_id: int, today: date) -> AgreementPage | None:
    """The agreement on one of the client's choices; None when the choice is not theirs."""
    return _page(db, agreements.choice_of_client(db, client_id, choice_id), today)


def _party(for_self: bool) -> Party:
    return Party.CLIENT if for_self else Party.RELATIVE


@use_case
def answer(db: Session, user: User, client_id: int, choice_id: int, for_self: bool, accept: bool,
           seen_version: int | None, message: str, today: date) -> Answered | None:
    """The client's side accepts the version they read or asks for changes; None when there is nothing to answer."""
    page = _page(db, agreements.choice_of_client(db, client_id, choice_id), today)
    if page is None or page.agreement is None:
        return None
    if seen_version is None:
        return Answered(page.agreement, changed=False)
    return agreements.answer(db, page.agreement, user, _party(for_self), accept, seen_version, message)


@use_case
def client_notice(db: Session, user: User, client_id: int, choice_id: int, for_self: bool, last_day: date | None,
                  reason: str, today: date) -> ServiceAgreement | None:
    page = _page(db, agreements.choice_of_client(db, client_id, choice_id), today)
    if page is None or page.agreement is None:
        return None
    return agreements.give_notice(db, page.agreement, user, _party(for_self), last_day, reason, today)


__all__ = ["AgreementError", "AgreementPage", "Answered"]
