"""Hub mode (PostgreSQL): MASH accounts are login roles; changes are announced by NOTIFY.

Each account is a login role named ``<database>/<username>`` (SCRAM-SHA-256; the
workstation sends only the SCRAM verifier, never the password), a member of the group
``<database>/users``. Administrators are not superusers: they create, suspend and remove
roles through SECURITY DEFINER functions owned by the hub owner (CREATEROLE), which check
that the caller is an active MASH administrator. Suspending ends the role's open
connections at once. Changes to contacts (and their claims), research and strategy records
are announced on the channel ``mash_changes`` (table and row id only, no personal data).

Revision ID: 0011_hub_accounts
"""

from alembic import op

revision = "0011_hub_accounts"
down_revision = "0010_hub_audit"
branch_labels = None
depends_on = None

CHANGE_TABLES = (
    "contacts",
    "subjects",
    "research_requests",
    "research_findings",
    "sharing_decisions",
    "intelligence_packages",
    "package_items",
    "disclosures",
    "strategy_discussions",
    "strategy_actions",
)

UPGRADE = [
    r"""
CREATE FUNCTION public.mash_role_name(p_username text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT current_database() || '/' || lower(p_username) $$""",
    r"""
CREATE FUNCTION public.mash_users_group() RETURNS text
LANGUAGE sql STABLE AS $$ SELECT current_database() || '/users' $$""",
    # The caller may manage accounts: the hub owner, or an active MASH administrator.
    r"""
CREATE FUNCTION public.mash_may_manage_accounts() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database
                          WHERE datname = current_database())
      OR EXISTS (SELECT 1 FROM public.users u JOIN public.agencies a ON a.id = u.agency_id
                  WHERE public.mash_role_name(u.username) = session_user
                    AND u.role = 'administrator' AND NOT u.suspended AND NOT u.locked
                    AND a.active)
$$""",
    r"""
CREATE FUNCTION public.mash_account_set_password(p_username text, p_verifier text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  role_name text := public.mash_role_name(p_username);
BEGIN
  IF NOT public.mash_may_manage_accounts() THEN
    RAISE EXCEPTION 'only a MASH administrator can manage accounts'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'a SCRAM-SHA-256 verifier is required';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', role_name, p_verifier);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', role_name, p_verifier,
                   public.mash_users_group());
  END IF;
END
$$""",
    r"""
CREATE FUNCTION public.mash_account_set_login(p_username text, p_allowed boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  role_name text := public.mash_role_name(p_username);
BEGIN
  IF NOT public.mash_may_manage_accounts() THEN
    RAISE EXCEPTION 'only a MASH administrator can manage accounts'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
    RETURN;
  END IF;
  IF p_allowed THEN
    EXECUTE format('ALTER ROLE %I LOGIN', role_name);
  ELSE
    EXECUTE format('ALTER ROLE %I NOLOGIN', role_name);
    PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE usename = role_name AND pid <> pg_backend_pid();
  END IF;
END
$$""",
    "REVOKE ALL ON FUNCTION public.mash_may_manage_accounts() FROM PUBLIC",
    "REVOKE ALL ON FUNCTION public.mash_account_set_password(text, text) FROM PUBLIC",
    "REVOKE ALL ON FUNCTION public.mash_account_set_login(text, boolean) FROM PUBLIC",
    # Idempotent: `hub init` runs it again (a database cloned or restored under another
    # name gets its own group role).
    r"""
CREATE FUNCTION public.mash_hub_grant() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = public.mash_users_group()) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN', public.mash_users_group());
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(),
                 public.mash_users_group());
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', public.mash_users_group());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I',
                 public.mash_users_group());
  EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON public.audit_entries FROM %I',
                 public.mash_users_group());
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I',
                 public.mash_users_group());
  EXECUTE format('GRANT EXECUTE ON FUNCTION public.mash_audit_append(text, text, text, text, '
                 'text, text, text), public.mash_audit_links(), public.mash_may_manage_accounts(), '
                 'public.mash_account_set_password(text, text), '
                 'public.mash_account_set_login(text, boolean) TO %I', public.mash_users_group());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, '
                 'DELETE ON TABLES TO %I', public.mash_users_group());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES '
                 'TO %I', public.mash_users_group());
END
$$""",
    "REVOKE ALL ON FUNCTION public.mash_hub_grant() FROM PUBLIC",
    "SELECT public.mash_hub_grant()",
    r"""
CREATE FUNCTION public.mash_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  row_id text := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD)->>'id'
                      ELSE to_jsonb(NEW)->>'id' END;
BEGIN
  PERFORM pg_notify('mash_changes', TG_TABLE_NAME || ':' || coalesce(row_id, ''));
  RETURN NULL;
END
$$""",
]

DOWNGRADE = [
    "DROP FUNCTION IF EXISTS public.mash_hub_grant()",
    "DROP FUNCTION IF EXISTS public.mash_notify_change() CASCADE",
    "DROP FUNCTION IF EXISTS public.mash_account_set_login(text, boolean)",
    "DROP FUNCTION IF EXISTS public.mash_account_set_password(text, text)",
    "DROP FUNCTION IF EXISTS public.mash_may_manage_accounts()",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in UPGRADE:
        op.execute(statement)
    for table in CHANGE_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_announce AFTER INSERT OR UPDATE OR DELETE ON public.{table} "
            "FOR EACH ROW EXECUTE FUNCTION public.mash_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in CHANGE_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_announce ON public.{table}")
    for statement in DOWNGRADE:
        op.execute(statement)
