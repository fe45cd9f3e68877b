"""retention: legal holds and two-person destruction proposals (ISP-9)

Revision ID: 0040_retention
Revises: 0060_name_search
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0040_retention"
down_revision = "0060_name_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("contact_reference", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by_id", sa.Integer(), nullable=False),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_legal_holds_contact_id_contacts"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["lifted_by_id"], ["users.id"], name=op.f("fk_legal_holds_lifted_by_id_users")),
        sa.ForeignKeyConstraint(["placed_by_id"], ["users.id"], name=op.f("fk_legal_holds_placed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    op.create_index("ix_legal_holds_contact", "legal_holds", ["contact_id"], unique=False)
    op.create_table(
        "destruction_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("contact_reference", sa.String(length=40), nullable=False),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_destruction_proposals_contact_id_contacts"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_destruction_proposals_decided_by_id_users")),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["users.id"], name=op.f("fk_destruction_proposals_proposed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_proposals")),
    )
    op.create_index("ix_destruction_proposals_contact", "destruction_proposals", ["contact_id"], unique=False)
    op.create_index("ix_destruction_proposals_status", "destruction_proposals", ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("destruction_proposals")
    op.drop_table("legal_holds")
