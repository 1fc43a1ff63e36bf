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
    # One grouped pass over the recordings and one over the corrections (not one search per month).
    op.execute(
        "UPDATE provider_months SET self_pay_cents = t.self_pay FROM (SELECT provider_id, "
        + _month_of("service_date") + " AS month, SUM(self_pay_cents) AS self_pay FROM service_events "
        "GROUP BY provider_id, " + _month_of("service_date") + ") AS t "
        "WHERE provider_months.provider_id = t.provider_id AND provider_months.month = t.month"
    )
    op.execute(
        "UPDATE provider_months SET credits = t.credits, self_pay_credited_cents = t.self_pay_back FROM ("
        "SELECT e.provider_id AS provider_id, c.settlement_month AS month, COUNT(*) AS credits, "
        "SUM(c.self_pay_credited_cents) AS self_pay_back FROM corrections c "
        "JOIN service_events e ON e.id = c.service_event_id GROUP BY e.provider_id, c.settlement_month) AS t "
        "WHERE provider_months.provider_id = t.provider_id AND provider_months.month = t.month"
    )


def _month_of(column: str) -> str:
    """The first day of the column's month, as the database keeps a month."""
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def downgrade() -> None:
    with op.batch_alter_table("provider_months") as batch:
        batch.drop_column("self_pay_credited_cents")
        batch.drop_column("credits")
        batch.drop_column("self_pay_cents")
