"""the case manager's unread messages counted from an index

The navigation counts her clients' unread messages on every page she opens; with the index on
(client_id, read_at) the count reads only the unread ones of each client.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 03:30:00
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_messages_client_read", "messages", ["client_id", "read_at"])
    op.drop_index("ix_messages_client_id", table_name="messages")


def downgrade() -> None:
    op.create_index("ix_messages_client_id", "messages", ["client_id"])
    op.drop_index("ix_messages_client_read", table_name="messages")
