"""Hub mode (PostgreSQL): need to know on agency research in the database (ISP-2, SEC-8).

Row-level security on research findings, the same rule as the service's ``visible_to``: a
finding is readable when it has been shared, or by a caseworker (desk officer, MASH, LA or
OOH manager) of the agency that researched it. Auditors and administrators see only what
was shared. The hub owner (the migrations, ``hub import``) is not subject to the policy.
A direct SELECT by another agency's role returns no unshared rows; a write to another
agency's findings touches none.

Revision ID: 0012_hub_need_to_know
"""

from alembic import op

revision = "0012_hub_need_to_know"
down_revision = "0011_hub_accounts"
branch_labels = None
depends_on = None

UPGRADE = [
    r"""
CREATE FUNCTION public.mash_sees_research(p_request_id integer, p_shared_at timestamp)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT p_shared_at IS NOT NULL
      OR EXISTS (SELECT 1 FROM public.users u
                   JOIN public.research_requests r ON r.id = p_request_id
                  WHERE public.mash_role_name(u.username) = session_user
                    AND u.agency_id = r.agency_id
                    AND u.role IN ('desk_officer', 'mash_manager', 'la_manager', 'ooh_manager'))
$$""",
    "ALTER TABLE public.research_findings ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY research_findings_need_to_know ON public.research_findings "
    "USING (public.mash_sees_research(request_id, shared_at))",
]

DOWNGRADE = [
    "DROP POLICY IF EXISTS research_findings_need_to_know ON public.research_findings",
    "ALTER TABLE public.research_findings DISABLE ROW LEVEL SECURITY",
    "DROP FUNCTION IF EXISTS public.mash_sees_research(integer, timestamp)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in DOWNGRADE:
        op.execute(statement)
