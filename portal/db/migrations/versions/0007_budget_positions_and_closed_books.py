"""budget positions by month, enforced limits, closed books, one-time form keys

A voucher now follows one kind of service through the plan's revisions (plan_lines point to
it); its running totals are kept as granted, charged and credited, in total and month by
month (voucher_months, with the month's quantity as a hard limit). Every ledger entry
names its budget month; a correction names the credit it made. Recordings keep their credited
totals, so that a correction checks and writes in one conditional update. Providers'
settlement months have running totals (provider_months) that stop moving once settled;
settlements become append-only. Binding forms carry one-time keys (submissions).

Existing rows are carried over as they are: a grant made before this migration counts in
its voucher's first month.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 09:00:00
"""

from calendar import monthrange
from datetime import date

import sqlalchemy as sa
from alembic import op

from portal.db.append_only import drop_append_only_guards, make_append_only

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _first_of_month(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS DATE)"
    return f"date({column}, 'start of month')"


def _months(start: date, end: date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _share(per_month: int, month: date, start: date, end: date) -> int:
    days = monthrange(month.year, month.month)[1]
    first = start.day if (start.year, start.month) == (month.year, month.month) else 1
    last = end.day if (end.year, end.month) == (month.year, month.month) else days
    return per_month * last // days - per_month * (first - 1) // days


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "voucher_months",
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("unit_limit", sa.Integer(), nullable=False),
        sa.Column("units_used", sa.Integer(), nullable=False),
        sa.Column("granted_cents", sa.Integer(), nullable=False),
        sa.Column("charged_cents", sa.Integer(), nullable=False),
        sa.Column("credited_cents", sa.Integer(), nullable=False),
        sa.CheckConstraint("credited_cents >= 0 AND credited_cents <= charged_cents", name=op.f("ck_voucher_months_credits")),
        sa.CheckConstraint("unit_limit >= 0 AND units_used >= 0", name=op.f("ck_voucher_months_units")),
        sa.ForeignKeyConstraint(["voucher_id"], ["vouchers.id"], name=op.f("fk_voucher_months_voucher_id_vouchers")),
        sa.PrimaryKeyConstraint("voucher_id", "month", name=op.f("pk_voucher_months")),
    )
    op.create_table(
        "provider_months",
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("charged_cents", sa.Integer(), nullable=False),
        sa.Column("credited_cents", sa.Integer(), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.CheckConstraint("events >= 0 AND charged_cents >= 0 AND credited_cents >= 0", name=op.f("ck_provider_months_totals")),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"], name=op.f("fk_provider_months_provider_id_providers")),
        sa.PrimaryKeyConstraint("provider_id", "month", name=op.f("pk_provider_months")),
    )
    op.create_table(
        "submissions",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("result_path", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_submissions_user_id_users")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_submissions")),
    )

    with op.batch_alter_table("plans") as batch_op:
        batch_op.add_column(sa.Column("in_force_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("in_force_to", sa.Date(), nullable=True))
    op.execute("UPDATE plans SET in_force_from = period_start, in_force_to = period_end WHERE status IN ('accepted', 'superseded')")

    with op.batch_alter_table("plan_lines") as batch_op:
        batch_op.add_column(sa.Column("voucher_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_plan_lines_voucher_id"), ["voucher_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_plan_lines_voucher_id_vouchers"), "vouchers", ["voucher_id"], ["id"])
    op.execute("UPDATE plan_lines SET voucher_id = (SELECT v.id FROM vouchers v WHERE v.plan_line_id = plan_lines.id)")

    # Recordings: the line that priced them, and their credited totals.
    with op.batch_alter_table("service_events") as batch_op:
        batch_op.add_column(sa.Column("plan_line_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("credited_units", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("credited_cents", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("credited_self_pay_cents", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE service_events SET plan_line_id = (SELECT v.plan_line_id FROM vouchers v WHERE v.id = service_events.voucher_id)")
    for column, source in (("credited_units", "units"), ("credited_cents", "credited_cents"),
                           ("credited_self_pay_cents", "self_pay_credited_cents")):
        op.execute(f"UPDATE service_events SET {column} = (SELECT COALESCE(SUM(c.{source}), 0) FROM corrections c "
                   f"WHERE c.service_event_id = service_events.id)")
    with op.batch_alter_table("service_events") as batch_op:
        batch_op.alter_column("plan_line_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("credited_units", existing_type=sa.Integer(), server_default=None)
        batch_op.alter_column("credited_cents", existing_type=sa.Integer(), server_default=None)
        batch_op.alter_column("credited_self_pay_cents", existing_type=sa.Integer(), server_default=None)
        batch_op.create_index(batch_op.f("ix_service_events_plan_line_id"), ["plan_line_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_events_provider_id"), ["provider_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_service_events_plan_line_id_plan_lines"), "plan_lines", ["plan_line_id"], ["id"])
        batch_op.create_check_constraint(
            batch_op.f("ck_service_events_credits"),
            "credited_units >= 0 AND credited_units <= units AND credited_cents >= 0 AND credited_cents <= charged_cents "
            "AND credited_self_pay_cents >= 0 AND credited_self_pay_cents <= self_pay_cents",
        )

    # Vouchers: one kind of service each, with granted, charged and credited kept apart.
    with op.batch_alter_table("vouchers") as batch_op:
        batch_op.add_column(sa.Column("service_type_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("charged_cents", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("credited_cents", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE vouchers SET service_type_id = (SELECT l.service_type_id FROM plan_lines l WHERE l.id = vouchers.plan_line_id)")
    op.execute("UPDATE vouchers SET charged_cents = (SELECT COALESCE(-SUM(e.amount_cents), 0) FROM ledger_entries e "
               "WHERE e.voucher_id = vouchers.id AND e.kind = 'charge')")
    op.execute("UPDATE vouchers SET credited_cents = (SELECT COALESCE(SUM(e.amount_cents), 0) FROM ledger_entries e "
               "WHERE e.voucher_id = vouchers.id AND e.kind = 'credit')")
    with op.batch_alter_table("vouchers") as batch_op:
        batch_op.drop_constraint(op.f("ck_vouchers_balance"), type_="check")
        batch_op.drop_constraint(op.f("uq_vouchers_plan_line_id"), type_="unique")
        batch_op.drop_constraint(op.f("fk_vouchers_plan_line_id_plan_lines"), type_="foreignkey")
        batch_op.drop_column("plan_line_id")
        batch_op.drop_column("used_cents")
        batch_op.alter_column("service_type_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("charged_cents", existing_type=sa.Integer(), server_default=None)
        batch_op.alter_column("credited_cents", existing_type=sa.Integer(), server_default=None)
        batch_op.create_foreign_key(batch_op.f("fk_vouchers_service_type_id_service_types"), "service_types", ["service_type_id"], ["id"])
        batch_op.create_check_constraint(batch_op.f("ck_vouchers_balance"), "remaining_cents = granted_cents - charged_cents + credited_cents")
        batch_op.create_check_constraint(batch_op.f("ck_vouchers_credits"), "credited_cents >= 0 AND credited_cents <= charged_cents")

    # Corrections: the settlement month they are paid back in.
    drop_append_only_guards("corrections")
    with op.batch_alter_table("corrections") as batch_op:
        batch_op.add_column(sa.Column("settlement_month", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ledger_entry_id", sa.Integer(), nullable=True))
    op.execute(f"UPDATE corrections SET settlement_month = (SELECT {_first_of_month('s.service_date')} "
               f"FROM service_events s WHERE s.id = corrections.service_event_id)")
    with op.batch_alter_table("corrections") as batch_op:
        batch_op.alter_column("settlement_month", existing_type=sa.Date(), nullable=False)
        batch_op.create_foreign_key(batch_op.f("fk_corrections_ledger_entry_id_ledger_entries"), "ledger_entries", ["ledger_entry_id"], ["id"])
    make_append_only("corrections")

    # Ledger entries: the budget month, and the correction a credit carries out.
    drop_append_only_guards("ledger_entries")
    with op.batch_alter_table("ledger_entries") as batch_op:
        batch_op.add_column(sa.Column("month", sa.Date(), nullable=True))
    op.execute(f"UPDATE ledger_entries SET month = (SELECT {_first_of_month('s.service_date')} FROM service_events s "
               f"WHERE s.id = ledger_entries.service_event_id) WHERE service_event_id IS NOT NULL")
    op.execute(f"UPDATE ledger_entries SET month = (SELECT {_first_of_month('v.period_start')} FROM vouchers v "
               f"WHERE v.id = ledger_entries.voucher_id) WHERE month IS NULL")
    with op.batch_alter_table("ledger_entries") as batch_op:
        batch_op.alter_column("month", existing_type=sa.Date(), nullable=False)
        batch_op.create_index(batch_op.f("ix_ledger_entries_service_event_id"), ["service_event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entries_created_at"), ["created_at"], unique=False)
    make_append_only("ledger_entries")

    with op.batch_alter_table("provider_choices") as batch_op:
        batch_op.drop_constraint(op.f("uq_provider_choices_idempotency_key"), type_="unique")
        batch_op.drop_column("idempotency_key")
        batch_op.drop_constraint(op.f("ck_provider_choices_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_provider_choices_status"), "status IN ('pending', 'accepted', 'declined', 'withdrawn')")
        batch_op.create_index(batch_op.f("ix_provider_choices_provider_id"), ["provider_id"], unique=False)

    _fill_voucher_months(bind)
    _fill_provider_months(bind)
    make_append_only("settlements")


def _fill_voucher_months(bind) -> None:
    vouchers = bind.execute(sa.text(
        "SELECT v.id, v.period_start, v.period_end, l.quantity_per_month FROM vouchers v "
        "JOIN plan_lines l ON l.voucher_id = v.id"
    )).all()
    money = {}
    for voucher_id, month, kind, cents in bind.execute(sa.text(
        "SELECT voucher_id, month, kind, SUM(amount_cents) FROM ledger_entries GROUP BY voucher_id, month, kind"
    )):
        money.setdefault((voucher_id, _as_date(month)), {})[kind] = int(cents)
    units = {}
    for voucher_id, day, recorded, credited in bind.execute(sa.text(
        "SELECT voucher_id, service_date, units, credited_units FROM service_events"
    )):
        key = (voucher_id, _as_date(day).replace(day=1))
        units[key] = units.get(key, 0) + recorded - credited
    rows = {}
    for voucher_id, start, end, quantity in vouchers:
        start, end = _as_date(start), _as_date(end)
        for month in _months(start, end):
            rows[(voucher_id, month)] = _share(quantity, month, start, end)
    for key in set(money) | set(units):
        rows.setdefault(key, 0)
    table = sa.table("voucher_months", sa.column("month", sa.Date), *(sa.column(name, sa.Integer) for name in (
        "voucher_id", "unit_limit", "units_used", "granted_cents", "charged_cents", "credited_cents")))
    values = []
    for (voucher_id, month), limit in rows.items():
        kinds = money.get((voucher_id, month), {})
        values.append({
            "voucher_id": voucher_id, "month": month, "unit_limit": limit, "units_used": units.get((voucher_id, month), 0),
            "granted_cents": kinds.get("grant", 0) + kinds.get("close", 0), "charged_cents": -kinds.get("charge", 0),
            "credited_cents": kinds.get("credit", 0),
        })
    if values:
        op.bulk_insert(table, values)


def _fill_provider_months(bind) -> None:
    totals = {}
    for provider_id, day, charged in bind.execute(sa.text("SELECT provider_id, service_date, charged_cents FROM service_events")):
        row = totals.setdefault((provider_id, _as_date(day).replace(day=1)), [0, 0, 0])
        row[0] += 1
        row[1] += charged
    for provider_id, month, credited in bind.execute(sa.text(
        "SELECT s.provider_id, c.settlement_month, c.credited_cents FROM corrections c "
        "JOIN service_events s ON s.id = c.service_event_id"
    )):
        totals.setdefault((provider_id, _as_date(month)), [0, 0, 0])[2] += credited
    paid = {(p, _as_date(m)): _as_date(d) for p, m, d in bind.execute(sa.text("SELECT provider_id, month, paid_on FROM settlements"))}
    table = sa.table("provider_months", sa.column("month", sa.Date), sa.column("settled_on", sa.Date),
                     *(sa.column(name, sa.Integer) for name in ("provider_id", "events", "charged_cents", "credited_cents")))
    values = [{"provider_id": p, "month": m, "events": e, "charged_cents": c, "credited_cents": r, "settled_on": paid.get((p, m))}
              for (p, m), (e, c, r) in totals.items()]
    if values:
        op.bulk_insert(table, values)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    raise NotImplementedError("0007 splits vouchers by month and drops columns it cannot restore; restore a backup instead")
