"""the county's running totals by month, municipality and kind of service

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "county_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("service_type_id", sa.Integer(), nullable=False),
        sa.Column("granted_cents", sa.BigInteger(), nullable=False),
        sa.Column("charged_cents", sa.BigInteger(), nullable=False),
        sa.Column("credited_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_county_months_municipality_id_municipalities")),
        sa.ForeignKeyConstraint(["service_type_id"], ["service_types.id"],
                                name=op.f("fk_county_months_service_type_id_service_types")),
        sa.PrimaryKeyConstraint("month", "municipality_id", "service_type_id", name=op.f("pk_county_months")),
    )
    op.execute(
        "INSERT INTO county_months (month, municipality_id, service_type_id, granted_cents, charged_cents, credited_cents) "
        "SELECT vm.month, c.municipality_id, v.service_type_id, SUM(vm.granted_cents), SUM(vm.charged_cents), "
        "SUM(vm.credited_cents) FROM voucher_months vm JOIN vouchers v ON v.id = vm.voucher_id "
        "JOIN clients c ON c.id = v.client_id GROUP BY vm.month, c.municipality_id, v.service_type_id"
    )
    op.create_index("ix_plans_status_client", "plans", ["status", "client_id"])
    op.create_index("ix_provider_ratings_score", "provider_ratings", ["score"])


def downgrade() -> None:
    op.drop_index("ix_provider_ratings_score", table_name="provider_ratings")
    op.drop_index("ix_plans_status_client", table_name="plans")
    op.drop_table("county_months")
