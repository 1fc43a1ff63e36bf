"""A bilingual demo county: clients, plans, providers, six months of services.

Generated from a fixed seed and dated relative to `today`, so the demo always
looks current. Demo accounts (password `demo-password`) are made only here.
"""

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from portal.db.models import (
    CaseManager,
    Client,
    County,
    Municipality,
    Plan,
    PlanGoal,
    PlanLine,
    Provider,
    ProviderOffering,
    ServiceEvent,
    ServiceType,
    User,
    Voucher,
)
from portal.domain.business_id import check_digit
from portal.domain.charges import split_charge
from portal.domain.ledger import EntryKind
from portal.domain.plans import PlanStatus, months_between, next_month
from portal.domain.service_types import UNIT_OF, ServiceKind
from portal.services.auth import hash_password
from portal.services.ledger import post_entry

PASSWORD = "demo-password"
ACCOUNTS = ("client", "relative", "casemanager", "provider", "admin")

# The county's reference price per unit: the voucher value, in cents.
VOUCHER_VALUES = {
    ServiceKind.HOME_CARE: 4500,
    ServiceKind.HOME_HELP: 3600,
    ServiceKind.MEALS: 950,
    ServiceKind.RESPITE_CARE: 14000,
    ServiceKind.PERSONAL_ASSISTANCE: 3200,
    ServiceKind.DAY_ACTIVITIES: 6000,
    ServiceKind.TRANSPORT: 2500,
}

MONTHLY_QUANTITY = {
    ServiceKind.HOME_CARE: (10, 20, 30, 40),
    ServiceKind.HOME_HELP: (4, 6, 8),
    ServiceKind.MEALS: (20, 30, 60),
    ServiceKind.RESPITE_CARE: (2, 3, 4),
    ServiceKind.PERSONAL_ASSISTANCE: (20, 40, 60),
    ServiceKind.DAY_ACTIVITIES: (4, 8, 12),
    ServiceKind.TRANSPORT: (4, 8, 12),
}

MUNICIPALITIES = [("Vaasa", "Vasa"), ("Pietarsaari", "Jakobstad"), ("Närpiö", "Närpes")]

CASE_MANAGERS = [
    ("Maria Lindqvist", "040 555 0101", "maria.lindqvist@example.fi"),
    ("Jukka Mäkinen", "040 555 0102", "jukka.makinen@example.fi"),
    ("Sofia Björk", "040 555 0103", "sofia.bjork@example.fi"),
    ("Heidi Koskinen", "040 555 0104", "heidi.koskinen@example.fi"),
]

FINNISH_NAMES = (
    ["Aino", "Eila", "Kaarina", "Leena", "Marjatta", "Raili", "Sirkka", "Toini", "Veikko", "Pentti",
     "Erkki", "Tauno", "Osmo", "Heikki", "Lauri", "Sinikka"],
    ["Virtanen", "Mäkelä", "Korhonen", "Nieminen", "Laine", "Heikkinen", "Koskinen", "Järvinen",
     "Lehtonen", "Salminen", "Hakala", "Kallio"],
)
SWEDISH_NAMES = (
    ["Astrid", "Britt", "Gunvor", "Ingrid", "Margit", "Solveig", "Gustav", "Holger", "Ragnar",
     "Stig", "Bertil", "Elsa"],
    ["Lindholm", "Nyman", "Sjöberg", "Ekström", "Holmberg", "Backman", "Forsman", "Granqvist",
     "Strömberg", "Wikström"],
)

PROVIDERS = [
    "Kotiapu Aurinko Oy", "Hemtjänst Österbotten Ab", "Vasa Omsorg Ab", "Pohjanmaan Kotihoito Oy",
    "Närpes Hemvård Ab", "Jakobstads Ateriapalvelu – Måltidsservice Oy Ab", "Siisti Koti Oy",
    "Städservice Kust Ab", "Lepohetki Oy", "Dagcenter Solglimten Ab", "Apu ja Avustus Oy",
    "Kyyti Pohjanmaa Oy", "Färdtjänst Norr Ab", "Hoivakoti Kotirinne Oy", "Vårdhemmet Strandbo Ab",
]

GOALS_FI = [
    "Asun kotona turvallisesti ja saan apua aamuisin ja iltaisin.",
    "Pääsen käymään kaupassa ja ystävien luona kerran viikossa.",
    "Syön monipuolisesti joka päivä.",
    "Omaishoitajani saa levätä säännöllisesti.",
]
GOALS_SV = [
    "Jag bor tryggt hemma och får hjälp på morgonen och kvällen.",
    "Jag kan handla och träffa vänner en gång i veckan.",
    "Jag äter varierat varje dag.",
    "Min närståendevårdare får vila regelbundet.",
]


def _business_id(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(1_000_000, 9_999_999)}"
        check = check_digit(digits)
        if check is not None:
            return f"{digits}-{check}"


def _months_back(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _year_from(start: date) -> date:
    return _months_back(start, -12) - timedelta(days=1)


def load(session: Session, today: date, seed: int = 2026) -> None:
    rng = random.Random(seed)
    county = County(
        name_fi="Pohjanmaan hyvinvointialue",
        name_sv="Österbottens välfärdsområde",
        advice_phone="06 555 0100",
        advice_email="henkilokohtainen.budjetti@example.fi",
    )
    municipalities = [Municipality(county=county, name_fi=fi, name_sv=sv) for fi, sv in MUNICIPALITIES]
    session.add_all([county, *municipalities])
    session.flush()
    managers = [CaseManager(county_id=county.id, name=n, phone=p, email=e) for n, p, e in CASE_MANAGERS]
    service_types = {kind: ServiceType(code=kind.value, unit=UNIT_OF[kind].value) for kind in ServiceKind}
    session.add_all([*managers, *service_types.values()])
    session.flush()

    offerings = _providers(session, rng, service_types)
    clients = _clients(session, rng, municipalities, managers)
    for index, client in enumerate(clients):
        _plans(session, rng, client, service_types, offerings, today, with_history=index % 3 == 0)
    _accounts(session, clients[0], managers[0], offerings[ServiceKind.HOME_CARE][0].provider)


def _providers(session, rng, service_types) -> dict[ServiceKind, list[ProviderOffering]]:
    offerings: dict[ServiceKind, list[ProviderOffering]] = {kind: [] for kind in ServiceKind}
    kinds = list(ServiceKind)
    for index, name in enumerate(PROVIDERS):
        provider = Provider(
            name=name,
            business_id=_business_id(rng),
            phone=f"06 555 {1000 + index:04d}",
            email=f"info{index + 1}@provider.example.fi",
        )
        session.add(provider)
        # Every kind of service has at least two providers; most providers offer two or three.
        offered = {kinds[index % len(kinds)], kinds[(index + 3) % len(kinds)], rng.choice(kinds)}
        for kind in offered:
            value = VOUCHER_VALUES[kind]
            price = value + rng.choice((-10, -5, 0, 0, 5, 10, 15, 20)) * value // 100
            offering = ProviderOffering(provider=provider, service_type=service_types[kind], unit_price_cents=price)
            session.add(offering)
            offerings[kind].append(offering)
    session.flush()
    return offerings


def _clients(session, rng, municipalities, managers) -> list[Client]:
    clients = [
        Client(first_name="Aino", last_name="Virtanen", language="fi",
               municipality_id=municipalities[0].id, case_manager_id=managers[0].id)
    ]
    while len(clients) < 32:
        swedish = len(clients) % 2 == 0
        first_names, last_names = SWEDISH_NAMES if swedish else FINNISH_NAMES
        clients.append(
            Client(
                first_name=rng.choice(first_names),
                last_name=rng.choice(last_names),
                language="sv" if swedish else "fi",
                municipality_id=rng.choice(municipalities).id,
                case_manager_id=rng.choice(managers).id,
            )
        )
    session.add_all(clients)
    session.flush()
    return clients


def _plans(session, rng, client, service_types, offerings, today, with_history) -> None:
    start = _months_back(today, 5)
    if client.first_name == "Aino" and client.last_name == "Virtanen" and client.id == 1:
        kinds = [ServiceKind.HOME_CARE, ServiceKind.HOME_HELP, ServiceKind.MEALS, ServiceKind.TRANSPORT]
        with_history = True
    else:
        kinds = rng.sample(list(ServiceKind), rng.randint(1, 4))
    version = 1
    if with_history:
        old_start = _months_back(start, 12)
        old = _plan(session, rng, client, service_types, kinds[:-1] or kinds, old_start, version,
                    PlanStatus.SUPERSEDED)
        for line in old.lines:
            post_entry(session, line.voucher.id, EntryKind.CLOSE, line.voucher.remaining_cents)
        version += 1
    plan = _plan(session, rng, client, service_types, kinds, start, version, PlanStatus.ACCEPTED)
    for line in plan.lines:
        kind = ServiceKind(line.service_type.code)
        offering = rng.choice(offerings[kind])
        _events(session, rng, line, offering, start, today)


def _plan(session, rng, client, service_types, kinds, start, version, status) -> Plan:
    goals = GOALS_SV if client.language == "sv" else GOALS_FI
    plan = Plan(
        client_id=client.id,
        version=version,
        status=status.value,
        period_start=start,
        period_end=_year_from(start),
        review_date=_months_back(start, -7) + timedelta(days=14),
        accepted_on=start - timedelta(days=12),
        case_manager_id=client.case_manager_id,
    )
    plan.goals = [PlanGoal(position=i, text=text) for i, text in enumerate(rng.sample(goals, 3))]
    plan.lines = [
        PlanLine(
            position=i,
            service_type=service_types[kind],
            quantity_per_month=rng.choice(MONTHLY_QUANTITY[kind]),
            voucher_value_cents=VOUCHER_VALUES[kind],
        )
        for i, kind in enumerate(kinds)
    ]
    session.add(plan)
    session.flush()
    for line in plan.lines:
        line.voucher = Voucher(client_id=client.id, period_start=plan.period_start, period_end=plan.period_end)
        session.flush()
        budget = line.quantity_per_month * line.voucher_value_cents * 12
        post_entry(session, line.voucher.id, EntryKind.GRANT, budget)
    session.flush()
    return plan


def _events(session, rng, line, offering, start, today) -> None:
    for month in months_between(start, today):
        month_end = min(next_month(month) - timedelta(days=1), today)
        share = rng.uniform(0.6, 1.0) * (month_end.day / (next_month(month) - month).days)
        units_left = int(line.quantity_per_month * share)
        while units_left > 0:
            units = min(units_left, rng.randint(1, 3))
            units_left -= units
            charge = split_charge(units, offering.unit_price_cents, line.voucher_value_cents)
            event = ServiceEvent(
                voucher_id=line.voucher.id,
                provider_id=offering.provider_id,
                service_date=month + timedelta(days=rng.randrange(month_end.day)),
                units=units,
                unit_price_cents=offering.unit_price_cents,
                charged_cents=charge.to_budget_cents,
                self_pay_cents=charge.self_pay_cents,
            )
            session.add(event)
            session.flush()
            post_entry(session, line.voucher.id, EntryKind.CHARGE, charge.to_budget_cents, event.id)


def _accounts(session, client, manager, provider) -> None:
    password_hash = hash_password(PASSWORD)
    session.add_all(
        [
            User(username="client", password_hash=password_hash, role="client",
                 display_name=client.full_name, client_id=client.id),
            User(username="relative", password_hash=password_hash, role="relative",
                 display_name="Mikko Virtanen"),
            User(username="casemanager", password_hash=password_hash, role="case_manager",
                 display_name=manager.name, case_manager_id=manager.id),
            User(username="provider", password_hash=password_hash, role="provider",
                 display_name="Pirjo Aurinko", provider_id=provider.id),
            User(username="admin", password_hash=password_hash, role="admin",
                 display_name="Anders Admin"),
        ]
    )
