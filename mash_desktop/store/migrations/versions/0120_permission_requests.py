"""permission requests: the MASH manager asks an item's originating partner for leave to
disseminate it outside the MASH, and the partner answers (ISP-5, ISP-7.1.4)

Revision ID: 0120_permission_requests
Revises: 0110_person_search
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0120_permission_requests"
down_revision = "0110_person_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "permission_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answer_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["research_findings.id"],
            name=op.f("fk_permission_requests_finding_id_research_findings"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"], ["intelligence_packages.id"],
            name=op.f("fk_permission_requests_package_id_intelligence_packages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"],
            name=op.f("fk_permission_requests_requested_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"],
            name=op.f("fk_permission_requests_answered_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permission_requests")),
    )
    op.create_index("ix_permission_requests_finding", "permission_requests", ["finding_id"])
    op.create_index("ix_permission_requests_status", "permission_requests", ["status"])


def downgrade() -> None:
    op.drop_index("ix_permission_requests_status", table_name="permission_requests")
    op.drop_index("ix_permission_requests_finding", table_name="permission_requests")
    op.drop_table("permission_requests")
