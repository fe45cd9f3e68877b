"""Hub mode (PostgreSQL): the queue's name filter uses a trigram index (issue 11).

The filter is ``child_search LIKE '%words%'``, which no B-tree can serve. On PostgreSQL a GIN
index with pg_trgm's operator class answers it from the index (the extension is a trusted
one in postgresql-contrib, so the hub owner creates it; it sits in mash_private beside
pgcrypto, no user role needs its functions). The query and its results are unchanged. A local
SQLCipher store keeps its covering index (0003_queue); nothing changes there.

Revision ID: 0090_hub_search_index
"""

from alembic import op

revision = "0090_hub_search_index"
down_revision = "0150_subject_access"
branch_labels = None
depends_on = None

INDEX = "ix_contacts_search_trgm"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SCHEMA IF NOT EXISTS mash_private")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA mash_private")
    op.execute(
        f"CREATE INDEX {INDEX} ON public.contacts "
        "USING gin (child_search mash_private.gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS public.{INDEX}")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
