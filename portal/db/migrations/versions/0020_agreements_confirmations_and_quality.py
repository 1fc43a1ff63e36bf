"""service agreements, the client's confirmation of delivered services, providers' quality information

A provider's choice gets an agreement the client accepts (service_agreements, with its append-only
history); accepted choices from before are given an accepted agreement on paper, so that their providers
go on recording. The client confirms or disputes recorded services (service_events.confirmed_*,
service_disputes); a provider's settlement month keeps running totals of confirmations and of what
disputes hold out and release. Providers send quality information for the county's approval
(provider_quality), offices tell their accessibility, the county records supervision findings. A client
rates a provider once (provider_ratings unique by client and provider: the latest rating is kept), and the
provider may answer once.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 08:20:00
"""

import sqlalchemy as sa
from alembic import op

from portal.db.append_only import drop_append_only_guards, make_append_only

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

MONTH_COUNTS = ("confirmed_events", "held_events", "held_cents", "resolved_events", "released_events", "released_cents")
MONTH_CHECK = ("confirmed_events >= 0 AND held_events >= 0 AND held_cents >= 0 AND resolved_events >= 0 "
               "AND released_events >= 0 AND released_cents >= 0")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "service_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("choice_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=15), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("usual_times", sa.Text(), nullable=False),
        sa.Column("contact_person", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("cancellation_terms", sa.Text(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=True),
        sa.Column("own_share_cents", sa.Integer(), nullable=True),
        _at("proposed_at"),
        _at("accepted_at", nullable=True),
        sa.Column("accepted_by_user_id", sa.Integer(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("on_paper", sa.Boolean(), nullable=False),
        sa.CheckConstraint("status IN ('proposed', 'changes_asked', 'accepted', 'withdrawn')",
                           name=op.f("ck_service_agreements_status")),
        sa.CheckConstraint("notice_days BETWEEN 0 AND 90", name=op.f("ck_service_agreements_notice")),
        sa.CheckConstraint("version > 0", name=op.f("ck_service_agreements_version")),
        _fk("service_agreements", "choice_id", "provider_choices"),
        _fk("service_agreements", "provider_id", "providers"),
        _fk("service_agreements", "client_id", "clients"),
        _fk("service_agreements", "accepted_by_user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_agreements")),
        sa.UniqueConstraint("choice_id", name=op.f("uq_service_agreements_choice_id")),
    )
    op.create_index("ix_service_agreements_provider_status", "service_agreements", ["provider_id", "status", "id"])
    op.create_index("ix_service_agreements_client_provider", "service_agreements", ["client_id", "provider_id"])
    op.create_table(
        "agreement_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=15), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=10), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        _at("at"),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.CheckConstraint("step IN ('proposed', 'changes_asked', 'accepted', 'notice_given', 'withdrawn')",
                           name=op.f("ck_agreement_history_step")),
        sa.CheckConstraint("party IN ('client', 'relative', 'provider', 'portal')", name=op.f("ck_agreement_history_party")),
        _fk("agreement_history", "agreement_id", "service_agreements"),
        _fk("agreement_history", "by_user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_history")),
    )
    op.create_index(op.f("ix_agreement_history_agreement_id"), "agreement_history", ["agreement_id"])
    # Accepted choices from before the portal kept agreements: agreed on paper, so their providers go on recording.
    op.execute(
        "INSERT INTO service_agreements (choice_id, provider_id, client_id, status, version, starts_on, usual_times,"
        " contact_person, contact_phone, cancellation_terms, notice_days, proposed_at, accepted_at, ends_on, on_paper)"
        " SELECT provider_choices.id, provider_choices.provider_id, plans.client_id, 'accepted', 1,"
        " provider_choices.valid_from, '', '', '', '', 14, provider_choices.created_at,"
        " COALESCE(provider_choices.decided_at, provider_choices.created_at), provider_choices.valid_to, TRUE"
        " FROM provider_choices JOIN plan_lines ON plan_lines.id = provider_choices.plan_line_id"
        " JOIN plans ON plans.id = plan_lines.plan_id WHERE provider_choices.status = 'accepted'"
    )
    op.execute(
        "INSERT INTO agreement_history (agreement_id, step, version, party, at, message, terms)"
        " SELECT id, 'accepted', 1, 'portal', accepted_at, '', '{}' FROM service_agreements"
    )
    make_append_only("agreement_history")

    with op.batch_alter_table("service_events") as batch:
        batch.add_column(_at("confirmed_at", nullable=True))
        batch.add_column(sa.Column("confirmed_by_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_service_events_confirmed_by_user_id_users"), "users",
                                 ["confirmed_by_user_id"], ["id"])
    op.create_table(
        "service_disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_event_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("party", sa.String(length=10), nullable=False),
        _at("disputed_at"),
        sa.Column("disputed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("held_cents", sa.Integer(), nullable=False),
        sa.Column("held_month", sa.Date(), nullable=False),
        _at("resolved_at", nullable=True),
        sa.Column("resolved_by_user_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=10), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=False),
        sa.Column("released_month", sa.Date(), nullable=True),
        sa.CheckConstraint("reason IN ('not_delivered', 'wrong_units', 'wrong_date', 'other')",
                           name=op.f("ck_service_disputes_reason")),
        sa.CheckConstraint("resolution IS NULL OR resolution IN ('corrected', 'stands', 'credited')",
                           name=op.f("ck_service_disputes_resolution")),
        sa.CheckConstraint("party IN ('client', 'relative')", name=op.f("ck_service_disputes_party")),
        sa.CheckConstraint("held_cents >= 0", name=op.f("ck_service_disputes_held")),
        _fk("service_disputes", "service_event_id", "service_events"),
        _fk("service_disputes", "provider_id", "providers"),
        _fk("service_disputes", "client_id", "clients"),
        _fk("service_disputes", "disputed_by_user_id", "users"),
        _fk("service_disputes", "resolved_by_user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_disputes")),
        sa.UniqueConstraint("service_event_id", name=op.f("uq_service_disputes_service_event_id")),
    )
    op.create_index("ix_service_disputes_provider_open", "service_disputes", ["provider_id", "resolved_at", "id"])
    op.create_index("ix_service_disputes_client_open", "service_disputes", ["client_id", "resolved_at", "id"])
    with op.batch_alter_table("provider_months") as batch:
        for name in MONTH_COUNTS:
            kind = sa.BigInteger() if name.endswith("_cents") else sa.Integer()
            batch.add_column(sa.Column(name, kind, nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_recorded_on", sa.Date(), nullable=True))
        batch.create_check_constraint("confirmations", MONTH_CHECK)
    with op.batch_alter_table("settlements") as batch:
        for name in MONTH_COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))

    op.create_table(
        "provider_quality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("staff_count", sa.Integer(), nullable=True),
        sa.Column("continuity_percent", sa.Integer(), nullable=True),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("ownership_fi", sa.Text(), nullable=False),
        sa.Column("ownership_sv", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("complaints", sa.JSON(), nullable=False),
        sa.Column("offices", sa.JSON(), nullable=False),
        _at("submitted_at"),
        sa.Column("submitted_by_user_id", sa.Integer(), nullable=True),
        _at("decided_at", nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("county_message", sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('submitted', 'approved', 'returned')", name=op.f("ck_provider_quality_status")),
        sa.CheckConstraint("continuity_percent IS NULL OR continuity_percent BETWEEN 0 AND 100",
                           name=op.f("ck_provider_quality_continuity")),
        sa.CheckConstraint("staff_count IS NULL OR staff_count >= 0", name=op.f("ck_provider_quality_staff")),
        _fk("provider_quality", "provider_id", "providers"),
        _fk("provider_quality", "submitted_by_user_id", "users"),
        _fk("provider_quality", "decided_by_user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_quality")),
    )
    op.create_index("ix_provider_quality_provider_status", "provider_quality", ["provider_id", "status", "id"])
    op.create_table(
        "supervision_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("summary_fi", sa.Text(), nullable=False),
        sa.Column("summary_sv", sa.Text(), nullable=False),
        sa.Column("put_right_by", sa.Date(), nullable=True),
        _at("recorded_at"),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('no_remarks', 'guidance', 'remark', 'order')",
                           name=op.f("ck_supervision_findings_kind")),
        _fk("supervision_findings", "provider_id", "providers"),
        _fk("supervision_findings", "recorded_by_user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_findings")),
    )
    op.create_index("ix_supervision_findings_provider_found", "supervision_findings", ["provider_id", "found_on", "id"])
    with op.batch_alter_table("provider_offices") as batch:
        batch.add_column(sa.Column("step_free_entrance", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("parking", sa.Boolean(), nullable=True))

    # One rating per client and provider: the latest of a client's ratings of the same provider is kept.
    op.execute(
        "DELETE FROM provider_ratings WHERE EXISTS (SELECT 1 FROM provider_ratings AS later"
        " WHERE later.client_id = provider_ratings.client_id AND later.provider_id = provider_ratings.provider_id"
        " AND (later.updated_at > provider_ratings.updated_at"
        " OR (later.updated_at = provider_ratings.updated_at AND later.id > provider_ratings.id)))"
    )
    with op.batch_alter_table("provider_ratings") as batch:
        batch.drop_constraint(op.f("uq_provider_ratings_client_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_provider_ratings_client_id"), ["client_id", "provider_id"])
        batch.add_column(sa.Column("answer", sa.Text(), nullable=True))
        batch.add_column(_at("answered_at", nullable=True))
        batch.add_column(sa.Column("answered_by_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_provider_ratings_answered_by_user_id_users"), "users",
                                 ["answered_by_user_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("provider_ratings") as batch:
        batch.drop_constraint(op.f("fk_provider_ratings_answered_by_user_id_users"), type_="foreignkey")
        batch.drop_column("answered_by_user_id")
        batch.drop_column("answered_at")
        batch.drop_column("answer")
        batch.drop_constraint(op.f("uq_provider_ratings_client_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_provider_ratings_client_id"), ["client_id", "provider_id", "plan_line_id"])
    with op.batch_alter_table("provider_offices") as batch:
        batch.drop_column("parking")
        batch.drop_column("step_free_entrance")
    op.drop_index("ix_supervision_findings_provider_found", table_name="supervision_findings")
    op.drop_table("supervision_findings")
    op.drop_index("ix_provider_quality_provider_status", table_name="provider_quality")
    op.drop_table("provider_quality")
    with op.batch_alter_table("settlements") as batch:
        for name in reversed(MONTH_COUNTS):
            batch.drop_column(name)
    with op.batch_alter_table("provider_months") as batch:
        batch.drop_constraint(op.f("ck_provider_months_confirmations"), type_="check")
        batch.drop_column("last_recorded_on")
        for name in reversed(MONTH_COUNTS):
            batch.drop_column(name)
    op.drop_index("ix_service_disputes_client_open", table_name="service_disputes")
    op.drop_index("ix_service_disputes_provider_open", table_name="service_disputes")
    op.drop_table("service_disputes")
    with op.batch_alter_table("service_events") as batch:
        batch.drop_constraint(op.f("fk_service_events_confirmed_by_user_id_users"), type_="foreignkey")
        batch.drop_column("confirmed_by_user_id")
        batch.drop_column("confirmed_at")
    drop_append_only_guards("agreement_history")
    op.drop_index(op.f("ix_agreement_history_agreement_id"), table_name="agreement_history")
    op.drop_table("agreement_history")
    op.drop_index("ix_service_agreements_client_provider", table_name="service_agreements")
    op.drop_index("ix_service_agreements_provider_status", table_name="service_agreements")
    op.drop_table("service_agreements")
