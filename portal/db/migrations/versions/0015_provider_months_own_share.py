"""the clients' own share and the credits of a provider's month, as running totals

The provider's services page and the settlement CSV added up a month's own shares from its
rows (and counted its credits across the county's corrections of the month) on every view.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("provider_months") as batch:
        batch.add_column(sa.Column("self_pay_cents", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("credits", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("self_pay_credited_cents", sa.BigInteger(), nullable=False, server_default="0"))
    # Months are kept as the first of the month; a recording's month is that of its service date.
    op.execute(
        "UPDATE provider_months SET self_pay_cents = COALESCE((SELECT SUM(e.self_pay_cents) FROM service_events e "
        "WHERE e.provider_id = provider_months.provider_id AND e.service_date >= provider_months.month "
        "AND e.service_date < " + _next_month("provider_months.month") + "), 0)"
    )
    op.execute(
        "UPDATE provider_months SET credits = COALESCE((SELECT COUNT(*) FROM corrections c "
        "JOIN service_events e ON e.id = c.service_event_id WHERE e.provider_id = provider_months.provider_id "
        "AND c.settlement_month = provider_months.month), 0), "
        "self_pay_credited_cents = COALESCE((SELECT SUM(c.self_pay_credited_cents) FROM corrections c "
        "JOIN service_events e ON e.id = c.service_event_id WHERE e.provider_id = provider_months.provider_id "
        "AND c.settlement_month = provider_months.month), 0)"
    )


def _next_month(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"({column} + INTERVAL '1 month')::date"
    return f"date({column}, '+1 month')"


def downgrade() -> None:
    with op.batch_alter_table("provider_months") as batch:
        batch.drop_column("self_pay_credited_cents")
        batch.drop_column("credits")
        batch.drop_column("self_pay_cents")
