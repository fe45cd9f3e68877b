"""The open queue reads from one covering index on both engines (issue 11).

(status, due time, id, children's search text) replaces (status, due time): the queue's
first page walks it in order, and the name filter over the open contacts (rows and count)
is answered from the index without reading each contact's row. Results are unchanged.

Revision ID: 0091_open_queue_index
"""

from alembic import op

revision = "0091_open_queue_index"
down_revision = "0090_hub_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_contacts_open_queue", "contacts", ["status", "decision_due_at", "id", "child_search"]
    )
    op.drop_index("ix_contacts_status_due", table_name="contacts")


def downgrade() -> None:
    op.create_index("ix_contacts_status_due", "contacts", ["status", "decision_due_at"])
    op.drop_index("ix_contacts_open_queue", table_name="contacts")
