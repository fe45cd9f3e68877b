"""Need to know on all agency research (ISP-2, SEC-8): the systems an agency checked move
to a table of their own, and on a hub row-level security covers them and everything hung on
an item (sharing decisions, reversals, amendments, package items) with the service's rule.

The rule is one SQL function, ``mash_research_rule(role, reader agency, researching agency,
shared)``, the same as ``mash_desktop.domain.need_to_know.sees_research`` (a generated test
holds them equal); the policies call it through ``mash_sees_research`` for the connected
account. On a local store only the table moves.

Revision ID: 0102_research_need_to_know
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mash_desktop.store.migrations.hub_sql import earlier_definitions, run_on_hub

revision = "0102_research_need_to_know"
down_revision = "0101_hub_guards"
branch_labels = None
depends_on = None

ON_ITEMS = (
    "sharing_decisions",
    "withhold_reversals",
    "finding_amendments",
    "package_items",
    "permission_requests",
)

HUB_UPGRADE = [
    r"""
CREATE FUNCTION public.mash_research_rule(p_role text, p_reader_agency integer,
                                          p_research_agency integer, p_shared boolean)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(p_shared, false)
      OR (coalesce(p_role IN ('desk_officer', 'mash_manager', 'la_manager', 'ooh_manager'),
                   false)
          AND coalesce(p_reader_agency = p_research_agency, false))
$$""",
    r"""
CREATE OR REPLACE FUNCTION public.mash_sees_research(p_request_id integer,
                                                     p_shared_at timestamp)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT coalesce(
    (SELECT public.mash_research_rule(u.role, u.agency_id, r.agency_id,
                                      p_shared_at IS NOT NULL)
       FROM public.users u, public.research_requests r
      WHERE r.id = p_request_id AND public.mash_role_name(u.username) = session_user),
    p_shared_at IS NOT NULL)
$$""",
    "ALTER TABLE public.research_systems_checked ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY research_systems_checked_need_to_know ON public.research_systems_checked "
    "USING (public.mash_sees_research(request_id, NULL))",
    *(
        statement
        for table in ON_ITEMS
        for statement in (
            f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY {table}_need_to_know ON public.{table} USING (EXISTS ("
            "SELECT 1 FROM public.research_findings f WHERE f.id = finding_id))",
        )
    ),
    # The new table gets its grants (a case table).
    "SELECT public.mash_hub_grant()",
]

HUB_DOWNGRADE = [
    *(
        statement
        for table in ON_ITEMS
        for statement in (
            f"DROP POLICY IF EXISTS {table}_need_to_know ON public.{table}",
            f"ALTER TABLE public.{table} DISABLE ROW LEVEL SECURITY",
        )
    ),
]


def upgrade() -> None:
    op.create_table(
        "research_systems_checked",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["research_requests.id"],
            name=op.f("fk_research_systems_checked_request_id_research_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_systems_checked")),
        sa.UniqueConstraint("request_id", name=op.f("uq_research_systems_checked_request_id")),
    )
    op.execute(
        "INSERT INTO research_systems_checked (request_id, text) "
        "SELECT id, systems_checked FROM research_requests WHERE systems_checked <> ''"
    )
    op.execute("ALTER TABLE research_requests DROP COLUMN systems_checked")
    run_on_hub(HUB_UPGRADE)


def downgrade() -> None:
    run_on_hub(
        [
            *HUB_DOWNGRADE,
            *earlier_definitions("0012_hub_need_to_know.py", "mash_sees_research"),
            "DROP FUNCTION IF EXISTS public.mash_research_rule(text, integer, integer, boolean)",
        ]
    )
    op.execute("ALTER TABLE research_requests ADD COLUMN systems_checked TEXT NOT NULL DEFAULT ''")
    op.execute(
        "UPDATE research_requests SET systems_checked = coalesce((SELECT c.text FROM "
        "research_systems_checked c WHERE c.request_id = research_requests.id), '')"
    )
    op.drop_table("research_systems_checked")
