"""Clients' ratings of providers: given once an accepted agreement ran a month, one per client and provider and
changed at will; the provider answers each once, by a conditional update, and reads them without names."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.db.models import PlanLine, ProviderRating, ServiceAgreement, ServiceType, utcnow
from portal.domain.agreements import first_day_to_rate
from portal.domain.providers import MAX_COMMENT, ChoiceError, answer_problem, valid_score
from portal.services.paging import Page, Where, page_of

RATINGS_PER_PAGE = 25


class NotYet(ChoiceError):
    """The client's agreement with the provider has not yet run a month (`opens_on`: from when it will have;
    None: no accepted agreement that can)."""

    def __init__(self, opens_on: date | None):
        super().__init__("not_yet")
        self.opens_on = opens_on


def _agreements(client_id: int, provider_ids: list[int]):
    return (select(ServiceAgreement.provider_id, ServiceAgreement.status, ServiceAgreement.starts_on,
                   ServiceAgreement.ends_on)
            .where(ServiceAgreement.client_id == client_id, ServiceAgreement.provider_id.in_(provider_ids)))


def opening_days(session: Session, client_id: int, provider_ids: list[int]) -> dict[int, date | None]:
    """For each provider, the first day the client may rate it under their agreements (None: not possible), in
    one query."""
    by_provider: dict[int, list] = {provider_id: [] for provider_id in provider_ids}
    for provider_id, status, starts_on, ends_on in session.execute(_agreements(client_id, provider_ids)):
        by_provider[provider_id].append((status, starts_on, ends_on))
    return {provider_id: first_day_to_rate(rows) for provider_id, rows in by_provider.items()}


def may_rate(session: Session, client_id: int, provider_ids: list[int], today: date) -> set[int]:
    """The providers the client may rate today."""
    return {provider_id for provider_id, day in opening_days(session, client_id, provider_ids).items()
            if day is not None and day <= today}


def rating_of(session: Session, client_id: int, provider_id: int) -> ProviderRating | None:
    return session.scalar(select(ProviderRating).where(ProviderRating.client_id == client_id,
                                                       ProviderRating.provider_id == provider_id))


def rate(session: Session, client_id: int, line: PlanLine, provider_id: int, score: int, comment: str,
         today: date) -> ProviderRating:
    """The client's one rating of the provider, new or changed; NotYet before their agreement ran a month."""
    if not valid_score(score) or len(comment.strip()) > MAX_COMMENT:
        raise ValueError("a score is from 1 to 5, a comment at most 1000 characters")
    opens_on = opening_days(session, client_id, [provider_id])[provider_id]
    if opens_on is None or opens_on > today:
        raise NotYet(opens_on)
    rating = rating_of(session, client_id, provider_id)
    if rating is None:
        try:
            with session.begin_nested():  # two first ratings at once: the second changes the first
                rating = ProviderRating(client_id=client_id, plan_line_id=line.id, provider_id=provider_id,
                                        score=score)
                session.add(rating)
        except IntegrityError:
            rating = rating_of(session, client_id, provider_id)
    rating.plan_line_id, rating.score, rating.comment, rating.updated_at = line.id, score, comment.strip(), utcnow()
    session.flush()
    return rating


@dataclass(frozen=True)
class ProviderRatings:
    page: Page  # of (ProviderRating, the code of the service it was given from), newest first
    unanswered: int


def _with_service(provider_id: int):
    return (select(ProviderRating, ServiceType.code).join(PlanLine, ProviderRating.plan_line_id == PlanLine.id)
            .join(ServiceType, PlanLine.service_type_id == ServiceType.id)
            .where(ProviderRating.provider_id == provider_id))


def ratings_of_provider(session: Session, provider_id: int, where: Where) -> ProviderRatings:
    """The provider's ratings a page at a time, newest first, with how many wait for an answer."""
    page = page_of(session, _with_service(provider_id), [ProviderRating.id], lambda row: (row[0].id,), where,
                   RATINGS_PER_PAGE, newest_first=True)
    unanswered = session.scalar(select(func.count()).where(ProviderRating.provider_id == provider_id,
                                                           ProviderRating.answer.is_(None)))
    return ProviderRatings(page, unanswered)


def rating_for_provider(session: Session, provider_id: int, rating_id: int) -> tuple[ProviderRating, str] | None:
    """One of the provider's ratings, with the code of its service; None when it is another provider's, or none."""
    row = session.execute(_with_service(provider_id).where(ProviderRating.id == rating_id)).first()
    return tuple(row) if row else None


def answer(session: Session, provider_id: int, rating_id: int, text: str, user_id: int, now: datetime) -> bool:
    """The provider's one answer to its rating, set only while there is none: False when it was answered
    already (nothing changed). ValueError with a code when the text cannot be saved."""
    problem = answer_problem(text)
    if problem:
        raise ValueError(problem)
    saved = session.execute(
        update(ProviderRating)
        .where(ProviderRating.id == rating_id, ProviderRating.provider_id == provider_id,
               ProviderRating.answer.is_(None))
        .values(answer=text.strip(), answered_at=now, answered_by_user_id=user_id)
    )
    return saved.rowcount == 1
