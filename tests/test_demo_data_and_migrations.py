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


def test_money_recorded_before_the_budget_months_is_carried_over(tmp_path):
    """A voucher with a grant, charges, a correction and a paid month, made at 0006, upgraded to now."""
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    upgrade(url, "0006")
    engine = make_engine(url)
    rows = [
        "INSERT INTO counties (id, name_fi, name_sv, advice_phone, advice_email, follow_up_low_percent, follow_up_high_percent) VALUES (1, 'A', 'A', '1', 'e', 60, 120)",
        "INSERT INTO municipalities (id, county_id, name_fi, name_sv) VALUES (1, 1, 'Vaasa', 'Vasa')",
        "INSERT INTO case_managers (id, county_id, name, phone, email) VALUES (1, 1, 'M', '1', 'e')",
        "INSERT INTO clients (id, client_number, first_name, last_name, language, municipality_id, case_manager_id, far_from_centre) VALUES (1, 'A0000001', 'A', 'V', 'fi', 1, 1, 0)",
        "INSERT INTO service_types (id, code, unit, reference_price_cents, travel_supplement_cents) VALUES (1, 'home_care', 'hour', 4500, 0)",
        "INSERT INTO providers (id, name, business_id, phone, email, website, description_fi, description_sv, accepts_new_clients) VALUES (1, 'P Oy', '0112038-9', '1', 'e', '', '', '', 1)",
        "INSERT INTO users (id, username, password_hash, role, display_name, created_at) VALUES (1, 'admin', 'x', 'admin', 'A', '2026-01-01')",
        "INSERT INTO plans (id, client_id, version, status, period_start, period_end, review_date, case_manager_id, created_at) VALUES (1, 1, 1, 'accepted', '2026-01-01', '2026-12-31', '2026-06-01', 1, '2026-01-01')",
        "INSERT INTO plan_lines (id, plan_id, position, service_type_id, quantity_per_month, voucher_value_cents, evening_units, saturday_units, sunday_units, travel_supplement, monthly_budget_cents, county_units) VALUES (1, 1, 0, 1, 20, 4500, 0, 0, 0, 0, 90000, 0)",
        "INSERT INTO vouchers (id, plan_line_id, client_id, period_start, period_end, granted_cents, used_cents, remaining_cents) VALUES (1, 1, 1, '2026-01-01', '2026-12-31', 1080000, 9000, 1071000)",
        "INSERT INTO service_events (id, voucher_id, provider_id, service_date, units, unit_price_cents, charged_cents, self_pay_cents, recorded_at) VALUES (1, 1, 1, '2026-02-10', 2, 4500, 9000, 0, '2026-02-10'), (2, 1, 1, '2026-03-05', 1, 4500, 4500, 0, '2026-03-05')",
        "INSERT INTO ledger_entries (voucher_id, kind, amount_cents, service_event_id, created_at) VALUES (1, 'grant', 1080000, NULL, '2026-01-01'), (1, 'charge', -9000, 1, '2026-02-10'), (1, 'charge', -4500, 2, '2026-03-05'), (1, 'credit', 4500, 2, '2026-03-06')",
        "INSERT INTO corrections (service_event_id, units, credited_cents, self_pay_credited_cents, reason, note, recorded_at) VALUES (2, 1, 4500, 0, 'duplicate', '', '2026-03-06')",
        "INSERT INTO users (id, username, password_hash, role, display_name, created_at) VALUES (2, 'daughter', 'x', 'relative', 'D', '2026-01-01')",
        "INSERT INTO provider_choices (plan_line_id, provider_id, valid_from, chosen_by_user_id, created_at, status, idempotency_key) VALUES (1, 1, '2026-01-01', 2, '2026-01-01', 'accepted', 'k')",
        "INSERT INTO settlements (provider_id, month, events, charged_cents, credited_cents, total_cents, paid_on, marked_by_user_id) VALUES (1, '2026-02-01', 1, 9000, 0, 9000, '2026-03-02', 1)",
    ]
    with engine.begin() as connection:
        for row in rows:
            connection.execute(text(row))
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        voucher = connection.execute(text("SELECT service_type_id, granted_cents, charged_cents, credited_cents, remaining_cents FROM vouchers")).one()
        assert tuple(voucher) == (1, 1080000, 13500, 4500, 1071000)
        assert connection.execute(text("SELECT voucher_id FROM plan_lines")).scalar() == 1
        months = connection.execute(text("SELECT month, unit_limit, units_used, charged_cents, credited_cents FROM voucher_months ORDER BY month")).all()
        assert len(months) == 12 and {m[1] for m in months} == {20}
        assert [tuple(m[1:]) for m in months[1:3]] == [(20, 2, 9000, 0), (20, 0, 4500, 4500)]
        events = connection.execute(text("SELECT plan_line_id, credited_units, credited_cents FROM service_events ORDER BY id")).all()
        assert [tuple(e) for e in events] == [(1, 0, 0), (1, 1, 4500)]
        assert connection.execute(text("SELECT month FROM ledger_entries WHERE kind = 'credit'")).scalar() == "2026-03-01"
        paid = connection.execute(text("SELECT events, charged_cents, settled_on FROM provider_months WHERE month = '2026-02-01'")).one()
        assert tuple(paid) == (1, 9000, "2026-03-02")
        assert connection.execute(text("SELECT chosen_by FROM provider_choices")).scalar() == "relative"
        chosen = connection.execute(text("SELECT month, chosen_by, charged_cents, credited_cents FROM choice_months ORDER BY month")).all()
        assert [tuple(row) for row in chosen] == [("2026-02-01", "relative", 9000, 0), ("2026-03-01", "relative", 4500, 4500)]
    engine.dispose()


def test_the_provider_months_own_shares_and_credits_are_filled_from_the_rows(demo_database, tmp_path):
    """The demo taken back to 0014 (before the columns) and up again: 0015 fills them as check-ledger replays them."""
    import shutil

    from alembic import command
    from sqlalchemy.orm import Session

    from portal.db.migrate import alembic_config
    from portal.db.models import ProviderMonth
    from portal.services import ledger

    from portal.services import provider_work

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_database, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with Session(engine) as session:  # the demo has no corrections of its own
        provider = session.scalar(select(User).where(User.username == "provider"))
        event = session.scalar(select(ServiceEvent).where(ServiceEvent.provider_id == provider.provider_id,
                                                          ServiceEvent.self_pay_cents > 0)
                               .order_by(ServiceEvent.service_date.desc()).limit(1))
        provider_work.correct(session, provider.provider_id, provider, event.id, 1, "duplicate", "", date.today())
        session.commit()
    engine.dispose()
    command.downgrade(alembic_config(url), "0014")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        filled = session.execute(select(func.sum(ProviderMonth.self_pay_cents), func.sum(ProviderMonth.credits),
                                        func.sum(ProviderMonth.self_pay_credited_cents))).one()
        found = ledger.discrepancies(session)
    engine.dispose()
    assert filled[0] > 0 and filled[1] == 1 and filled[2] > 0, filled
    assert found == []
