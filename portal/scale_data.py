"""A county of any size, on top of the demo: `flask --app portal scale-data`.

Municipalities, case managers with about 300 clients each, providers of very different
sizes (the demo provider among the largest), one accepted plan a client with twelve months
of services (last month's and this month's partly confirmed, a few of last month's disputed), corrections,
settled months, ratings (some answered), quality information (some waiting for the county), messages and
access-log rows. The money
follows the same domain rules as the portal's own writes (grants from `revise`, charges from
`split_charge`, credits from `credit_for`) and every running total is the sum of its ledger
entries, so `check-ledger` and the money tests hold on it. Rows go in by SQLAlchemy Core,
a batch of clients at a time, with ids given here so that entries can name their events.
"""

# Longer than 400 lines: one pass writes every table of a county in bulk, and its steps share the ids
# and running totals they build; split, they would pass a dozen arguments back and forth.

import json
import random
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import Connection, delete, func, insert, select, text

from portal.db.models import (
    AccessLogEntry,
    AgreementHistory,
    CaseManager,
    ChoiceMonth,
    Client,
    Correction,
    County,
    CountyMonth,
    LedgerEntry,
    Message,
    Municipality,
    Plan,
    PlanGoal,
    PlanLine,
    Provider,
    ProviderChoice,
    ProviderLanguage,
    ProviderMonth,
    ProviderOffering,
    ProviderQuality,
    ProviderRating,
    ServiceAgreement,
    ServiceDispute,
    ServiceEvent,
    ServiceType,
    Settlement,
    User,
    Voucher,
    VoucherMonth,
    provider_municipalities,
)
from portal.domain.access_log import AccessAction
from portal.domain.agreements import AgreementStatus, AgreementStep, Party
from portal.domain.budget import Band, calculate
from portal.domain.charges import credit_for, split_charge
from portal.domain.confirmations import DisputeReason, held_by_dispute
from portal.domain.ledger import EntryKind
from portal.domain.plans import LineTerms, PlanStatus, month_start, next_month, revise
from portal.domain.providers import ChoiceStatus
from portal.domain.quality import QualityStatus
from portal.domain.roles import Role
from portal.domain.settlement import payable_cents, settles_from
from portal.domain.service_types import ServiceKind
from portal.services import reports
from portal.services.plans import rules_of
from portal.vocabulary import (
    COMMENTS_FI,
    COMMENTS_SV,
    FINNISH_NAMES,
    GOALS_FI,
    GOALS_SV,
    MONTHLY_QUANTITY,
    PRICES_APPROVED_ON,
    PRICES_VALID_FROM,
    RATING_SCORES,
    SWEDISH_NAMES,
    business_id,
    chooser_of,
    months_back,
    usage_pace,
    year_from,
)

MUNICIPALITY_NAMES = [
    ("Kokkola", "Karleby"), ("Seinäjoki", "Seinäjoki"), ("Kristiinankaupunki", "Kristinestad"),
    ("Mustasaari", "Korsholm"), ("Maalahti", "Malax"), ("Uusikaarlepyy", "Nykarleby"), ("Kruunupyy", "Kronoby"),
    ("Laihia", "Laihela"), ("Vöyri", "Vörå"), ("Isokyrö", "Storkyro"), ("Kaskinen", "Kaskö"),
    ("Pedersöre", "Pedersöre"), ("Luoto", "Larsmo"), ("Kauhava", "Kauhava"), ("Lapua", "Lappo"),
    ("Kurikka", "Kurikka"), ("Ilmajoki", "Ilmola"), ("Alavus", "Alavo"), ("Kauhajoki", "Kauhajoki"),
    ("Teuva", "Östermark"), ("Lapväärtti", "Lappfjärd"), ("Oravainen", "Oravais"), ("Kaskö skärgård", "Kaskö skärgård"),
]
CLIENTS_PER_CASE_MANAGER = 300
CLIENTS_PER_BATCH = 2_000
LARGEST_PROVIDER_CLIENTS = 2_000
KINDS = list(ServiceKind)
# How far (in percent) a provider's price is from the voucher value: closer than in the demo.
PRICE_CHANGES = (-5, 0, 0, 3, 5, 10)
CONFIRMED_SHARE = 0.3  # of the services of last month and this month, confirmed by the client the day they were given
DISPUTED_SHARE = 0.005  # of last month's services, disputed by the client and still open
WAITING_QUALITY = 4  # every fourth new provider's quality information waits for the county's approval


@dataclass
class Ids:
    """The next free id of each table, so that rows can refer to each other before they are inserted."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str, count: int = 1) -> int:
        first = self.next[table]
        self.next[table] = first + count
        return first


@dataclass
class Batch:
    """Rows of a batch of clients, by table."""

    rows: dict = field(default_factory=lambda: defaultdict(list))

    def add(self, model, **values) -> None:
        self.rows[model].append(values)


@dataclass
class Offer:
    provider_id: int
    service_type_id: int
    unit_price_cents: int


def _stamp(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def generate(connection: Connection, today: date, clients: int, providers: int, events: int, seed: int = 60_000,
             say=print) -> dict[str, int]:
    """Add `clients` clients, `providers` providers and about `events` recorded services to a
    database that holds the demo data. Returns the number of rows added by table."""
    rng = random.Random(seed)
    tables = [Municipality, CaseManager, Client, Plan, PlanGoal, PlanLine, Voucher, LedgerEntry, Provider,
              ProviderOffering, ProviderQuality, ProviderChoice, ServiceAgreement, AgreementHistory, ProviderRating,
              ServiceEvent, ServiceDispute, Correction, Settlement, Message, AccessLogEntry]
    ids = Ids({model.__tablename__: (connection.scalar(select(func.max(model.id))) or 0) + 1 for model in tables})
    county_id = connection.scalar(select(County.id).order_by(County.id).limit(1))
    if county_id is None:
        raise LookupError("load the demo data first")
    admin_id = connection.scalar(select(User.id).where(User.role == Role.ADMIN).order_by(User.id).limit(1))
    demo_manager_id = connection.scalar(select(User.case_manager_id).where(User.username == "casemanager"))
    demo_provider_id = connection.scalar(select(User.provider_id).where(User.username == "provider"))
    writer_id = connection.scalar(select(User.id).where(User.username == "client"))
    types = {ServiceKind(row.code): row for row in connection.execute(select(ServiceType))}
    added: dict[str, int] = defaultdict(int)

    municipality_ids = _municipalities(connection, ids, county_id, added)
    manager_ids = _case_managers(connection, ids, county_id, clients, added)
    offers, ranked = _providers(connection, rng, ids, types, municipality_ids, providers, demo_provider_id, added)

    start = months_back(today, 11)
    end = year_from(start)
    accepted_on = start - timedelta(days=12)
    lines_per_client = 2.5
    units_per_event = max(1.0, sum(sum(q) / len(q) for q in MONTHLY_QUANTITY.values()) / len(MONTHLY_QUANTITY)
                          * lines_per_client * 11.5 * 0.8 * clients / max(events, 1))
    settled_until = months_back(today, 1)  # months before last month are settled and paid
    budgets = {}
    month_totals: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0] * 9)
    county_totals: dict[tuple[date, int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    choice_totals: dict[tuple[date, int, int, str], list[int]] = defaultdict(lambda: [0, 0])
    first_number = connection.scalar(select(func.count()).select_from(Client)) + 1
    say(f"Adding {clients} clients in batches of {CLIENTS_PER_BATCH}…")
    big_indexes = [index for model in BIG_TABLES for index in model.__table__.indexes]
    for index in big_indexes:  # one sort at the end instead of millions of index updates
        index.drop(connection)
    connection.commit()
    demo_provider_clients = 0
    for batch_start in range(0, clients, CLIENTS_PER_BATCH):
        batch = Batch()
        for number in range(batch_start, min(clients, batch_start + CLIENTS_PER_BATCH)):
            swedish = rng.random() < 0.35
            first_names, last_names = SWEDISH_NAMES if swedish else FINNISH_NAMES
            client_id = ids.take("clients")
            municipality_id = rng.choice(municipality_ids)
            manager_id = demo_manager_id if number < CLIENTS_PER_CASE_MANAGER else manager_ids[number % len(manager_ids)]
            batch.add(Client, id=client_id, client_number=f"A{first_number + number:07d}",
                      first_name=rng.choice(first_names), last_name=rng.choice(last_names),
                      language="sv" if swedish else "fi", municipality_id=municipality_id,
                      case_manager_id=manager_id, far_from_centre=False)
            plan_id = ids.take("plans")
            batch.add(Plan, id=plan_id, client_id=client_id, version=1, status=PlanStatus.ACCEPTED.value,
                      proposed_on=accepted_on, period_start=start, period_end=end,
                      review_date=months_back(start, -7) + timedelta(days=14), accepted_on=accepted_on,
                      in_force_from=start, in_force_to=end, case_manager_id=manager_id,
                      created_at=_stamp(accepted_on, 9))
            goals = GOALS_SV if swedish else GOALS_FI
            batch.add(PlanGoal, id=ids.take("plan_goals"), plan_id=plan_id, position=0, text=rng.choice(goals))
            for position, kind in enumerate(rng.sample(KINDS, rng.randint(1, 4))):
                quantity = rng.choice(MONTHLY_QUANTITY[kind])
                terms = budgets.get((kind, quantity))
                if terms is None:
                    budget = calculate(rules_of(types[kind]), {Band.WEEKDAY: quantity}, False)
                    terms = budgets[(kind, quantity)] = LineTerms(kind.value, budget.units, budget.value_per_unit_cents,
                                                                  budget.total_cents)
                voucher_id, line_id = ids.take("vouchers"), ids.take("plan_lines")
                offer = _chosen(rng, offers, ranked, kind, municipality_id, demo_provider_id,
                                demo_provider_clients < LARGEST_PROVIDER_CLIENTS)
                if offer.provider_id == demo_provider_id:
                    demo_provider_clients += 1
                _line(batch, rng, ids, month_totals, county_totals, choice_totals, municipality_id, types[kind].id, terms, offer,
                      client_id, plan_id, line_id, voucher_id, position, start, end, accepted_on, today, units_per_event,
                      settled_until, writer_id)
            if rng.random() < 0.1:
                batch.add(Message, id=ids.take("messages"), client_id=client_id, author_user_id=writer_id,
                          body=rng.choice(["Kiitos avusta.", "Tack för hjälpen.", "Voinko vaihtaa käyntiaikaa?"]),
                          asks_for_review=False, sent_at=_stamp(today - timedelta(days=rng.randrange(300))))
            for _ in range(3):
                batch.add(AccessLogEntry, id=ids.take("access_log"), at=_stamp(today - timedelta(days=rng.randrange(330))),
                          actor_user_id=writer_id, actor_role=Role.CASE_MANAGER, client_id=client_id,
                          action=AccessAction.VIEW_CLIENT.value, detail="")
        _write(connection, batch, added)
        say(f"  {min(clients, batch_start + CLIENTS_PER_BATCH)} clients, {added['service_events']} services")
    say("Indexing…")
    for index in big_indexes:
        index.create(connection)
    connection.commit()
    _provider_months(connection, month_totals, settled_until, admin_id, ids, added)
    _merge_into_totals(connection, CountyMonth, ["granted_cents", "charged_cents", "credited_cents"], county_totals, added)
    _merge_into_totals(connection, ChoiceMonth, ["charged_cents", "credited_cents"], choice_totals, added)
    added["client_counts"] = reports.recount(connection)
    connection.commit()
    _advance_sequences(connection, ids)
    return dict(added)


def _municipalities(connection, ids, county_id, added) -> list[int]:
    rows = [dict(id=ids.take("municipalities"), county_id=county_id, name_fi=fi, name_sv=sv)
            for fi, sv in MUNICIPALITY_NAMES]
    connection.execute(insert(Municipality), rows)
    added["municipalities"] += len(rows)
    return [row["id"] for row in rows] + list(connection.scalars(select(Municipality.id).where(
        Municipality.id < rows[0]["id"])))


def _case_managers(connection, ids, county_id, clients, added) -> list[int]:
    count = max(1, -(-clients // CLIENTS_PER_CASE_MANAGER) - 1)
    rows = [dict(id=ids.take("case_managers"), county_id=county_id, name=f"Case manager {n + 1}",
                 phone=f"040 556 {n:04d}", email=f"case.manager{n + 1}@example.fi") for n in range(count)]
    connection.execute(insert(CaseManager), rows)
    added["case_managers"] += count
    return [row["id"] for row in rows]


def _providers(connection, rng, ids, types, municipality_ids, count, demo_provider_id, added):
    """Providers by size: the first ones large (serving every municipality), most small and local.
    Returns the approved offers and, for each kind and municipality, the offers in order of size."""
    used_ids = set(connection.scalars(select(Provider.business_id)))
    providers, offerings, languages, served, qualities = [], [], [], [], []
    for n in range(count):
        new_id = business_id(rng)
        while new_id in used_ids:
            new_id = business_id(rng)
        used_ids.add(new_id)
        provider_id = ids.take("providers")
        providers.append(dict(id=provider_id, name=f"Hoivapalvelu {n + 1} Oy", business_id=new_id,
                              phone=f"06 556 {n:04d}", email=f"info@provider{n + 1}.example.fi",
                              website="", description_fi="Palvelemme ikäihmisiä kotona.", description_sv="",
                              accepts_new_clients=True))
        languages.append(dict(provider_id=provider_id, language="fi"))
        if n % 3 == 0:
            languages.append(dict(provider_id=provider_id, language="sv"))
        qualities.append(_quality(ids, provider_id, n, rng))
        reach = municipality_ids if n < 30 else rng.sample(municipality_ids, rng.randint(1, 3))
        served += [dict(provider_id=provider_id, municipality_id=m) for m in reach]
        for kind in rng.sample(KINDS, rng.randint(1, 3)):
            value = types[kind].reference_price_cents
            offerings.append(dict(id=ids.take("provider_offerings"), provider_id=provider_id,
                                  service_type_id=types[kind].id,
                                  unit_price_cents=value + rng.choice(PRICE_CHANGES) * value // 100,
                                  valid_from=PRICES_VALID_FROM, approved_on=PRICES_APPROVED_ON))
    for model, rows in ((Provider, providers), (ProviderLanguage, languages), (provider_municipalities, served),
                        (ProviderOffering, offerings), (ProviderQuality, qualities)):
        connection.execute(insert(model), rows)
        added[getattr(model, "__tablename__", None) or model.name] += len(rows)
    serves = defaultdict(set)
    for row in served:
        serves[row["provider_id"]].add(row["municipality_id"])
    by_kind_municipality = defaultdict(list)
    kinds_by_type = {t.id: kind for kind, t in types.items()}
    for offering in offerings:
        offer = Offer(offering["provider_id"], offering["service_type_id"], offering["unit_price_cents"])
        for municipality_id in serves[offer.provider_id]:
            by_kind_municipality[(kinds_by_type[offer.service_type_id], municipality_id)].append(offer)
    ranked = {key: (offers, list(accumulate(1 / (rank + 1) for rank in range(len(offers)))))
              for key, offers in by_kind_municipality.items()}
    demo_offers = {kinds_by_type[type_id]: Offer(demo_provider_id, type_id, price) for type_id, price in connection.execute(
        select(ProviderOffering.service_type_id, ProviderOffering.unit_price_cents)
        .where(ProviderOffering.provider_id == demo_provider_id, ProviderOffering.approved_on.is_not(None)))}
    return demo_offers, ranked


def _quality(ids, provider_id: int, n: int, rng) -> dict:
    """The provider's quality information, approved by the county when prices were, or sent and waiting."""
    waiting = n % WAITING_QUALITY == WAITING_QUALITY - 1
    sent = _stamp(PRICES_APPROVED_ON - timedelta(days=7))
    return dict(id=ids.take("provider_quality"), provider_id=provider_id,
                status=(QualityStatus.SUBMITTED if waiting else QualityStatus.APPROVED).value,
                staff_count=rng.randint(3, 200), continuity_percent=rng.randint(50, 95), founded_year=rng.randint(1980, 2020),
                ownership_fi="Yrittäjä omistaa yrityksen.", ownership_sv="", languages=["fi", "sv"] if n % 3 == 0 else ["fi"],
                complaints=[], offices=[], submitted_at=sent, submitted_by_user_id=None,
                decided_at=None if waiting else _stamp(PRICES_APPROVED_ON), decided_by_user_id=None, county_message="")


def _chosen(rng, demo_offers, ranked, kind, municipality_id, demo_provider_id, demo_has_room) -> Offer:
    """The demo provider takes a share of its services until it has its couple of thousand clients."""
    if demo_has_room and kind in demo_offers and rng.random() < 0.2:
        return demo_offers[kind]
    offers, weights = ranked.get((kind, municipality_id)) or next(iter(ranked.values()))
    return offers[min(len(offers) - 1, bisect(weights, rng.random() * weights[-1]))]


def _line(batch, rng, ids, month_totals, county_totals, choice_totals, municipality_id, service_type_id, terms, offer, client_id,
          plan_id, line_id, voucher_id, position, start, end, accepted_on, today, units_per_event, settled_until,
          writer_id) -> None:
    """A plan line, its voucher and the provider's services on it, month by month."""
    chosen_by = chooser_of(voucher_id).value
    batch.add(PlanLine, id=line_id, plan_id=plan_id, position=position, service_type_id=service_type_id,
              quantity_per_month=terms.quantity_per_month, voucher_value_cents=terms.voucher_value_cents,
              evening_units=0, saturday_units=0, sunday_units=0, travel_supplement=False,
              monthly_budget_cents=terms.monthly_budget_cents, county_units=0, voucher_id=voucher_id)
    choice_id = ids.take("provider_choices")
    batch.add(ProviderChoice, id=choice_id, plan_line_id=line_id, provider_id=offer.provider_id,
              valid_from=start, valid_to=None, chosen_by_user_id=None, chosen_by=chosen_by, created_at=_stamp(accepted_on),
              status=ChoiceStatus.ACCEPTED.value, decided_at=_stamp(accepted_on + timedelta(days=1)),
              decline_reason="")
    _agreement(batch, ids, choice_id, offer, client_id, terms, start, accepted_on)
    if rng.random() < 0.25 and position == 0:  # one rating per client and provider: from the plan's first line
        batch.add(ProviderRating, id=ids.take("provider_ratings"), client_id=client_id, provider_id=offer.provider_id,
                  plan_line_id=line_id, score=rng.choice(RATING_SCORES),
                  comment=rng.choice(COMMENTS_FI + COMMENTS_SV) if rng.random() < 0.3 else "",
                  created_at=_stamp(today - timedelta(days=30)), updated_at=_stamp(today - timedelta(days=30)),
                  **_answered(rng, today))
    revision = revise(None, None, None, terms, start, end)
    granted = charged = credited = 0
    for month, limit in revision.unit_limits.items():
        grant = revision.grants.get(month, 0)
        granted += grant
        month_charged = month_credited = used = 0
        if grant:
            batch.add(LedgerEntry, id=ids.take("ledger_entries"), voucher_id=voucher_id, kind=EntryKind.GRANT.value,
                      amount_cents=grant, month=month, service_event_id=None, created_at=_stamp(accepted_on, 10))
        if month <= today:
            last_day = min(next_month(month) - timedelta(days=1), today)
            pace = usage_pace(rng, month, today)
            units_left = int(limit * pace)
            while units_left > 0:
                units = min(units_left, 1 + int(rng.random() * (2 * units_per_event - 1)))
                units_left -= units
                used += units
                day = month + timedelta(days=rng.randrange((last_day - month).days + 1))
                charge = split_charge(units, offer.unit_price_cents, terms.voucher_value_cents)
                event_id = ids.take("service_events")
                credit = credit_for(charge, units, 0, 1) if units > 1 and rng.random() < 0.01 else None
                disputed = month == settled_until and credit is None and rng.random() < DISPUTED_SHARE
                confirmed = not disputed and month >= settled_until and day < today and rng.random() < CONFIRMED_SHARE
                batch.add(ServiceEvent, id=event_id, voucher_id=voucher_id, plan_line_id=line_id,
                          provider_id=offer.provider_id, service_date=day, units=units,
                          unit_price_cents=offer.unit_price_cents, charged_cents=charge.to_budget_cents,
                          self_pay_cents=charge.self_pay_cents, credited_units=1 if credit else 0,
                          credited_cents=credit.to_budget_cents if credit else 0,
                          credited_self_pay_cents=credit.self_pay_cents if credit else 0,
                          recorded_at=_stamp(day, 15), recorded_by_user_id=None,
                          confirmed_at=_stamp(day, 20) if confirmed else None, confirmed_by_user_id=None)
                totals = month_totals[(offer.provider_id, month)]
                totals[6] += confirmed
                if disputed:
                    _dispute(batch, ids, rng, event_id, offer.provider_id, client_id, day, charge.to_budget_cents, totals)
                totals[0] += 1
                totals[1] += charge.to_budget_cents
                totals[3] += charge.self_pay_cents
                month_charged += charge.to_budget_cents
                if charge.to_budget_cents:
                    batch.add(LedgerEntry, id=ids.take("ledger_entries"), voucher_id=voucher_id,
                              kind=EntryKind.CHARGE.value, amount_cents=-charge.to_budget_cents, month=month,
                              service_event_id=event_id, created_at=_stamp(day, 15))
                if credit:
                    entry_id = ids.take("ledger_entries") if credit.to_budget_cents else None
                    if entry_id:
                        batch.add(LedgerEntry, id=entry_id, voucher_id=voucher_id, kind=EntryKind.CREDIT.value,
                                  amount_cents=credit.to_budget_cents, month=month, service_event_id=event_id,
                                  created_at=_stamp(day, 18))
                    batch.add(Correction, id=ids.take("corrections"), service_event_id=event_id, units=1,
                              credited_cents=credit.to_budget_cents, self_pay_credited_cents=credit.self_pay_cents,
                              reason="wrong_units",
                              note="", settlement_month=month, ledger_entry_id=entry_id, recorded_at=_stamp(day, 18),
                              recorded_by_user_id=None)
                    used -= 1
                    totals[2] += credit.to_budget_cents
                    totals[4] += 1
                    totals[5] += credit.self_pay_cents
                    month_credited += credit.to_budget_cents
        charged += month_charged
        credited += month_credited
        batch.add(VoucherMonth, voucher_id=voucher_id, month=month, unit_limit=limit, units_used=used,
                  granted_cents=grant, charged_cents=month_charged, credited_cents=month_credited)
        county = county_totals[(month, municipality_id, service_type_id)]
        county[0] += grant
        county[1] += month_charged
        county[2] += month_credited
        choice = choice_totals[(month, municipality_id, service_type_id, chosen_by)]
        choice[0] += month_charged
        choice[1] += month_credited
    batch.add(Voucher, id=voucher_id, client_id=client_id, service_type_id=service_type_id, period_start=start,
              period_end=end, granted_cents=granted, charged_cents=charged, credited_cents=credited,
              remaining_cents=granted - charged + credited)


def _answered(rng, today: date) -> dict:
    """A third of the ratings the provider has answered."""
    answered = rng.random() < 1 / 3
    return dict(answer="Kiitos palautteesta!" if answered else None,
                answered_at=_stamp(today - timedelta(days=20)) if answered else None, answered_by_user_id=None)


def _agreement(batch, ids, choice_id, offer, client_id, terms, start, accepted_on) -> None:
    """The accepted service agreement of an accepted choice, at the approved price, with its history's two steps."""
    agreement_id = ids.take("service_agreements")
    own_share = split_charge(1, offer.unit_price_cents, terms.voucher_value_cents).self_pay_cents
    proposed, accepted = _stamp(accepted_on + timedelta(days=1), 14), _stamp(accepted_on + timedelta(days=2))
    batch.add(ServiceAgreement, id=agreement_id, choice_id=choice_id, provider_id=offer.provider_id,
              client_id=client_id, status=AgreementStatus.ACCEPTED.value, version=1, starts_on=start,
              usual_times="", contact_person="", contact_phone="", cancellation_terms="", notice_days=14,
              unit_price_cents=offer.unit_price_cents, own_share_cents=own_share, proposed_at=proposed,
              accepted_at=accepted, accepted_by_user_id=None, ends_on=None, on_paper=False)
    for step, party, at in ((AgreementStep.PROPOSED, Party.PROVIDER, proposed), (AgreementStep.ACCEPTED, Party.CLIENT,
                                                                                 accepted)):
        batch.add(AgreementHistory, id=ids.take("agreement_history"), agreement_id=agreement_id, step=step.value,
                  version=1, party=party.value, by_user_id=None, at=at, message="", last_day=None,
                  terms={"unit_price_cents": offer.unit_price_cents} if step is AgreementStep.PROPOSED else {})


def _dispute(batch, ids, rng, event_id, provider_id, client_id, day, charged_cents, totals) -> None:
    """The client disputed the service the day it was given; its amount is held out of its month until resolved."""
    held = held_by_dispute(charged_cents, 0)
    batch.add(ServiceDispute, id=ids.take("service_disputes"), service_event_id=event_id, provider_id=provider_id,
              client_id=client_id, reason=rng.choice([DisputeReason.NOT_DELIVERED, DisputeReason.WRONG_UNITS]).value,
              note="", party=Party.CLIENT.value, disputed_at=_stamp(day, 19), disputed_by_user_id=None, held_cents=held,
              held_month=month_start(day), resolved_at=None, resolved_by_user_id=None, resolution=None,
              resolution_note="", released_month=None)
    totals[7] += 1
    totals[8] += held


BIG_TABLES = [ServiceEvent, LedgerEntry, Correction, AccessLogEntry]
ORDER = [Client, Plan, PlanGoal, Voucher, PlanLine, VoucherMonth, ProviderChoice, ServiceAgreement, AgreementHistory,
         ProviderRating, ServiceEvent, ServiceDispute, LedgerEntry, Correction, Message, AccessLogEntry]


def _write(connection, batch, added) -> None:
    copying = connection.dialect.name == "postgresql"
    for model in ORDER:
        rows = batch.rows.get(model)
        if rows:
            if copying:
                _copy(connection, model.__table__, rows)
            else:
                connection.execute(insert(model), rows)
            added[model.__tablename__] += len(rows)
    connection.commit()


def _copy(connection, table, rows: list[dict]) -> None:
    """PostgreSQL's COPY, many times faster than INSERTs for millions of rows: the columns given,
    the others take their defaults as in an INSERT."""
    columns = [column.name for column in table.columns if column.name in rows[0]]
    defaults = {column.name: column.default.arg for column in table.columns
                if column.name not in rows[0] and column.default is not None and not callable(column.default.arg)}
    columns += list(defaults)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_copied(row.get(name, defaults.get(name))) for name in columns])


def _copied(value):
    """A JSON column's value as COPY reads it: its text."""
    return json.dumps(value) if isinstance(value, (dict, list)) else value


CONFIRMATION_TOTALS = ("confirmed_events", "held_events", "held_cents", "resolved_events", "released_events",
                       "released_cents", "last_recorded_on")


def _provider_months(connection, month_totals, settled_until, admin_id, ids, added) -> None:
    """Each provider's running totals by month (added to a demo provider's own months); months
    before last month settled and paid."""
    existing = {(row.provider_id, row.month): row for row in connection.execute(select(ProviderMonth))}
    months, settlements = [], []
    for (provider_id, month), totals in sorted(month_totals.items()):
        count, charged, credited, self_pay, credits, self_pay_back, confirmed, held_events, held_cents = totals
        before = existing.get((provider_id, month))
        # The month's confirmations and disputes, with the demo's added (every row names every column: an insert
        # of many rows takes its columns from the first).
        confirmations = dict.fromkeys(CONFIRMATION_TOTALS, 0) | {"last_recorded_on": None}
        if before is not None:
            confirmations = {name: getattr(before, name) for name in CONFIRMATION_TOTALS}
            if before.settled_on is not None:
                raise RuntimeError("the demo has settled months: scale-data settles only its own")
            connection.execute(delete(ProviderMonth).where(ProviderMonth.provider_id == provider_id,
                                                           ProviderMonth.month == month))
            count, charged, credited = count + before.events, charged + before.charged_cents, credited + before.credited_cents
            self_pay, credits = self_pay + before.self_pay_cents, credits + before.credits
            self_pay_back += before.self_pay_credited_cents
        confirmations["confirmed_events"] += confirmed
        confirmations["held_events"] += held_events
        confirmations["held_cents"] += held_cents
        settled_on = settles_from(month, None) if month < settled_until else None
        months.append(dict(provider_id=provider_id, month=month, events=count, charged_cents=charged,
                           credited_cents=credited, self_pay_cents=self_pay, credits=credits,
                           self_pay_credited_cents=self_pay_back, settled_on=settled_on, **confirmations))
        if settled_on:
            settlements.append(dict(id=ids.take("settlements"), provider_id=provider_id, month=month, events=count,
                                    charged_cents=charged, credited_cents=credited,
                                    total_cents=payable_cents(charged, credited, confirmations["held_cents"],
                                                              confirmations["released_cents"]),
                                    paid_on=settled_on, marked_by_user_id=admin_id))
    for start in range(0, len(months), 50_000):
        connection.execute(insert(ProviderMonth), months[start:start + 50_000])
    for start in range(0, len(settlements), 50_000):
        connection.execute(insert(Settlement), settlements[start:start + 50_000])
    added["provider_months"] += len(months)
    added["settlements"] += len(settlements)
    connection.commit()


def _merge_into_totals(connection, model, columns: list[str], totals: dict, added) -> None:
    """Running totals (keyed by their primary key) added to the demo's own rows."""
    key = [column.name for column in model.__table__.primary_key.columns]
    existing = {tuple(row[:len(key)]): row[len(key):] for row in connection.execute(
        select(*(getattr(model, name) for name in key + columns)))}
    rows = []
    for found, values in sorted(totals.items()):
        before = existing.get(found)
        if before is not None:
            connection.execute(delete(model).where(*(getattr(model, name) == value for name, value in zip(key, found))))
            values = [value + earlier for value, earlier in zip(values, before)]
        rows.append(dict(zip(key, found)) | dict(zip(columns, values)))
    if rows:
        connection.execute(insert(model), rows)
    added[model.__tablename__] += len(rows)
    connection.commit()


def _advance_sequences(connection, ids) -> None:
    """PostgreSQL hands out ids from sequences: move each past the ids given here."""
    if connection.dialect.name != "postgresql":
        return
    for table, next_id in ids.next.items():
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {next_id - 1})"))
    connection.commit()
