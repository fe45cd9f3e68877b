"""board index: a covering index for the Management Board figures (GOV-1)

Revision ID: 0042_board_index
Revises: 0030_protocol_rules
Create Date: 2026-12-02
"""
from alembic import op


revision = "0042_board_index"
down_revision = "0030_protocol_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_contacts_board",
        "contacts",
        ["received_at", "outcome", "status", "referrer_agency_id", "la_agency_id", "outcome_at",
         "decision_due_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_contacts_board", table_name="contacts")
