"""the providers' ratings added up from an index alone

The comparison of providers adds up the scores of every provider offering the service; with
the index on provider_id alone, each rating was a lookup in the table.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 15:00:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_provider_ratings_provider_score", "provider_ratings", ["provider_id", "score"])
    op.drop_index("ix_provider_ratings_provider_id", table_name="provider_ratings")


def downgrade() -> None:
    op.create_index("ix_provider_ratings_provider_id", "provider_ratings", ["provider_id"])
    op.drop_index("ix_provider_ratings_provider_score", table_name="provider_ratings")
