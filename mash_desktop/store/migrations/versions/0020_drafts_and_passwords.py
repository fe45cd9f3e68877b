"""drafts of any form (SEC-9); a password set by an administrator is changed at next login (SEC-7)

Revision ID: 0020_drafts_and_passwords
Revises: 0070_print_follow
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0020_drafts_and_passwords"
down_revision = "0070_print_follow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_form_drafts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_drafts")),
        sa.UniqueConstraint(
            "user_id", "kind", "ref", name=op.f("uq_form_drafts_user_id")
        ),
    )
    # A plain ADD COLUMN: a batch copy of "users" would have to drop a table every other
    # table refers to, which foreign keys refuse.
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    op.drop_table("form_drafts")
