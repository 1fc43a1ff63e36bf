"""the county's counts of clients by month and year, municipality and kind of service

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 14:00:00
"""

from collections import Counter
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _as_date(value) -> date:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def upgrade() -> None:
    table = op.create_table(
        "client_counts",
        sa.Column("span", sa.String(length=5), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("service_type_id", sa.Integer(), nullable=False),
        sa.Column("clients", sa.Integer(), nullable=False),
        sa.CheckConstraint("span IN ('month', 'year')", name=op.f("ck_client_counts_span")),
        sa.CheckConstraint("clients >= 0", name=op.f("ck_client_counts_not_negative")),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_client_counts_municipality_id_municipalities")),
        sa.PrimaryKeyConstraint("span", "period", "municipality_id", "service_type_id", name=op.f("pk_client_counts")),
    )
    cells: dict[int, set] = {}
    rows = op.get_bind().execute(sa.text(
        "SELECT v.client_id, c.municipality_id, v.service_type_id, v.period_start, v.period_end FROM vouchers v "
        "JOIN clients c ON c.id = v.client_id WHERE v.granted_cents > 0"))
    for client_id, municipality_id, service_type_id, start, end in rows:
        start, end = _as_date(start), _as_date(end)
        month, found = date(start.year, start.month, 1), cells.setdefault(client_id, set())
        while month <= end:
            for kind in (service_type_id, 0):
                found.add(("month", month, municipality_id, kind))
                found.add(("year", date(month.year, 1, 1), municipality_id, kind))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    counts = Counter(cell for found in cells.values() for cell in found)
    op.bulk_insert(table, [dict(span=span, period=period, municipality_id=municipality_id, service_type_id=kind,
                                clients=clients) for (span, period, municipality_id, kind), clients in counts.items()])


def downgrade() -> None:
    op.drop_table("client_counts")
