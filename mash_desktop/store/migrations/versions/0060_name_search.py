"""name search: the queue's child search text also holds romanised names and variant keys

Revision ID: 0060_name_search
Revises: 0007_one_history
Create Date: 2026-12-02

Data only: each contact's ``child_search`` is rebuilt from its children's names as typed,
romanised (anyascii) and by their variant keys, so 'Zoe' finds Zoë and 'Mohamed' finds
Muhammad in contacts logged before this version. No schema change.
"""
from collections.abc import Callable

from alembic import op
import sqlalchemy as sa

from mash_desktop.domain.names import search_text


revision = "0060_name_search"
down_revision = "0007_one_history"
branch_labels = None
depends_on = None


def _rebuild(text_for: Callable[[list[tuple[str, str]]], str]) -> None:
    conn = op.get_bind()
    subjects = conn.execute(
        sa.text(
            "SELECT contact_id, first_name, last_name FROM subjects "
            "WHERE is_child ORDER BY contact_id, id"
        )
    ).all()
    children: dict[int, list[tuple[str, str]]] = {}
    for contact_id, first, last in subjects:
        children.setdefault(contact_id, []).append((first, last))
    for contact_id, names in children.items():
        conn.execute(
            sa.text("UPDATE contacts SET child_search = :text WHERE id = :id"),
            {"text": text_for(names), "id": contact_id},
        )


def upgrade() -> None:
    _rebuild(search_text)


def downgrade() -> None:
    _rebuild(lambda names: "|".join(f"{f} {l}".casefold().strip() for f, l in names))
