"""indexes for the lists read a page at a time, and for the months the county reads

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_service_events_provider_date", "service_events", ["provider_id", "service_date", "id"]),
    ("ix_provider_choices_provider_status_from", "provider_choices", ["provider_id", "status", "valid_from", "id"]),
    ("ix_clients_caseload_by_name", "clients", ["case_manager_id", "last_name", "first_name", "id"]),
    ("ix_provider_months_month", "provider_months", ["month"]),
    ("ix_corrections_settlement_month", "corrections", ["settlement_month"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
