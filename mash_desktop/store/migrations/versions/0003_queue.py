"""queue: intake drafts, person links, queue columns on contacts

Revision ID: 0003_queue
Revises: 0001_foundation
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_queue"
down_revision = "0001_foundation"
branch_labels = ("queue",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("first_child_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("first_child_dob", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("child_search", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("child_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index("ix_contacts_updated", ["updated_at"], unique=False)
        batch_op.create_index(
            "ix_contacts_due_search", ["decision_due_at", "child_search"], unique=False
        )

    op.create_table(
        "contact_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_contact_drafts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_drafts")),
        sa.UniqueConstraint("user_id", name=op.f("uq_contact_drafts_user_id")),
    )
    op.create_table(
        "person_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("other_subject_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_person_links_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["other_subject_id"],
            ["subjects.id"],
            name=op.f("fk_person_links_other_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_person_links_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_links")),
        sa.UniqueConstraint("subject_id", "other_subject_id", name="uq_person_links_pair"),
    )
    with op.batch_alter_table("person_links", schema=None) as batch_op:
        batch_op.create_index("ix_person_links_other", ["other_subject_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person_links", schema=None) as batch_op:
        batch_op.drop_index("ix_person_links_other")
    op.drop_table("person_links")
    op.drop_table("contact_drafts")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_due_search")
        batch_op.drop_index("ix_contacts_updated")
        batch_op.drop_column("child_count")
        batch_op.drop_column("child_search")
        batch_op.drop_column("first_child_dob")
        batch_op.drop_column("first_child_name")
