"""server-side sessions, and mandate requests kept whether or not they matched

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_why", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    with op.batch_alter_table("user_sessions") as batch_op:
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)
    op.create_table(
        "mandate_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder_user_id", sa.Integer(), nullable=False),
        sa.Column("client_number", sa.String(length=12), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["holder_user_id"], ["users.id"], name=op.f("fk_mandate_requests_holder_user_id_users")),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"], name=op.f("fk_mandate_requests_mandate_id_mandates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate_requests")),
    )
    with op.batch_alter_table("mandate_requests") as batch_op:
        batch_op.create_index(batch_op.f("ix_mandate_requests_holder_user_id"), ["holder_user_id"], unique=False)
    # Requests made before: shown to their holders as they are now.
    op.execute("INSERT INTO mandate_requests (holder_user_id, client_number, scope, valid_until, sent_at, mandate_id) "
               "SELECT m.holder_user_id, c.client_number, m.scope, m.valid_until, m.created_at, m.id "
               "FROM mandates m JOIN clients c ON c.id = m.client_id WHERE m.requested_by = 'holder'")


def downgrade() -> None:
    op.drop_table("mandate_requests")
    op.drop_table("user_sessions")
