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
