from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from portal.db.migrate import upgrade
from portal.db.models import Base, Client, Municipality, Provider, ServiceEvent, User
from portal.db.session import make_engine
from portal.domain.plans import months_between


def test_the_migrations_build_what_the_models_describe(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_demo_county_is_bilingual_and_varied(db):
    clients = db.scalars(select(Client)).all()
    assert len(clients) >= 30
    assert {client.language for client in clients} == {"fi", "sv"}
    assert db.scalar(select(func.count()).select_from(Provider)) >= 12
    names = {m.name_sv for m in db.scalars(select(Municipality))}
    assert {"Vasa", "Jakobstad", "Närpes"} <= names


def test_the_demo_has_six_months_of_services(db):
    dates = db.scalars(select(ServiceEvent.service_date)).all()
    months = {day.replace(day=1) for day in dates}
    today = date.today()
    assert len(months) == 6
    assert max(months) == today.replace(day=1)
    assert months == set(months_between(min(months), today))


def test_the_demo_accounts_exist_one_per_role(db):
    accounts = dict(db.execute(select(User.username, User.role)).all())
    assert accounts == {
        "client": "client",
        "relative": "relative",
        "casemanager": "case_manager",
        "provider": "provider",
        "admin": "admin",
    }


def test_prices_clients_saw_before_approvals_existed_stay_visible(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0001")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO service_types (id, code, unit) VALUES (1, 'home_care', 'hour')"))
        connection.execute(text("INSERT INTO providers (id, name, business_id, phone, email) VALUES (1, 'Old Oy', '0112038-9', '1', 'e')"))
        connection.execute(text("INSERT INTO provider_offerings (provider_id, service_type_id, unit_price_cents) VALUES (1, 1, 4500)"))
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        approved, valid_from, accepts = connection.execute(
            text("SELECT o.approved_on, o.valid_from, p.accepts_new_clients FROM provider_offerings o JOIN providers p ON p.id = o.provider_id")
        ).one()
    engine.dispose()
    assert approved is not None and valid_from is not None and accepts in (1, True)
