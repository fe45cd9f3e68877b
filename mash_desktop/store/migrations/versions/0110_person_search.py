"""person search: every person named on a contact carries the keys a name search finds
them by (RQ-8)

Revision ID: 0110_person_search
Revises: 0012_hub_need_to_know
Create Date: 2026-12-02

``subjects.name_keys``: each word of the person's names romanised, its variant key, its
Soundex code and the Soundex code without the first letter (domain.person_search), filled in
for the people already in the store. No personal data beyond what the names already hold.
"""
from alembic import op
import sqlalchemy as sa

from mash_desktop.domain.person_search import name_keys


revision = "0110_person_search"
down_revision = "0012_hub_need_to_know"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subjects") as batch:
        batch.add_column(sa.Column("name_keys", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    people = conn.execute(sa.text("SELECT id, first_name, last_name FROM subjects")).all()
    for person_id, first, last in people:
        conn.execute(
            sa.text("UPDATE subjects SET name_keys = :keys WHERE id = :id"),
            {"keys": name_keys(first, last), "id": person_id},
        )
    with op.batch_alter_table("subjects") as batch:
        batch.alter_column("name_keys", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("subjects") as batch:
        batch.drop_column("name_keys")
