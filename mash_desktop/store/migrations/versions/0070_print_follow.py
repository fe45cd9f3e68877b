"""print follow: where a print job went, what the spooler said of it, when it was sent, and
the incident opened when its copies were not collected (SEC-5)

Revision ID: 0070_print_follow
Revises: 0041_partners
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0070_print_follow"
down_revision = "0041_partners"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_jobs") as batch:
        batch.add_column(sa.Column("printer_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("spool_job_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("spool_state", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("uncollected_incident_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_print_jobs_uncollected_incident_id_security_incidents"),
            "security_incidents",
            ["uncollected_incident_id"],
            ["id"],
        )
        batch.create_index("ix_print_jobs_status", ["status"])


def downgrade() -> None:
    with op.batch_alter_table("print_jobs") as batch:
        batch.drop_index("ix_print_jobs_status")
        batch.drop_constraint(
            op.f("fk_print_jobs_uncollected_incident_id_security_incidents"), type_="foreignkey"
        )
        for column in (
            "uncollected_incident_id",
            "sent_at",
            "spool_state",
            "spool_job_id",
            "printer_name",
        ):
            batch.drop_column(column)
