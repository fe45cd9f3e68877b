"""protocol rules: strategy record fields (SD-1, SD-12, SD-13), copy addresses and the review
of copies once logged as posted (SEC-5, SD-16), late conferences and conference requests
(SD-15, SD-18), consent and advice answers, reversals and amendments (ISP-3, ISP-10..13),
the body type of a partner (ISP-11)

Revision ID: 0030_protocol_rules
Revises: 0020_drafts_and_passwords
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0030_protocol_rules"
down_revision = "0020_drafts_and_passwords"
branch_labels = None
depends_on = None

# SEC-5 / SD-16: a copy logged as posted is not rewritten; it is flagged for someone to check.
POST_REVIEW_NOTE = (
    "Logged as sent by post before post was refused. No paper may leave the MASH "
    "(InfoSec 2.2.1): check where this copy went and record it."
)


def _text(name: str) -> "sa.Column[str]":
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("agencies") as b:
        b.add_column(sa.Column("body_type", sa.String(length=30), nullable=True))
    with op.batch_alter_table("strategy_discussions") as b:
        b.add_column(
            sa.Column("child_looked_after", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        b.add_column(_text("hospital_absent_reason"))
        b.add_column(sa.Column("s47_lead_agency_id", sa.Integer(), nullable=True))
        b.add_column(sa.Column("criminal_lead_agency_id", sa.Integer(), nullable=True))
        b.add_column(sa.Column("protection", sa.String(length=30), nullable=True))
        b.add_column(sa.Column("protection_since", sa.DateTime(), nullable=True))
        b.create_foreign_key(
            op.f("fk_strategy_discussions_s47_lead_agency_id_agencies"),
            "agencies",
            ["s47_lead_agency_id"],
            ["id"],
        )
        b.create_foreign_key(
            op.f("fk_strategy_discussions_criminal_lead_agency_id_agencies"),
            "agencies",
            ["criminal_lead_agency_id"],
            ["id"],
        )
    with op.batch_alter_table("strategy_attendees") as b:
        b.add_column(sa.Column("senior_enough", sa.Boolean(), nullable=True))
        b.add_column(
            sa.Column("hospital_staff", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("strategy_copies") as b:
        b.add_column(
            sa.Column("address", sa.String(length=200), nullable=False, server_default="")
        )
        b.add_column(_text("review_note"))
    op.execute(
        sa.text("UPDATE strategy_copies SET review_note = :note WHERE channel = 'secure_post'")
        .bindparams(note=POST_REVIEW_NOTE)
    )
    with op.batch_alter_table("strategy_outcome_feedback") as b:
        b.add_column(_text("late_reason"))
    op.create_table(
        "strategy_conference_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("discussion_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=True),
        sa.Column("answer_note", sa.Text(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["discussion_id"],
            ["strategy_discussions.id"],
            name=op.f("fk_strategy_conference_requests_discussion_id_strategy_discussions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_strategy_conference_requests_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_strategy_conference_requests_requested_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_strategy_conference_requests_answered_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_conference_requests")),
    )
    op.create_index(
        "ix_conference_requests_discussion", "strategy_conference_requests", ["discussion_id"]
    )
    with op.batch_alter_table("research_findings") as b:
        b.add_column(sa.Column("amended_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("sharing_decisions") as b:
        b.add_column(
            sa.Column("consent_given_by", sa.String(length=200), nullable=False, server_default="")
        )
        b.add_column(sa.Column("capacity", sa.String(length=20), nullable=True))
        b.add_column(_text("capacity_note"))
        b.add_column(sa.Column("third_parties", sa.String(length=20), nullable=True))
        b.add_column(_text("third_party_note"))
        b.add_column(sa.Column("advice", sa.String(length=20), nullable=True))
        b.add_column(_text("advice_note"))
        b.add_column(
            sa.Column(
                "mental_illness_treatment", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    op.create_table(
        "withhold_reversals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("reversed_by_id", sa.Integer(), nullable=False),
        sa.Column("reversed_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["research_findings.id"],
            name=op.f("fk_withhold_reversals_finding_id_research_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["sharing_decisions.id"],
            name=op.f("fk_withhold_reversals_decision_id_sharing_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["reversed_by_id"],
            ["users.id"],
            name=op.f("fk_withhold_reversals_reversed_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withhold_reversals")),
    )
    op.create_index("ix_withhold_reversals_finding", "withhold_reversals", ["finding_id"])
    op.create_table(
        "finding_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("amended_by_id", sa.Integer(), nullable=False),
        sa.Column("amended_at", sa.DateTime(), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=False),
        sa.Column("new_text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["research_findings.id"],
            name=op.f("fk_finding_amendments_finding_id_research_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["amended_by_id"],
            ["users.id"],
            name=op.f("fk_finding_amendments_amended_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_amendments")),
    )
    op.create_index("ix_finding_amendments_finding", "finding_amendments", ["finding_id"])


def downgrade() -> None:
    op.drop_index("ix_finding_amendments_finding", table_name="finding_amendments")
    op.drop_table("finding_amendments")
    op.drop_index("ix_withhold_reversals_finding", table_name="withhold_reversals")
    op.drop_table("withhold_reversals")
    with op.batch_alter_table("sharing_decisions") as b:
        for name in (
            "mental_illness_treatment",
            "advice_note",
            "advice",
            "third_party_note",
            "third_parties",
            "capacity_note",
            "capacity",
            "consent_given_by",
        ):
            b.drop_column(name)
    with op.batch_alter_table("research_findings") as b:
        b.drop_column("amended_at")
    op.drop_index("ix_conference_requests_discussion", table_name="strategy_conference_requests")
    op.drop_table("strategy_conference_requests")
    with op.batch_alter_table("strategy_outcome_feedback") as b:
        b.drop_column("late_reason")
    with op.batch_alter_table("strategy_copies") as b:
        b.drop_column("review_note")
        b.drop_column("address")
    with op.batch_alter_table("strategy_attendees") as b:
        b.drop_column("hospital_staff")
        b.drop_column("senior_enough")
    with op.batch_alter_table("strategy_discussions") as b:
        b.drop_constraint(
            op.f("fk_strategy_discussions_criminal_lead_agency_id_agencies"), type_="foreignkey"
        )
        b.drop_constraint(
            op.f("fk_strategy_discussions_s47_lead_agency_id_agencies"), type_="foreignkey"
        )
        for name in (
            "protection_since",
            "protection",
            "criminal_lead_agency_id",
            "s47_lead_agency_id",
            "hospital_absent_reason",
            "child_looked_after",
        ):
            b.drop_column(name)
    with op.batch_alter_table("agencies") as b:
        b.drop_column("body_type")
