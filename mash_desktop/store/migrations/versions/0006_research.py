"""research: agency research panels, sharing decisions, intelligence packages, disclosure log

Revision ID: 0006_research
Revises: 0001_foundation
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_research"
down_revision = "0001_foundation"
branch_labels = ("research",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "research_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("systems_checked", sa.Text(), nullable=False),
        sa.Column("researcher_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_research_requests_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_research_requests_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"],
            name=op.f("fk_research_requests_requested_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["researcher_id"], ["users.id"], name=op.f("fk_research_requests_researcher_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_requests")),
        sa.UniqueConstraint(
            "contact_id", "agency_id", name="uq_research_requests_contact_agency"
        ),
    )
    op.create_index(
        "ix_research_requests_agency_state", "research_requests", ["agency_id", "state"]
    )

    op.create_table(
        "research_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("about", sa.String(length=200), nullable=False),
        sa.Column("system", sa.String(length=200), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("relevance", sa.String(length=20), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("sensitivity_note", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("shared_at", sa.DateTime(), nullable=True),
        sa.Column("outside_permitted", sa.Boolean(), nullable=False),
        sa.Column("outside_permitted_by_id", sa.Integer(), nullable=True),
        sa.Column("outside_permitted_at", sa.DateTime(), nullable=True),
        sa.Column("outside_permission_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["research_requests.id"],
            name=op.f("fk_research_findings_request_id_research_requests"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_research_findings_subject_id_subjects"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_research_findings_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["outside_permitted_by_id"], ["users.id"],
            name=op.f("fk_research_findings_outside_permitted_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_findings")),
    )
    op.create_index("ix_research_findings_request", "research_findings", ["request_id"])

    op.create_table(
        "sharing_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("schedule2", sa.Text(), nullable=False),
        sa.Column("schedule3", sa.Text(), nullable=False),
        sa.Column("gateways", sa.Text(), nullable=False),
        sa.Column("consent", sa.String(length=20), nullable=False),
        sa.Column("consent_note", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("duty_of_confidence", sa.Boolean(), nullable=False),
        sa.Column("holder_representative", sa.String(length=200), nullable=False),
        sa.Column("holder_views", sa.Text(), nullable=False),
        sa.Column("partner_decision", sa.String(length=20), nullable=True),
        sa.Column("partner_decided_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["research_findings.id"],
            name=op.f("fk_sharing_decisions_finding_id_research_findings"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_sharing_decisions_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_decisions")),
    )
    op.create_index("ix_sharing_decisions_finding", "sharing_decisions", ["finding_id"])

    op.create_table(
        "intelligence_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("composed_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"],
            name=op.f("fk_intelligence_packages_contact_id_contacts"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["composed_by_id"], ["users.id"],
            name=op.f("fk_intelligence_packages_composed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"],
            name=op.f("fk_intelligence_packages_issued_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intelligence_packages")),
    )
    op.create_index("ix_intelligence_packages_contact", "intelligence_packages", ["contact_id"])

    op.create_table(
        "package_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"], ["intelligence_packages.id"],
            name=op.f("fk_package_items_package_id_intelligence_packages"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["research_findings.id"],
            name=op.f("fk_package_items_finding_id_research_findings"),
        ),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_package_items_added_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_items")),
        sa.UniqueConstraint("package_id", "finding_id", name="uq_package_items_package_finding"),
    )

    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("package_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("disclosed_by_id", sa.Integer(), nullable=False),
        sa.Column("from_agency_id", sa.Integer(), nullable=False),
        sa.Column("to_party", sa.String(length=200), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_disclosures_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["research_findings.id"],
            name=op.f("fk_disclosures_finding_id_research_findings"),
        ),
        sa.ForeignKeyConstraint(
            ["package_id"], ["intelligence_packages.id"],
            name=op.f("fk_disclosures_package_id_intelligence_packages"),
        ),
        sa.ForeignKeyConstraint(
            ["disclosed_by_id"], ["users.id"], name=op.f("fk_disclosures_disclosed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["from_agency_id"], ["agencies.id"],
            name=op.f("fk_disclosures_from_agency_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    op.create_index("ix_disclosures_contact", "disclosures", ["contact_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_disclosures_contact", table_name="disclosures")
    op.drop_table("disclosures")
    op.drop_table("package_items")
    op.drop_index("ix_intelligence_packages_contact", table_name="intelligence_packages")
    op.drop_table("intelligence_packages")
    op.drop_index("ix_sharing_decisions_finding", table_name="sharing_decisions")
    op.drop_table("sharing_decisions")
    op.drop_index("ix_research_findings_request", table_name="research_findings")
    op.drop_table("research_findings")
    op.drop_index("ix_research_requests_agency_state", table_name="research_requests")
    op.drop_table("research_requests")
