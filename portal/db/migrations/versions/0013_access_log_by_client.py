"""a client's access log read a page at a time, newest first

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:00:00
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_access_log_client_at", "access_log", ["client_id", "at", "id"])


def downgrade() -> None:
    op.drop_index("ix_access_log_client_at", table_name="access_log")
