"""The demo county: a bilingual wellbeing services county in Ostrobothnia, its providers,
32 clients with their plans, six months of services, and Aino Virtanen's story.

Told with the builders (`portal/builders.py`) from a fixed seed and dated relative to `today`,
so the demo always looks current. Demo accounts (password `demo-password`) are made only here.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.builders import (
    PASSWORD, WellbeingCounty, a_choice, a_client, a_county, a_disputed_service, a_feedback, a_finding, a_mandate,
    a_message, a_proposed_version, a_provider, a_quality, a_rating, a_switch, an_accepted_plan, an_account,
    an_agreement, services_recorded, terms_proposed,
)
from portal.db.models import Client, Plan, PlanLine, Provider, ProviderOffering, ServiceAgreement, ServiceType
from portal.domain.agreements import AgreementStatus, ran_long_enough_to_rate
from portal.domain import identity_codes
from portal.domain.budget import Band
from portal.domain.feedback import FeedbackKind, FeedbackStatus
from portal.domain.mandates import MandateSource, MandateStatus, RegisterRight, RequestedBy, Scope
from portal.domain.plans import PlanStatus, month_start, months_between, next_month
from portal.domain.providers import Chooser, Specialism, choice_in_force
from portal.domain.quality import ComplaintYear, FindingKind, QualityStatus
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import identities
from portal.vocabulary import (
    CASE_MANAGERS,
    COMMENTS_FI,
    COMMENTS_SV,
    FINNISH_NAMES,
    GOALS_FI,
    GOALS_SV,
    MONTHLY_QUANTITY,
    RATING_SCORES,
    SWEDISH_NAMES,
    VOUCHER_VALUES,
    business_id,
    chooser_of,
    months_back,
    usage_pace,
)

__all__ = ["ACCOUNTS", "PASSWORD", "load"]

ACCOUNTS = ("client", "relative", "casemanager", "provider", "admin")
CLIENTS = 32
# Mikko's test identity code, and that of the client whose matters he handles by a Suomi.fi e-Authorization.
RELATIVE_IDENTITY_CODE = identity_codes.for_tests(date(1958, 3, 14), 931)
REGISTER_PRINCIPAL = 5  # that client's place among the demo clients
REGISTER_PRINCIPAL_CODE = identity_codes.for_tests(date(1934, 11, 2), 952)


def client_identity_code(index: int) -> str:
    """The test identity code of the demo's index-th client (Aino is the first), for strong sign-in at a local
    OpenID provider (README)."""
    if index == REGISTER_PRINCIPAL:
        return REGISTER_PRINCIPAL_CODE
    return identity_codes.for_tests(date(1930 + index % 20, index % 12 + 1, index % 28 + 1), 900 + index)


# The demo client's plan, as the README describes it.
DEMO_CLIENT_QUANTITY = {
    ServiceKind.HOME_CARE: 20,
    ServiceKind.HOME_HELP: 8,
    ServiceKind.MEALS: 20,
    ServiceKind.TRANSPORT: 4,
}

# How far (in percent) a provider's price is from the voucher value.
PRICE_CHANGES = (-10, -5, -2, 0, 0, 3, 5, 8, 10, 15, 20)

OWNERS_FI = ["Yrityksen omistavat sen perustajat, kaksi sairaanhoitajaa.", "Perheyritys, jonka omistaa Laineen perhe.",
             "Osa valtakunnallista hoivakonsernia, jonka omistaa pääomasijoitusrahasto.", "Osuuskunta, jonka omistavat sen työntekijät."]
OWNERS_SV = ["Företaget ägs av sina grundare, två sjukskötare.", "Ett familjeföretag som ägs av familjen Lind.",
             "En del av en rikstäckande omsorgskoncern som ägs av en kapitalfond.", "Ett andelslag som ägs av sina anställda."]
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


def load(session: Session, today: date, seed: int = 2026, identity_secret: str | None = None) -> None:
    """The county and its 44 providers; Aino Virtanen and 31 other clients, each with a plan
    that began five months ago (every third also with last year's), the providers they chose
    and the services recorded since; the demo accounts; the relative's mandates; and a new plan
    the case manager has just proposed to Aino after she asked for more help in the evenings; feedback
    in the county's inbox; and two service agreements in the making (terms waiting for Aino's answer, and a
    client who asked the demo account's provider for changes). With `identity_secret` (the portal's
    IDENTITY_KEY_SECRET), the clients and the relative have the identity keys of their test identity codes."""
    rng = random.Random(seed)
    county = a_county(session, case_managers=CASE_MANAGERS)
    providers = [_provider(session, rng, county, index, name, languages)
                 for index, (name, languages) in enumerate(PROVIDERS)]
    aino = a_client(session, county, "Aino", "Virtanen")
    clients = [aino] + [_client(session, rng, county, swedish=index % 2 == 0) for index in range(1, CLIENTS)]
    for index, client in enumerate(clients):
        _plans_and_services(session, rng, client, providers, today, with_history=index % 3 == 0,
                            demo_provider=providers[0] if client is aino else None)

    client_account = an_account(session, Role.CLIENT, "client", client=aino)
    relative = an_account(session, Role.RELATIVE, "relative", "Mikko Virtanen")
    case_manager = an_account(session, Role.CASE_MANAGER, "casemanager", case_manager=county.case_managers[0])
    an_account(session, Role.PROVIDER, "provider", "Pirjo Aurinko", provider=providers[0])
    admin = an_account(session, Role.ADMIN, "admin", "Anders Admin")

    # The relative acts for Aino, may view another client's matters for a few more weeks
    # (given on paper), and once had a mandate from Aino that was revoked.
    a_mandate(session, aino, relative, valid_until=date(today.year + 1, 12, 31))
    a_mandate(session, clients[2], relative, today + timedelta(days=20), Scope.VIEW,
              requested_by=RequestedBy.CASE_MANAGER, paper_signed_on=today - timedelta(days=300),
              recorded_by=case_manager)
    a_mandate(session, aino, relative, today - timedelta(days=100), Scope.VIEW, MandateStatus.REVOKED)
    if identity_secret:
        for index, client in enumerate(clients):
            client.identity_key = identities.identity_key(client_identity_code(index), identity_secret)
        relative.identity_key = identities.identity_key(RELATIVE_IDENTITY_CODE, identity_secret)
    # He also handles another client's matters by a Suomi.fi e-Authorization, read from the register when he last
    # signed in strongly; with AUTHORIZATION_REGISTER=fake the register holds it (`authorize_in`).
    a_mandate(session, clients[REGISTER_PRINCIPAL], relative, register_end(today), requested_by=RequestedBy.REGISTER,
              source=MandateSource.SUOMI_FI)

    # The case manager has proposed a new plan to Aino after she asked for more help.
    a_proposed_version(session, aino, today - timedelta(days=2),
                       {ServiceKind.HOME_CARE: {Band.WEEKDAY: 18, Band.EVENING: 5, Band.SUNDAY: 2}}, county_units=4,
                       more_goals=["Pääsen ulos kävelylle kahdesti viikossa."])
    a_message(session, client_account, aino,
              "Tarvitsisin enemmän apua iltaisin. Voisimmeko tarkistaa suunnitelman?", asks_for_review=True)
    a_message(session, case_manager, aino,
              "Hei Aino, tein uuden suunnitelman, jossa on enemmän kotihoitoa iltaisin. Lue se ja hyväksy, jos se sopii.")
    _feedback(session, today, admin)
    # Last month's services wait for Aino's confirmation; she disputed one visit, which waits for the provider.
    a_disputed_service(session, aino, client_account, providers[0], month_start(month_start(today) - timedelta(days=1)),
                       today, note="Hoitaja oli paikalla vain puoli tuntia.")
    _quality(session, providers, today)
    _the_demo_providers_ratings(session, rng, providers[0], aino, today)
    _agreements_in_the_making(session, providers, aino, today)


def register_end(today: date) -> date:
    return date(today.year + 2, 6, 30)


def authorize_in(register, issue: str, today: date) -> None:
    """The demo's one authorization in a fake Suomi.fi e-Authorizations register: Mikko may handle the matters
    of the client whose register mandate the demo shows. (For a strong sign-in to find that client, the client's
    identity key must be made from REGISTER_PRINCIPAL_CODE with the portal's IDENTITY_KEY_SECRET.)"""
    register.authorize(RELATIVE_IDENTITY_CODE, REGISTER_PRINCIPAL_CODE, issue, {RegisterRight.HANDLE},
                       register_end(today))


def _feedback(session, today: date, admin) -> None:
    """Feedback in the county's inbox: one just received, one in progress and due soon, one late, one answered."""
    def received(days_ago: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(9), UTC)

    a_feedback(session, "Taulukko ei mahdu puhelimen näytölle, ja summia on vaikea lukea suurennettuna.",
               received(2), page="Mihin budjettia on käytetty", reply_to="lukija@example.fi")
    a_feedback(session, "Jag hittar inte var jag kan se vem som har tittat på mina uppgifter. Kunde det stå tydligare?",
               received(11), FeedbackKind.OTHER, status=FeedbackStatus.IN_PROGRESS)
    a_feedback(session, "Ruudunlukija ei lue palveluntuottajien vertailun sarakeotsikoita.", received(16),
               page="Palveluntuottajien vertailu", reply_to="omainen@example.fi")
    a_feedback(session, "Voisiko portaaliin lisätä ohjeet selkokielellä?", received(20), FeedbackKind.OTHER,
               reply_to="aino.virtanen@example.fi", status=FeedbackStatus.ANSWERED, replied_by=admin,
               reply="Kiitos palautteesta. Selkokieliset ohjeet ovat työn alla, ja ne julkaistaan portaalissa keväällä.")


def _quality(session, providers: list[Provider], today: date) -> None:
    """Quality information the county approved for most providers (Lepohetki tells only its staff count), a
    supervision remark for Kotirinne, and Aurinko Kotiapu's new figures waiting for the county."""
    approved_on = today - timedelta(days=40)
    for index, provider in enumerate(providers):
        if index == 2:
            a_quality(session, provider, approved_on, staff_count=6, step_free=None)
            continue
        swedish = provider.name.endswith(" Ab")
        founded = 1985 + index * 3 % 35
        a_quality(session, provider, approved_on, staff_count=8 + index * 7 % 60,
                  continuity_percent=62 + index * 11 % 35, founded_year=founded,
                  ownership_fi="" if swedish else OWNERS_FI[index % len(OWNERS_FI)],
                  ownership_sv=OWNERS_SV[index % len(OWNERS_SV)] if swedish or index % 4 == 0 else "",
                  languages=("sv", "fi") if swedish else ("fi", "en") if index % 3 else ("fi", "sv"),
                  complaints=(ComplaintYear(today.year - 1, index % 5, min(index % 5, index % 2)),
                              ComplaintYear(today.year - 2, index % 3, 0)),
                  step_free=index % 5 != 1, parking=index % 2 == 0)
        a_finding(session, provider, today - timedelta(days=200 + index * 13))
    a_finding(session, providers[1], today - timedelta(days=90), FindingKind.REMARK,
              "Asiakkaiden hoito- ja palvelusuunnitelmia ei ollut päivitetty puolen vuoden välein.",
              "Klienternas vård- och serviceplaner hade inte uppdaterats var sjätte månad.")
    a_quality(session, providers[0], today - timedelta(days=3), QualityStatus.SUBMITTED, staff_count=31,
              continuity_percent=84, founded_year=1998, ownership_fi=OWNERS_FI[0], ownership_sv=OWNERS_SV[0],
              languages=("fi", "sv", "en"), complaints=(ComplaintYear(today.year - 1, 3, 1),), step_free=True,
              parking=True)


def _provider(session, rng, county: WellbeingCounty, index: int, name: str, languages: list[str]) -> Provider:
    """A provider at home in one municipality, serving some others, with prices near the voucher values."""
    municipalities = county.municipalities
    home = municipalities[index % len(municipalities)]
    served = [home] + [m for m in municipalities if m is not home and rng.random() < 0.5]
    details = dict(
        business_id=business_id(rng),
        phone=f"06 555 {1000 + index:04d}",
        email=f"info{index + 1}@provider.example.fi",
        website=f"https://provider{index + 1}.example.fi",
        description_fi=rng.choice(DESCRIPTIONS_FI) if "fi" in languages else "",
        description_sv=rng.choice(DESCRIPTIONS_SV) if "sv" in languages else "",
        # Every seventh provider is full and takes no new clients for now.
        accepts_new_clients=index % 7 != 3,
    )
    specialisms = rng.sample(list(Specialism), rng.choice((0, 1, 1, 2)))
    postal_code, streets = STREETS[home.name_fi]
    office = (f"{rng.choice(streets)} {rng.randint(1, 40)}", postal_code, home)
    kinds = list(ServiceKind)
    offered = dict.fromkeys([kinds[index % len(kinds)], kinds[(index + 3) % len(kinds)], rng.choice(kinds)])  # in order: the same demo every run
    offers = {}
    for kind in offered:
        value = VOUCHER_VALUES[kind]
        offers[kind] = value + rng.choice(PRICE_CHANGES) * value // 100
    # Some have a price the county has not yet approved: clients never see it.
    unapproved = next(k for k in kinds if k not in offered) if index % 11 == 5 else None
    return a_provider(session, county, name, offers, languages, served, office, specialisms,
                      not_yet_approved={unapproved: VOUCHER_VALUES[unapproved]} if unapproved else None, **details)


def _client(session, rng, county: WellbeingCounty, swedish: bool) -> Client:
    first_names, last_names = SWEDISH_NAMES if swedish else FINNISH_NAMES
    return a_client(session, county, rng.choice(first_names), rng.choice(last_names), "sv" if swedish else "fi",
                    rng.choice(county.municipalities), rng.choice(county.case_managers))


def _eligible(providers: list[Provider], kind: ServiceKind, municipality_id: int) -> list[ProviderOffering]:
    """The approved offers of this kind by the providers who serve the municipality and take new clients."""
    return [
        offering
        for provider in providers
        if provider.accepts_new_clients and any(m.id == municipality_id for m in provider.municipalities)
        for offering in provider.offerings
        if offering.service_type.code == kind.value and offering.approved_on
    ]


def _plans_and_services(session, rng, client: Client, providers: list[Provider], today: date, with_history: bool,
                        demo_provider: Provider | None) -> None:
    """The client's plan since five months ago (and last year's), a provider chosen for each line,
    the services they recorded, and a rating. The demo client (with `demo_provider`) switched home
    care provider last month, to the provider of the demo account, and has yet to choose for transport."""
    start = months_back(today, 5)
    if demo_provider is not None:
        kinds = list(DEMO_CLIENT_QUANTITY)
        with_history = True
    else:
        kinds = rng.sample(list(ServiceKind), rng.randint(1, 4))
    if with_history:
        _plan(session, rng, client, kinds[:-1] or kinds, months_back(start, 12), demo_provider is not None)
    plan = _plan(session, rng, client, kinds, start, demo_provider is not None)
    for line in plan.lines:
        kind = ServiceKind(line.service_type.code)
        if demo_provider is not None and kind is ServiceKind.TRANSPORT:
            continue  # the demo client has yet to choose a provider for this one
        offerings = _eligible(providers, kind, client.municipality_id)
        first = rng.choice(offerings)
        if demo_provider is not None and kind is ServiceKind.HOME_CARE:
            switched = months_back(today, 1)
            second = next((o for o in offerings if o.provider_id == demo_provider.id), None) or rng.choice(
                [o for o in offerings if o.provider_id != first.provider_id])
            if second.provider_id == first.provider_id:
                first = rng.choice([o for o in offerings if o.provider_id != second.provider_id])
            before = a_choice(session, line, first.provider, start, switched - timedelta(days=1), Chooser.CLIENT)
            after = a_choice(session, line, second.provider, switched, None, Chooser.RELATIVE)  # Mikko chose it for her
            services_recorded(session, before, _visits(rng, line, start, switched - timedelta(days=1), today))
            services_recorded(session, after, _visits(rng, line, switched, today, today))
        else:
            choice = a_choice(session, line, first.provider, start, chosen_by=chooser_of(int(client.client_number[1:])))
            services_recorded(session, choice, _visits(rng, line, start, today, today))
        _rating(session, rng, client, line, first.provider, today)


def _plan(session, rng, client: Client, kinds: list[ServiceKind], start: date, demo_client: bool):
    goals = rng.sample(GOALS_SV if client.language == "sv" else GOALS_FI, 3)
    quantities = {kind: DEMO_CLIENT_QUANTITY[kind] if demo_client else rng.choice(MONTHLY_QUANTITY[kind])
                  for kind in kinds}
    return an_accepted_plan(session, client, quantities, start, goals)


def _visits(rng, line: PlanLine, start: date, end: date, today: date) -> list[tuple[date, int]]:
    """The days and units a provider delivered from `start` to `end`, month by month, at the usage pace."""
    visits = []
    for month in months_between(start, end):
        month_begin = max(month, start)
        month_end = min(next_month(month) - timedelta(days=1), end)
        days = (month_end - month_begin).days + 1
        share = usage_pace(rng, month, today) * (days / (next_month(month) - month).days)
        units_left = int(line.quantity_per_month * share)
        if month == month_start(today):
            units_left = max(1, units_left)  # early in a month too, the provider has something on its list
        while units_left > 0:
            units = min(units_left, rng.randint(1, 3))
            units_left -= units
            visits.append((month_begin + timedelta(days=rng.randrange(days)), units))
    return visits


def _rating(session, rng, client: Client, line: PlanLine, provider: Provider, today: date) -> None:
    """Three clients in four rate the provider they chose first; half of them say something too."""
    if rng.random() < 0.25:
        return
    score = rng.choice(RATING_SCORES)
    comment = rng.choice(COMMENTS_SV if client.language == "sv" else COMMENTS_FI) if rng.random() < 0.5 else ""
    a_rating(session, client, line, provider, score, comment, today)


def _the_demo_providers_ratings(session, rng, provider: Provider, aino: Client, today: date) -> None:
    """Every client of the demo account's provider whose agreement ran a month has rated it with a comment (Aino,
    a client for a month, has yet to); the provider has answered the first of them."""
    agreements = session.scalars(select(ServiceAgreement).where(
        ServiceAgreement.provider_id == provider.id, ServiceAgreement.client_id != aino.id,
        ServiceAgreement.status == AgreementStatus.ACCEPTED).order_by(ServiceAgreement.id))
    answer = {"fi": "Kiitos palautteesta! Kerromme sen tiimillemme.", "sv": "Tack för responsen! Vi berättar den för vårt team."}
    for number, agreement in enumerate(a for a in agreements if ran_long_enough_to_rate(a.starts_on, a.ends_on, today)):
        client = agreement.client
        comment = rng.choice(COMMENTS_SV if client.language == "sv" else COMMENTS_FI)
        a_rating(session, client, agreement.choice.plan_line, provider, rng.choice(RATING_SCORES), comment, today,
                 answer=answer["sv" if client.language == "sv" else "fi"] if number == 0 else None)


def _agreements_in_the_making(session, providers: list[Provider], aino: Client, today: date) -> None:
    """Aino chose a Finnish-speaking provider for her home help from next month; it accepted and today proposed its
    terms, which wait for her answer (she and Mikko are alerted). A client in Vaasa chose the demo account's provider
    for home care from next month and asked for visits in the afternoon; the provider has yet to propose again."""
    home_help = _lines_in_force(session, ServiceKind.HOME_HELP, Client.id == aino.id)[0]
    chosen = a_switch(session, home_help, next(p for p in providers if p.name == "Vaasan Kotipalvelu Oy"),
                      next_month(today), today - timedelta(days=3))
    terms_proposed(session, chosen, today, "Tiistaisin kello 9–11: siivous ja kauppa-asiat.", "Raili Kallio",
                   "040 555 0178", "Peru käynti viimeistään edellisenä arkipäivänä kello 12. Myöhemmin peruttu käynti "
                   "veloitetaan omavastuuosuuden verran.")
    home_care = next(line for line in _lines_in_force(session, ServiceKind.HOME_CARE, Client.language == "fi",
                                                      Client.municipality_id == aino.municipality_id)
                     if choice_in_force(line.choices, today).provider_id != providers[0].id)
    an_agreement(session, a_switch(session, home_care, providers[0], next_month(today), today - timedelta(days=6)),
                 AgreementStatus.CHANGES_ASKED, proposed_on=today - timedelta(days=4),
                 changes_asked="Voisivatko käynnit olla iltapäivisin? Aamupäivisin käyn fysioterapiassa.")


def _lines_in_force(session, kind: ServiceKind, *whose) -> list[PlanLine]:
    """The lines of this kind in the accepted plans of the clients `whose` picks, by client number."""
    return list(session.scalars(select(PlanLine).join(Plan).join(Client).join(ServiceType).where(
        Plan.status == PlanStatus.ACCEPTED, ServiceType.code == kind.value, *whose).order_by(Client.client_number)))
