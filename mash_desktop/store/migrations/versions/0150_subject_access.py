"""subject access: requests, the items gathered for review and their redactions (ISP-7);
objections and restrictions recorded against a person (ISP-14)

Revision ID: 0150_subject_access
Revises: 0120_permission_requests
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0150_subject_access"
down_revision = "0120_permission_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_access_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("person_dob", sa.Date(), nullable=True),
        sa.Column("requester", sa.String(length=200), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extended_at", sa.DateTime(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=False),
        sa.Column("elsewhere", sa.Text(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_subject_access_requests_agency_id_agencies")),
        sa.ForeignKeyConstraint(["opened_by_id"], ["users.id"], name=op.f("fk_subject_access_requests_opened_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_subject_access_requests_reference")),
    )
    op.create_index("ix_subject_access_received", "subject_access_requests", ["received_on"], unique=False)
    op.create_table(
        "subject_access_subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["subject_access_requests.id"], name=op.f("fk_subject_access_subjects_request_id_subject_access_requests"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subject_id"], ["subjects.id"], name=op.f("fk_subject_access_subjects_subject_id_subjects"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_subjects")),
    )
    op.create_index("ix_subject_access_subjects_request", "subject_access_subjects", ["request_id"], unique=False)
    op.create_table(
        "subject_access_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("exemption", sa.String(length=30), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_subject_access_items_contact_id_contacts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_subject_access_items_decided_by_id_users")),
        sa.ForeignKeyConstraint(["request_id"], ["subject_access_requests.id"], name=op.f("fk_subject_access_items_request_id_subject_access_requests"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_items")),
    )
    op.create_index("ix_subject_access_items_contact", "subject_access_items", ["contact_id"], unique=False)
    op.create_index("ix_subject_access_items_request", "subject_access_items", ["request_id", "position"], unique=False)
    op.create_table(
        "subject_access_redactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("exemption", sa.String(length=30), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["subject_access_items.id"], name=op.f("fk_subject_access_redactions_item_id_subject_access_items"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["marked_by_id"], ["users.id"], name=op.f("fk_subject_access_redactions_marked_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_redactions")),
    )
    op.create_index("ix_subject_access_redactions_item", "subject_access_redactions", ["item_id"], unique=False)
    op.create_table(
        "person_rights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_person_rights_agency_id_agencies")),
        sa.ForeignKeyConstraint(["lifted_by_id"], ["users.id"], name=op.f("fk_person_rights_lifted_by_id_users")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_person_rights_recorded_by_id_users")),
        sa.ForeignKeyConstraint(["subject_id"], ["subjects.id"], name=op.f("fk_person_rights_subject_id_subjects"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_rights")),
    )
    op.create_index("ix_person_rights_open", "person_rights", ["lifted_at", "subject_id"], unique=False)


def downgrade() -> None:
    op.drop_table("person_rights")
    op.drop_table("subject_access_redactions")
    op.drop_table("subject_access_items")
    op.drop_table("subject_access_subjects")
    op.drop_table("subject_access_requests")
