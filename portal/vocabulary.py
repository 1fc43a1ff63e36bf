"""The words and figures the demo county and the scale generator share: the county's voucher
values and price rules, the monthly quantities a case manager grants, the names of people and
places, goals and comments, and how much of its quantity a month uses."""

import random
from datetime import date, timedelta
from decimal import Decimal

from portal.domain.business_id import check_digit
from portal.domain.plans import month_start
from portal.domain.providers import Chooser
from portal.domain.service_types import ServiceKind

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

# The quantities a month a case manager grants, by kind of service.
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

COUNTY_NAME = ("Pohjanmaan hyvinvointialue", "Österbottens välfärdsområde")
ADVICE = ("06 555 0100", "henkilokohtainen.budjetti@example.fi")
# Where to turn, printed on decisions: the registry office (kirjaamo / registratorskontor), which receives requests
# for review and complaints; the body that decides on the reviews; the social welfare ombudsman; the staff's IT support.
CONTACTS = {
    "registry_address": "Kirjaamo – Registratorskontoret\nPL/PB 1000\n65101 VAASA/VASA",
    "registry_email": "kirjaamo@example.fi",
    "registry_phone": "06 555 0200",
    "review_body_fi": "Pohjanmaan hyvinvointialueen yksilöasioiden jaosto",
    "review_body_sv": "Österbottens välfärdsområdes sektion för individärenden",
    "ombudsman_name": "Liisa Laine",
    "ombudsman_phone": "06 555 0300",
    "ombudsman_email": "sosiaaliasiavastaava@example.fi",
    "staff_support_phone": "06 555 0400",
}
MUNICIPALITIES = [("Vaasa", "Vasa"), ("Pietarsaari", "Jakobstad"), ("Närpiö", "Närpes")]
# The clients' register addresses: a street in Finnish and in Swedish, and each municipality's postal code.
STREETS = [("Kauppapuistikko", "Handelsesplanaden"), ("Koulukatu", "Skolhusgatan"), ("Rantakatu", "Strandgatan"),
           ("Hovioikeudenpuistikko", "Hovrättsesplanaden"), ("Kirkkokatu", "Kyrkogatan")]
POSTAL_CODES = {"Vaasa": "65100", "Pietarsaari": "68600", "Närpiö": "64200"}

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
COMMENTS_FI = ["Ystävällinen ja täsmällinen hoitaja.", "Tulivat aina sovittuun aikaan.", "Hyvää palvelua, kiitos.",
               "Vaihtuvia työntekijöitä liikaa.", "Ruoka oli hyvää ja lämmintä."]
COMMENTS_SV = ["Vänlig och noggrann personal.", "Kom alltid i tid.", "Bra service, tack.",
               "För många olika personer.", "Maten var god och varm."]
RATING_SCORES = (2, 3, 4, 4, 5, 5, 5)

# Providers' valid prices, approved by the county before the demo's first plans.
PRICES_VALID_FROM, PRICES_APPROVED_ON = date(2025, 1, 1), date(2024, 12, 15)


def business_id(rng: random.Random) -> str:
    """A business ID (Y-tunnus) with a valid check digit."""
    while True:
        digits = f"{rng.randrange(1_000_000, 9_999_999)}"
        check = check_digit(digits)
        if check is not None:
            return f"{digits}-{check}"


def chooser_of(number: int) -> Chooser:
    """A relative chose the providers of every third client (or line); the others chose their own."""
    return Chooser.RELATIVE if number % 3 == 0 else Chooser.CLIENT


def usage_pace(rng: random.Random, month: date, today: date) -> float:
    """The share of its quantity a month uses: past months most of it; this month, less than half so far."""
    return rng.uniform(0.2, 0.45) if month == month_start(today) else rng.uniform(0.6, 1.0)


def months_back(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s (after it, when negative)."""
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def year_from(start: date) -> date:
    """The last day of the year that begins on `start`: a plan's period."""
    return months_back(start, -12) - timedelta(days=1)
