"""alerts by e-mail and letter, the case manager's unread messages, the feedback inbox, addresses

Clients get their register address (for paper letters); people choose how they are told
(notification_settings); each alert to each person is one row, once per event (alerts); the
service lines are looked over once a day (alert_scans); letters are printed in batches
(letter_batches). Messages get a read mark for the case manager's inbox, and feedback a kind, a
status and the county's reply.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("street_address", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("postal_code", sa.String(length=5), nullable=False, server_default=""))
        batch.add_column(sa.Column("post_office", sa.String(length=100), nullable=False, server_default=""))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("accessibility_feedback") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="accessibility"))
        batch.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="new"))
        batch.add_column(sa.Column("reply", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("replied_by_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_accessibility_feedback_replied_by_user_id_users", "users",
                                 ["replied_by_user_id"], ["id"])
        batch.create_index("ix_accessibility_feedback_status_received", ["status", "received_at"])
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("letter_name", sa.String(length=200), nullable=False),
        sa.Column("street_address", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("post_office", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("channel IN ('portal', 'email', 'letter')", name=op.f("ck_notification_settings_channel")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notification_settings_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_settings")),
    )
    op.create_table(
        "letter_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by_user_id", sa.Integer(), nullable=False),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["made_by_user_id"], ["users.id"], name=op.f("fk_letter_batches_made_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_batches")),
    )
    op.create_table(
        "alert_scans",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_alert_scans")),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("event_key", sa.String(length=120), nullable=False),
        sa.Column("about_day", sa.Date(), nullable=True),
        sa.Column("service_type_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("delivery", sa.String(length=10), nullable=False),
        sa.Column("claim", sa.String(length=40), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failure", sa.String(length=200), nullable=False),
        sa.Column("letter_batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("delivery IN ('none', 'waiting', 'claimed', 'sent', 'failed')",
                           name=op.f("ck_alerts_delivery")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_alerts_user_id_users")),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_alerts_client_id_clients")),
        sa.ForeignKeyConstraint(["service_type_id"], ["service_types.id"],
                                name=op.f("fk_alerts_service_type_id_service_types")),
        sa.ForeignKeyConstraint(["letter_batch_id"], ["letter_batches.id"],
                                name=op.f("fk_alerts_letter_batch_id_letter_batches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("user_id", "event_key", name=op.f("uq_alerts_user_id")),
    )
    op.create_index("ix_alerts_client_id", "alerts", ["client_id"])
    op.create_index("ix_alerts_letter_batch_id", "alerts", ["letter_batch_id"])
    op.create_index("ix_alerts_delivery_channel", "alerts", ["delivery", "channel", "id"])
    op.create_index("ix_alerts_user_created", "alerts", ["user_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_table("alert_scans")
    op.drop_table("letter_batches")
    op.drop_table("notification_settings")
    with op.batch_alter_table("accessibility_feedback") as batch:
        batch.drop_index("ix_accessibility_feedback_status_received")
        batch.drop_constraint("fk_accessibility_feedback_replied_by_user_id_users", type_="foreignkey")
        for column in ("replied_by_user_id", "replied_at", "reply", "status", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("read_at")
    with op.batch_alter_table("clients") as batch:
        for column in ("post_office", "postal_code", "street_address"):
            batch.drop_column(column)
