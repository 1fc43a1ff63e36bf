"""decisions on the vouchers, sign-in with a decision code or strong e-identification, where to turn

Each accepted plan gets the county's decision (decisions, append-only); a letter's one-time code signs
in to a limited view (decision_codes, hashed); a new role for that sign-in; people's personal identity
codes as keyed hashes for OpenID Connect sign-in (users, clients); a session remembers how it was
started and the identity provider's ID token for sign-out; a mandate says where it came from (the
portal, or Suomi.fi e-Authorizations); the county's contact details for reviews, complaints and the
social welfare ombudsman.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 05:10:00
"""

import sqlalchemy as sa
from alembic import op

from portal.db.append_only import drop_append_only_guards, make_append_only

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('client', 'relative', 'case_manager', 'provider', 'admin')"
ROLES_AFTER = "role IN ('client', 'relative', 'case_manager', 'provider', 'admin', 'decision_code')"
REQUESTED_BEFORE = "requested_by IN ('client', 'holder', 'case_manager')"
REQUESTED_AFTER = "requested_by IN ('client', 'holder', 'case_manager', 'register')"
COUNTY_TEXTS = (
    ("registry_address", sa.Text()),
    ("registry_email", sa.String(length=200)),
    ("registry_phone", sa.String(length=40)),
    ("review_body_fi", sa.String(length=300)),
    ("review_body_sv", sa.String(length=300)),
    ("ombudsman_name", sa.String(length=200)),
    ("ombudsman_phone", sa.String(length=40)),
    ("ombudsman_email", sa.String(length=200)),
    ("staff_support_phone", sa.String(length=40)),
)


def upgrade() -> None:
    with op.batch_alter_table("counties") as batch:
        for name, kind in COUNTY_TEXTS:
            batch.add_column(sa.Column(name, kind, nullable=False, server_default=""))
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("identity_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_clients_identity_key"), ["identity_key"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("identity_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_users_identity_key"), ["identity_key"])
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", ROLES_AFTER)
    with op.batch_alter_table("user_sessions") as batch:
        batch.add_column(sa.Column("signed_in_with", sa.String(length=20), nullable=False, server_default="password"))
        batch.add_column(sa.Column("id_token", sa.Text(), nullable=True))
    with op.batch_alter_table("mandates") as batch:
        batch.add_column(sa.Column("source", sa.String(length=10), nullable=False, server_default="portal"))
        batch.create_check_constraint("source", "source IN ('portal', 'suomi_fi')")
        batch.drop_constraint(op.f("ck_mandates_requested_by"), type_="check")
        batch.create_check_constraint("requested_by", REQUESTED_AFTER)
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("case_manager_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("replaces_decision_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_decisions_plan_id_plans")),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_decisions_client_id_clients")),
        sa.ForeignKeyConstraint(["case_manager_id"], ["case_managers.id"],
                                name=op.f("fk_decisions_case_manager_id_case_managers")),
        sa.ForeignKeyConstraint(["replaces_decision_id"], ["decisions.id"],
                                name=op.f("fk_decisions_replaces_decision_id_decisions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("number", name=op.f("uq_decisions_number")),
        sa.UniqueConstraint("plan_id", name=op.f("uq_decisions_plan_id")),
    )
    op.create_index("ix_decisions_client_decided", "decisions", ["client_id", "decided_on", "id"])
    make_append_only("decisions")
    op.create_table(
        "decision_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"], name=op.f("fk_decision_codes_decision_id_decisions")),
        sa.ForeignKeyConstraint(["created_by_user_id"], ["users.id"],
                                name=op.f("fk_decision_codes_created_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_codes")),
    )
    op.create_index(op.f("ix_decision_codes_decision_id"), "decision_codes", ["decision_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_decision_codes_decision_id"), table_name="decision_codes")
    op.drop_table("decision_codes")
    drop_append_only_guards("decisions")
    op.drop_index("ix_decisions_client_decided", table_name="decisions")
    op.drop_table("decisions")
    # Mandates read from the register and the accounts of decision-code sign-ins stay (the access log names
    # them), in shapes the older schema knows: an ended mandate (the older code cannot ask the register
    # again), and an account that can see no one.
    op.execute("UPDATE mandates SET requested_by = 'holder', status = 'revoked' WHERE requested_by = 'register'")
    op.execute("UPDATE users SET role = 'relative', client_id = NULL WHERE role = 'decision_code'")
    with op.batch_alter_table("mandates") as batch:
        batch.drop_constraint(op.f("ck_mandates_requested_by"), type_="check")
        batch.create_check_constraint("requested_by", REQUESTED_BEFORE)
        batch.drop_constraint(op.f("ck_mandates_source"), type_="check")
        batch.drop_column("source")
    with op.batch_alter_table("user_sessions") as batch:
        batch.drop_column("id_token")
        batch.drop_column("signed_in_with")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", ROLES_BEFORE)
        batch.drop_constraint(op.f("uq_users_identity_key"), type_="unique")
        batch.drop_column("identity_key")
    with op.batch_alter_table("clients") as batch:
        batch.drop_constraint(op.f("uq_clients_identity_key"), type_="unique")
        batch.drop_column("identity_key")
    with op.batch_alter_table("counties") as batch:
        for name, _kind in reversed(COUNTY_TEXTS):
            batch.drop_column(name)
