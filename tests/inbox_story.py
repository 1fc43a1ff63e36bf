"""What the inbox's and the follow-up's tests add to the demo county, for the case manager Maria: letters
from her client Helmi and Helmi's son, and one from another case manager's client; and her client Seija,
who last month used much more home care than her revised plan gives, much less of the meals, and the
transport as planned."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.builders import (
    WellbeingCounty,
    a_choice,
    a_client,
    a_mandate,
    a_message,
    a_proposed_version,
    a_provider,
    an_accepted_plan,
    an_account,
    services_recorded,
    the_line,
)
from portal.db.models import CaseManager, Client, County, Message, Municipality, ServiceType, User
from portal.domain.budget import Band
from portal.domain.plans import month_start
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import plans

TODAY = date.today()
LAST_MONTH = month_start(month_start(TODAY) - timedelta(days=1))


def demo_county(db: Session) -> WellbeingCounty:
    """The demo county as the builders take it."""
    return WellbeingCounty(
        db.scalar(select(County).order_by(County.id)),
        list(db.scalars(select(Municipality).order_by(Municipality.id))),
        list(db.scalars(select(CaseManager).order_by(CaseManager.id))),
        {ServiceKind(t.code): t for t in db.scalars(select(ServiceType))},
    )


def _sent(db: Session, message: Message, days_ago: int, read: bool = False) -> Message:
    message.sent_at = datetime.now(UTC) - timedelta(days=days_ago)
    message.read_at = message.sent_at + timedelta(hours=1) if read else None
    db.flush()
    return message


def letters(db: Session) -> dict[str, Message]:
    """Helmi (Maria's client) and her son Kalle write: one message read, two not; Maria answered once;
    Olli, another case manager's client, writes too."""
    county = demo_county(db)
    maria = db.scalar(select(User).where(User.username == "casemanager"))
    helmi = a_client(db, county, "Helmi", "Testinen", case_manager=county.case_managers[0])
    helmi_account = an_account(db, Role.CLIENT, "helmi", client=helmi)
    kalle = an_account(db, Role.RELATIVE, "kalle", "Kalle Testinen")
    a_mandate(db, helmi, kalle, TODAY + timedelta(days=300))
    other = a_client(db, county, "Olli", "Muualla", case_manager=county.case_managers[1])
    other_account = an_account(db, Role.CLIENT, "olli", client=other)
    return {
        "read": _sent(db, a_message(db, helmi_account, helmi, "Kiitos eilisestä."), 3, read=True),
        "relative": _sent(db, a_message(db, kalle, helmi, "Äiti tarvitsee apua myös lauantaisin.",
                                        asks_for_review=True), 2),
        "own": _sent(db, a_message(db, maria, helmi, "Soitan teille huomenna."), 1),
        "old": _sent(db, a_message(db, helmi_account, helmi, "Voiko käyntiaikaa siirtää?"), 5),
        "others": _sent(db, a_message(db, other_account, other, "Tämä ei kuulu Marialle."), 0),
    }


def seija(db: Session) -> Client:
    """Maria's client Seija, with a plan since three months ago of home care (20 hours a month), meals (30)
    and transport (10 trips). Last month she used 20 hours of home care, and in the middle of the month a
    revised plan cut it to 2 hours (the month gives 11 hours in all); 5 meals; 8 trips."""
    county = demo_county(db)
    provider = a_provider(db, county, "Seurantatesti Oy", offers={ServiceKind.HOME_CARE: 4500,
                                                                   ServiceKind.MEALS: 950, ServiceKind.TRANSPORT: 2500})
    client = a_client(db, county, "Seija", "Seurattava", case_manager=county.case_managers[0])
    start = month_start(LAST_MONTH - timedelta(days=60))
    plan = an_accepted_plan(db, client, {ServiceKind.HOME_CARE: 20, ServiceKind.MEALS: 30, ServiceKind.TRANSPORT: 10},
                            start=start)
    choices = {kind: a_choice(db, the_line(plan, kind), provider, start) for kind in
               (ServiceKind.HOME_CARE, ServiceKind.MEALS, ServiceKind.TRANSPORT)}
    services_recorded(db, choices[ServiceKind.HOME_CARE], [(LAST_MONTH.replace(day=day), 4) for day in range(1, 6)])
    services_recorded(db, choices[ServiceKind.MEALS], [(LAST_MONTH.replace(day=2), 5)])
    services_recorded(db, choices[ServiceKind.TRANSPORT], [(LAST_MONTH.replace(day=day), 2) for day in range(3, 7)])
    revised = a_proposed_version(db, client, LAST_MONTH.replace(day=10), {ServiceKind.HOME_CARE: {Band.WEEKDAY: 2}})
    plans.accept(db, client.id, revised.id, LAST_MONTH.replace(day=16))
    return client
