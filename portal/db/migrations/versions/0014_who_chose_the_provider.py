"""who chose each provider, and the budget used by who chose, month by month

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Frozen here: the accepted choice that covers a recording's day, for its plan line and provider.
CHOOSER_OF_EVENT = (
    "COALESCE((SELECT pc.chosen_by FROM provider_choices pc WHERE pc.plan_line_id = e.plan_line_id "
    "AND pc.provider_id = e.provider_id AND pc.status = 'accepted' AND pc.valid_from <= e.service_date "
    "AND (pc.valid_to IS NULL OR pc.valid_to >= e.service_date) ORDER BY pc.id DESC LIMIT 1), 'unrecorded')"
)


def upgrade() -> None:
    with op.batch_alter_table("provider_choices") as batch:
        batch.add_column(sa.Column("chosen_by", sa.String(length=10), nullable=False, server_default="unrecorded"))
        batch.create_check_constraint("chosen_by", "chosen_by IN ('client', 'relative', 'unrecorded')")
    op.execute(
        "UPDATE provider_choices SET chosen_by = (SELECT u.role FROM users u WHERE u.id = provider_choices.chosen_by_user_id) "
        "WHERE chosen_by_user_id IN (SELECT id FROM users WHERE role IN ('client', 'relative'))"
    )
    op.create_table(
        "choice_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("service_type_id", sa.Integer(), nullable=False),
        sa.Column("chosen_by", sa.String(length=10), nullable=False),
        sa.Column("charged_cents", sa.BigInteger(), nullable=False),
        sa.Column("credited_cents", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("chosen_by IN ('client', 'relative', 'unrecorded')", name=op.f("ck_choice_months_chosen_by")),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_choice_months_municipality_id_municipalities")),
        sa.ForeignKeyConstraint(["service_type_id"], ["service_types.id"],
                                name=op.f("fk_choice_months_service_type_id_service_types")),
        sa.PrimaryKeyConstraint("month", "municipality_id", "service_type_id", "chosen_by",
                                name=op.f("pk_choice_months")),
    )
    op.execute(
        "INSERT INTO choice_months (month, municipality_id, service_type_id, chosen_by, charged_cents, credited_cents) "
        f"SELECT l.month, c.municipality_id, v.service_type_id, CASE WHEN e.id IS NULL THEN 'unrecorded' "
        f"ELSE {CHOOSER_OF_EVENT} END AS chooser, "
        "SUM(CASE WHEN l.kind = 'charge' THEN -l.amount_cents ELSE 0 END), "
        "SUM(CASE WHEN l.kind = 'credit' THEN l.amount_cents ELSE 0 END) "
        "FROM ledger_entries l JOIN vouchers v ON v.id = l.voucher_id JOIN clients c ON c.id = v.client_id "
        "LEFT JOIN service_events e ON e.id = l.service_event_id WHERE l.kind IN ('charge', 'credit') "
        "GROUP BY l.month, c.municipality_id, v.service_type_id, chooser"
    )


def downgrade() -> None:
    op.drop_table("choice_months")
    with op.batch_alter_table("provider_choices") as batch:
        batch.drop_constraint("ck_provider_choices_chosen_by", type_="check")
        batch.drop_column("chosen_by")
