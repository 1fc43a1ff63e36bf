"""A bilingual demo county: clients, plans, providers, six months of services.

Generated from a fixed seed and dated relative to `today`, so the demo always
looks current. Demo accounts (password `demo-password`) are made only here.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from portal.db.models import (
    CaseManager,
    Client,
    County,
    Mandate,
    Municipality,
    Plan,
    PlanGoal,
    Provider,
    ProviderChoice,
    ProviderLanguage,
    ProviderOffering,
    ProviderOffice,
    ProviderRating,
    ProviderSpecialism,
    ServiceType,
    User,
)
from portal.domain.budget import Band
from portal.domain.business_id import check_digit
from portal.domain.mandates import MandateStatus, RequestedBy, Scope
from portal.domain.plans import PlanStatus, month_start, months_between, next_month
from portal.domain.providers import ChoiceStatus, Chooser, Specialism
from portal.domain.roles import Role
from portal.domain.service_types import UNIT_OF, ServiceKind
from portal.services.auth import hash_password

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

# Coefficients for services given at any hour, and a travel supplement per hour far out.
PRICE_RULES = {
    kind: {"evening_coefficient": Decimal("1.15"), "saturday_coefficient": Decimal("1.20"),
           "sunday_coefficient": Decimal("2.00"), "travel_supplement_cents": 250}
    for kind in (ServiceKind.HOME_CARE, ServiceKind.PERSONAL_ASSISTANCE)
}

# The demo client's plan, as the README describes it.
DEMO_CLIENT_QUANTITY = {
    ServiceKind.HOME_CARE: 20,
    ServiceKind.HOME_HELP: 8,
    ServiceKind.MEALS: 20,
    ServiceKind.TRANSPORT: 4,
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

# (name, languages): Finnish, Swedish-only, bilingual and a few with other languages too.
PROVIDERS = [
    *[(f"{name} Oy", ["fi"]) for name in [
        "Aurinko Kotiapu", "Kotirinne", "Lepohetki", "Siisti Koti", "Apu ja Avustus", "Pohjanmaan Hoiva",
        "Kyyti Pohjanmaa", "Ateria-Aitta", "Hyvä Arki", "Kotiavustajat", "Hoivaliike Helmi", "Seniori-Apu",
        "Vaasan Kotipalvelu", "Koivulan Hoiva", "Onnilan Kotihoito", "Tuulikin Tukipalvelut",
        "Kultaranta Hoiva", "Päiväkeskus Pilvi", "Arjen Tuki", "Mummola-Palvelut",
    ]],
    *[(f"{name} Ab", ["sv"]) for name in [
        "Hemtjänst Österbotten", "Vasa Omsorg", "Närpes Hemvård", "Städservice Kust", "Dagcenter Solglimten",
        "Färdtjänst Norr", "Vårdhemmet Strandbo", "Omsorgsbolaget Lugn", "Jakobstads Hemhjälp",
        "Kustens Assistans", "Måltidsbolaget Smakbit", "Trygg Hemma",
    ]],
    *[(f"{name} Oy Ab", ["fi", "sv"]) for name in [
        "Kotiapu – Hemhjälp", "Hoiva & Omsorg", "Ateriapalvelu – Måltidsservice", "Pohjanmaan Avustajat – Österbottens Assistenter",
        "Kyyti – Skjuts", "Apu – Hjälp", "Vanhustenpalvelu Rauha – Äldreservice Ro", "Lähihoito – Närvård",
    ]],
    ("Nordic Care Services Oy Ab", ["fi", "sv", "en"]),
    ("Baltic Home Help Oy", ["fi", "en", "et", "ru"]),
    ("Kotihoiva Salam Oy", ["fi", "ar", "so"]),
    ("Vårdhemmet Kvarken Ab", ["sv", "fi", "en"]),
]

STREETS = {
    "Vaasa": ("65100", ["Kauppapuistikko", "Hovioikeudenpuistikko", "Vaasanpuistikko", "Pitkäkatu"]),
    "Pietarsaari": ("68600", ["Storgatan", "Kanalesplanaden", "Skolgatan", "Alholmsgatan"]),
    "Närpiö": ("64200", ["Närpesvägen", "Kyrkvägen", "Östra Långgatan", "Gamla vägen"]),
}

DESCRIPTIONS_FI = [
    "Tuemme ikäihmisiä kotona arjen askareissa ja hoidossa. Tutut työntekijät ja joustavat käyntiajat.",
    "Pieni paikallinen yritys, jonka hoitajilla on pitkä kokemus vanhustyöstä.",
    "Palvelemme joustavasti myös iltaisin ja viikonloppuisin. Kysy lisää!",
    "Laadukasta ja turvallista palvelua kotiisi. Työntekijämme ovat koulutettuja lähihoitajia.",
]
DESCRIPTIONS_SV = [
    "Vi hjälper äldre att bo tryggt hemma. Samma personal vid varje besök.",
    "Ett litet lokalt företag med lång erfarenhet av äldreomsorg.",
    "Vi arbetar även kvällar och veckoslut. Fråga oss gärna!",
    "Trygg och kunnig service i ditt hem. Vår personal är utbildade närvårdare.",
]
COMMENTS_FI = ["Ystävällinen ja täsmällinen hoitaja.", "Tulivat aina sovittuun aikaan.", "Hyvää palvelua, kiitos.",
               "Vaihtuvia työntekijöitä liikaa.", "Ruoka oli hyvää ja lämmintä."]
COMMENTS_SV = ["Vänlig och noggrann personal.", "Kom alltid i tid.", "Bra service, tack.",
               "För många olika personer.", "Maten var god och varm."]

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
    service_types = {
        kind: ServiceType(code=kind.value, unit=UNIT_OF[kind].value, reference_price_cents=VOUCHER_VALUES[kind],
                          **PRICE_RULES.get(kind, {}))
        for kind in ServiceKind
    }
    session.add_all([*managers, *service_types.values()])
    session.flush()

    providers = _providers(session, rng, service_types, municipalities)
    clients = _clients(session, rng, municipalities, managers)
    for index, client in enumerate(clients):
        _plans(session, rng, client, service_types, providers, today, with_history=index % 3 == 0)
    users = _accounts(session, clients[0], managers[0], providers[0])
    _mandates(session, users, clients, today)
    _proposal_and_messages(session, clients[0], service_types, users, today)


def _providers(session, rng, service_types, municipalities) -> list[Provider]:
    kinds = list(ServiceKind)
    providers = []
    for index, (name, languages) in enumerate(PROVIDERS):
        home = municipalities[index % len(municipalities)]
        served = [home] + [m for m in municipalities if m is not home and rng.random() < 0.5]
        provider = Provider(
            name=name,
            business_id=_business_id(rng),
            phone=f"06 555 {1000 + index:04d}",
            email=f"info{index + 1}@provider.example.fi",
            website=f"https://provider{index + 1}.example.fi",
            description_fi=rng.choice(DESCRIPTIONS_FI) if "fi" in languages else "",
            description_sv=rng.choice(DESCRIPTIONS_SV) if "sv" in languages else "",
            # Every seventh provider is full and takes no new clients for now.
            accepts_new_clients=index % 7 != 3,
            municipalities=served,
        )
        provider.languages = [ProviderLanguage(language=code) for code in languages]
        provider.specialisms = [
            ProviderSpecialism(code=code.value) for code in rng.sample(list(Specialism), rng.choice((0, 1, 1, 2)))
        ]
        postal_code, streets = STREETS[home.name_fi]
        provider.offices = [
            ProviderOffice(street=f"{rng.choice(streets)} {rng.randint(1, 40)}", postal_code=postal_code,
                           municipality_id=home.id)
        ]
        session.add(provider)
        offered = {kinds[index % len(kinds)], kinds[(index + 3) % len(kinds)], rng.choice(kinds)}
        for kind in offered:
            value = VOUCHER_VALUES[kind]
            price = value + rng.choice((-10, -5, -2, 0, 0, 3, 5, 8, 10, 15, 20)) * value // 100
            session.add(
                ProviderOffering(
                    provider=provider,
                    service_type=service_types[kind],
                    unit_price_cents=price,
                    valid_from=date(2025, 1, 1),
                    approved_on=date(2024, 12, 15),
                )
            )
        if index % 11 == 5:
            # A price the county has not yet approved: clients never see it.
            kind = next(k for k in kinds if k not in offered)
            session.add(
                ProviderOffering(provider=provider, service_type=service_types[kind],
                                 unit_price_cents=VOUCHER_VALUES[kind], valid_from=date(2025, 1, 1))
            )
        providers.append(provider)
    session.flush()
    return providers


def _eligible(providers, kind: ServiceKind, municipality_id: int) -> list[ProviderOffering]:
    return [
        offering
        for provider in providers
        if provider.accepts_new_clients and any(m.id == municipality_id for m in provider.municipalities)
        for offering in provider.offerings
        if offering.service_type.code == kind.value and offering.approved_on
    ]


def _clients(session, rng, municipalities, managers) -> list[Client]:
    clients = [
        Client(client_number="A0000001", first_name="Aino", last_name="Virtanen", language="fi",
               municipality_id=municipalities[0].id, case_manager_id=managers[0].id)
    ]
    while len(clients) < 32:
        swedish = len(clients) % 2 == 0
        first_names, last_names = SWEDISH_NAMES if swedish else FINNISH_NAMES
        clients.append(
            Client(
                client_number=f"A{len(clients) + 1:07d}",
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


def _plans(session, rng, client, service_types, providers, today, with_history) -> None:
    start = _months_back(today, 5)
    demo_client = client.client_number == "A0000001"
    if demo_client:
        kinds = [ServiceKind.HOME_CARE, ServiceKind.HOME_HELP, ServiceKind.MEALS, ServiceKind.TRANSPORT]
        with_history = True
    else:
        kinds = rng.sample(list(ServiceKind), rng.randint(1, 4))
    version = 1
    if with_history:
        _plan(session, rng, client, service_types, kinds[:-1] or kinds, _months_back(start, 12), version)
        version += 1
    plan = _plan(session, rng, client, service_types, kinds, start, version)
    for line in plan.lines:
        kind = ServiceKind(line.service_type.code)
        if demo_client and kind is ServiceKind.TRANSPORT:
            continue  # the demo client has yet to choose a provider for this one
        offerings = _eligible(providers, kind, client.municipality_id)
        first = rng.choice(offerings)
        if demo_client and kind is ServiceKind.HOME_CARE:
            # The demo client switched home care provider two months ago.
            switched = _months_back(today, 1)
            # ... to the provider whose demo account records her services.
            second = next((o for o in offerings if o.provider_id == providers[0].id), None) or rng.choice(
                [o for o in offerings if o.provider_id != first.provider_id])
            if second.provider_id == first.provider_id:
                first = rng.choice([o for o in offerings if o.provider_id != second.provider_id])
            before = _choose(session, line, first, start, switched - timedelta(days=1), Chooser.CLIENT)
            after = _choose(session, line, second, switched, None, Chooser.RELATIVE)  # Mikko chose it for her
            _events(session, rng, line, before, start, switched - timedelta(days=1), today)
            _events(session, rng, line, after, switched, today, today)
        else:
            _events(session, rng, line, _choose(session, line, first, start, None, _chooser(client)), start, today, today)
        _rate(session, rng, client, line, first.provider_id)


def _chooser(client) -> Chooser:
    """A relative chose the providers of every third client; the others chose their own."""
    return Chooser.RELATIVE if int(client.client_number[1:]) % 3 == 0 else Chooser.CLIENT


def _choose(session, line, offering, valid_from, valid_to, chosen_by: Chooser) -> ProviderChoice:
    choice = ProviderChoice(plan_line_id=line.id, provider_id=offering.provider_id, valid_from=valid_from,
                            valid_to=valid_to, status=ChoiceStatus.ACCEPTED.value, chosen_by=chosen_by.value)
    session.add(choice)
    session.flush()
    return choice


def _rate(session, rng, client, line, provider_id) -> None:
    if rng.random() < 0.25:
        return
    comments = COMMENTS_SV if client.language == "sv" else COMMENTS_FI
    session.add(
        ProviderRating(
            client_id=client.id,
            provider_id=provider_id,
            plan_line_id=line.id,
            score=rng.choice((2, 3, 4, 4, 5, 5, 5)),
            comment=rng.choice(comments) if rng.random() < 0.5 else "",
        )
    )


def _plan(session, rng, client, service_types, kinds, start, version) -> Plan:
    """A plan drawn up, proposed and accepted as a case manager and the client would, 12 days before it starts."""
    from portal.services import plans

    goals = GOALS_SV if client.language == "sv" else GOALS_FI
    plan = Plan(client_id=client.id, version=version, status=PlanStatus.DRAFT.value, period_start=start,
                period_end=_year_from(start), review_date=_months_back(start, -7) + timedelta(days=14),
                case_manager_id=client.case_manager_id)
    plan.goals = [PlanGoal(position=i, text=text) for i, text in enumerate(rng.sample(goals, 3))]
    session.add(plan)
    session.flush()
    for kind in kinds:
        quantity = DEMO_CLIENT_QUANTITY.get(kind) if client.client_number == "A0000001" else rng.choice(MONTHLY_QUANTITY[kind])
        plans.add_line(session, plan, service_types[kind], {Band.WEEKDAY: quantity}, travel=False, county_units=0)
    accepted_on = start - timedelta(days=12)
    plans.propose(plan, accepted_on)
    session.flush()
    return plans.accept(session, client.id, plan.id, accepted_on)


def _events(session, rng, line, choice, start, end, today) -> None:
    """Services the provider recorded on the day they were delivered, through the recording rules."""
    from portal.services import provider_work

    for month in months_between(start, end):
        month_begin = max(month, start)
        month_end = min(next_month(month) - timedelta(days=1), end)
        days = (month_end - month_begin).days + 1
        # Past months used most of their quantity; this month, less than half so far.
        pace = rng.uniform(0.2, 0.45) if month == month_start(today) else rng.uniform(0.6, 1.0)
        share = pace * (days / (next_month(month) - month).days)
        units_left = int(line.quantity_per_month * share)
        if month == month_start(today):
            units_left = max(1, units_left)  # early in a month too, the provider has something on its list
        while units_left > 0:
            units = min(units_left, rng.randint(1, 3))
            units_left -= units
            day = month_begin + timedelta(days=rng.randrange(days))
            provider_work.record(session, choice.provider_id, None, choice.id, day, units, day)


def _accounts(session, client, manager, provider) -> dict[str, User]:
    password_hash = hash_password(PASSWORD)
    users = {
        user.username: user
        for user in [
            User(username="client", password_hash=password_hash, role=Role.CLIENT,
                 display_name=client.full_name, client_id=client.id),
            User(username="relative", password_hash=password_hash, role=Role.RELATIVE,
                 display_name="Mikko Virtanen"),
            User(username="casemanager", password_hash=password_hash, role=Role.CASE_MANAGER,
                 display_name=manager.name, case_manager_id=manager.id),
            User(username="provider", password_hash=password_hash, role=Role.PROVIDER,
                 display_name="Pirjo Aurinko", provider_id=provider.id),
            User(username="admin", password_hash=password_hash, role=Role.ADMIN,
                 display_name="Anders Admin"),
        ]
    }
    session.add_all(users.values())
    session.flush()
    return users


def _proposal_and_messages(session, client, service_types, users, today) -> None:
    """The case manager has proposed a new plan to the demo client after they asked for more help."""
    from portal.services import plans

    session.refresh(client, ["plans"])
    draft = plans.new_version(session, client, users["casemanager"].case_manager_id, today)
    draft.goals.append(PlanGoal(position=len(draft.goals), text="Pääsen ulos kävelylle kahdesti viikossa."))
    home_care = next(line for line in draft.lines if line.service_type.code == ServiceKind.HOME_CARE)
    draft.lines.remove(home_care)
    session.delete(home_care)
    plans.add_line(session, draft, service_types[ServiceKind.HOME_CARE],
                   {Band.WEEKDAY: 18, Band.EVENING: 5, Band.SUNDAY: 2}, travel=False, county_units=4)
    plans.propose(draft, today - timedelta(days=2))
    plans.send_message(session, users["client"], client.id,
                       "Tarvitsisin enemmän apua iltaisin. Voisimmeko tarkistaa suunnitelman?", asks_for_review=True)
    plans.send_message(session, users["casemanager"], client.id,
                       "Hei Aino, tein uuden suunnitelman, jossa on enemmän kotihoitoa iltaisin. Lue se ja hyväksy, jos se sopii.")


def _mandates(session, users, clients, today) -> None:
    """The relative acts for the demo client, may view another client's matters for a
    few more weeks (given on paper), and once had a mandate that was revoked."""
    relative, case_manager = users["relative"], users["casemanager"]
    session.add_all(
        [
            Mandate(client_id=clients[0].id, holder_user_id=relative.id, scope=Scope.ACT.value,
                    status=MandateStatus.ACTIVE.value, valid_until=date(today.year + 1, 12, 31),
                    requested_by=RequestedBy.CLIENT.value),
            Mandate(client_id=clients[2].id, holder_user_id=relative.id, scope=Scope.VIEW.value,
                    status=MandateStatus.ACTIVE.value, valid_until=today + timedelta(days=20),
                    requested_by=RequestedBy.CASE_MANAGER.value, paper_signed_on=today - timedelta(days=300),
                    recorded_by_user_id=case_manager.id),
            Mandate(client_id=clients[0].id, holder_user_id=relative.id, scope=Scope.VIEW.value,
                    status=MandateStatus.REVOKED.value, valid_until=today - timedelta(days=100),
                    requested_by=RequestedBy.CLIENT.value),
        ]
    )
