"""partners: the agreement's versions, signatories and acknowledgements; non-compliance and
complaints (GOV-2, GOV-3)

Revision ID: 0041_partners
Revises: 0040_retention
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0041_partners"
down_revision = "0040_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("review_due_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_agreement_versions_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_versions")),
        sa.UniqueConstraint("version", name=op.f("uq_agreement_versions_version")),
    )
    op.create_table(
        "agreement_signatories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("signatory", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_agreement_signatories_agency_id_agencies")),
        sa.ForeignKeyConstraint(["version_id"], ["agreement_versions.id"], name=op.f("fk_agreement_signatories_version_id_agreement_versions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_signatories")),
        sa.UniqueConstraint("version_id", "agency_id", name="uq_agreement_signatories_partner"),
    )
    op.create_table(
        "agreement_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_agreement_acknowledgements_user_id_users")),
        sa.ForeignKeyConstraint(["version_id"], ["agreement_versions.id"], name=op.f("fk_agreement_acknowledgements_version_id_agreement_versions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_acknowledgements")),
        sa.UniqueConstraint("user_id", "version_id", name="uq_agreement_acknowledgements_user"),
    )
    op.create_table(
        "governance_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_governance_concerns_agency_id_agencies")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_governance_concerns_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_concerns")),
    )
    op.create_index("ix_governance_concerns_received", "governance_concerns", ["received_on"], unique=False)


def downgrade() -> None:
    op.drop_table("governance_concerns")
    op.drop_table("agreement_acknowledgements")
    op.drop_table("agreement_signatories")
    op.drop_table("agreement_versions")
