"""A county of any size: the scale data follows every rule of the money, and check-ledger says so."""

import shutil
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal import create_app
from portal.db.models import Client, ProviderChoice, ServiceEvent, User, Voucher, VoucherMonth
from portal.db.session import make_engine
from portal.scale_data import generate
from portal.services import ledger


def _scaled(demo_database, tmp_path, **size):
    path = tmp_path / "scaled.sqlite3"
    shutil.copy(demo_database, path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        added = generate(connection, date.today(), say=lambda _: None, **size)
    return engine, added, path


def test_a_scaled_county_keeps_every_rule_of_the_money(demo_database, tmp_path):
    engine, added, _ = _scaled(demo_database, tmp_path, clients=400, providers=40, events=30_000)
    assert added["clients"] == 400 and added["providers"] == 40
    assert 20_000 <= added["service_events"] <= 45_000 and added["corrections"] > 0 and added["settlements"] > 0
    assert added["service_disputes"] > 0 and added["provider_quality"] == 40  # the lists of issue 16 have rows
    with Session(engine) as session:
        assert ledger.discrepancies(session) == []
        assert session.scalar(select(func.count()).select_from(Voucher).where(Voucher.remaining_cents < 0)) == 0
        assert session.scalar(select(func.count()).select_from(VoucherMonth)
                              .where(VoucherMonth.units_used > VoucherMonth.unit_limit)) == 0
        assert session.scalar(select(func.count()).select_from(ServiceEvent).where(ServiceEvent.confirmed_at.is_not(None)))
        assert session.scalar(select(func.count(func.distinct(Client.client_number)))) == \
            session.scalar(select(func.count()).select_from(Client))
        demo_provider = session.scalar(select(User.provider_id).where(User.username == "provider"))
        assert session.scalar(select(func.count()).select_from(ProviderChoice)
                              .where(ProviderChoice.provider_id == demo_provider)) > 40  # among the largest
        session.execute(update(VoucherMonth).where(VoucherMonth.units_used > 0).values(units_used=VoucherMonth.units_used + 1)
                        .execution_options(synchronize_session=False))
        found = ledger.discrepancies(session)
        assert found and found[0].startswith("units used:")
        session.rollback()
    engine.dispose()


def test_check_ledger_command_answers_for_the_whole_database(demo_database, tmp_path):
    engine, _, path = _scaled(demo_database, tmp_path, clients=50, providers=5, events=2_000)
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "DATABASE_URL": f"sqlite:///{path}"})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["check-ledger"])
    assert result.exit_code == 0, result.output
    assert "Every running total equals its ledger entries." in result.output
    with engine.begin() as connection:
        connection.execute(update(ServiceEvent).where(ServiceEvent.id == select(func.max(ServiceEvent.id))
                                                      .scalar_subquery()).values(charged_cents=ServiceEvent.charged_cents + 1))
    result = runner.invoke(args=["check-ledger"])
    assert result.exit_code == 1 and "provider months: 1 differ" in result.output
    engine.dispose()
