"""Hub mode (PostgreSQL): grants per role group (SEC-8, issue 12).

Each MASH role has a group role ``<database>/role:<role>`` (":" never appears in a user
name, so a group can never be someone's login role); every group is a member of the common
group ``<database>/users`` (connect, the reference tables, the owner's functions). A login
role is put in the group of its account's role by the owner's SECURITY DEFINER functions:
when the role is created, and whenever ``users.role`` changes (a trigger). The grants:

- caseworkers (desk officers, MASH, LA and OOH managers): read and write the case tables;
  only MASH and LA managers (who decide, RQ-5) may write a contact's ``outcome``;
- auditors: read only; their role writes no case, account or governance row;
- administrators: accounts, partners, settings, cabinets, the agreement, paper copies and
  records management; of the case tables only identifiers, dates, numbers and codes (what
  the Board figures, retention and destruction need), never names or narrative;
- nobody but the owner holds TRUNCATE, REFERENCES, TRIGGER or CREATE: the schema is the
  owner's alone.

``users`` rows are guarded by a trigger: a role that may not manage accounts changes only
its own log-in bookkeeping (failure count, last log-in, locking itself, its password).

Revision ID: 0100_hub_role_groups
"""

from __future__ import annotations

from alembic import op

from mash_desktop.store.migrations.hub_sql import earlier_definitions, on_hub, run_on_hub

revision = "0100_hub_role_groups"
down_revision = "0091_open_queue_index"
branch_labels = None
depends_on = None

CASEWORKERS = "ARRAY['desk_officer', 'mash_manager', 'la_manager', 'ooh_manager']"
# Columns of case tables an administrator may read: no names, no narrative.
ADMIN_CODE_COLUMNS = "ARRAY['reference', 'status', 'state', 'outcome', 'rag', 'kind', 'channel']"
ADMIN_HIDDEN_COLUMNS = "ARRAY['first_child_dob', 'first_child_name', 'child_search']"

UPGRADE = [
    r"""
CREATE FUNCTION public.mash_group_name(p_role text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT current_database() || '/role:' || p_role $$""",
    r"""
CREATE FUNCTION public.mash_is_owner() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database
                          WHERE datname = current_database())
$$""",
    # The MASH role of the account connected (NULL for the owner or a stranger).
    r"""
CREATE FUNCTION public.mash_session_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT u.role FROM public.users u WHERE public.mash_role_name(u.username) = session_user
$$""",
    # The MAC of one entry, for a workstation comparing the head it kept (hub_head); the
    # trail's rows are not all readable by every role, their MACs say nothing.
    r"""
CREATE FUNCTION public.mash_audit_mac_at(p_seq bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT e.mac FROM public.audit_entries e WHERE e.seq = p_seq
$$""",
    "REVOKE ALL ON FUNCTION public.mash_audit_mac_at(bigint) FROM PUBLIC",
    r"""
CREATE FUNCTION public.mash_account_sync_group(p_username text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  login text := public.mash_role_name(p_username);
  wanted text;
  grp record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    RETURN;
  END IF;
  SELECT public.mash_group_name(u.role) INTO wanted FROM public.users u
   WHERE lower(u.username) = lower(p_username);
  FOR grp IN SELECT g.rolname FROM pg_auth_members m
               JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
              WHERE r.rolname = login AND g.rolname LIKE current_database() || '/role:%'
                AND g.rolname IS DISTINCT FROM wanted LOOP
    EXECUTE format('REVOKE %I FROM %I', grp.rolname, login);
  END LOOP;
  IF wanted IS NOT NULL AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = wanted) THEN
    EXECUTE format('GRANT %I TO %I', wanted, login);
  END IF;
END
$$""",
    "REVOKE ALL ON FUNCTION public.mash_account_sync_group(text) FROM PUBLIC",
    r"""
CREATE FUNCTION public.mash_users_follow_role() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  PERFORM public.mash_account_sync_group(NEW.username);
  RETURN NULL;
END
$$""",
    "CREATE TRIGGER users_role_group AFTER INSERT OR UPDATE OF role, username ON public.users "
    "FOR EACH ROW EXECUTE FUNCTION public.mash_users_follow_role()",
    # Who is not an account manager changes only their own log-in bookkeeping.
    r"""
CREATE FUNCTION public.mash_users_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  bookkeeping text[] := ARRAY['failed_attempts', 'last_login_at', 'locked', 'password_hash',
                              'must_change_password'];
BEGIN
  IF public.mash_may_manage_accounts() THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND public.mash_role_name(OLD.username) = session_user
     AND (to_jsonb(OLD) - bookkeeping) = (to_jsonb(NEW) - bookkeeping)
     AND (NEW.locked OR NOT OLD.locked)
     AND (NOT NEW.must_change_password OR OLD.must_change_password) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'only a MASH administrator can change accounts'
    USING ERRCODE = 'insufficient_privilege';
END
$$""",
    "CREATE TRIGGER users_guard BEFORE INSERT OR UPDATE OR DELETE ON public.users "
    "FOR EACH ROW EXECUTE FUNCTION public.mash_users_guard()",
    # A user sets their own password; locks themselves (five wrong passwords at the lock
    # screen); administrators manage everyone's.
    r"""
CREATE OR REPLACE FUNCTION public.mash_account_set_password(p_username text, p_verifier text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  role_name text := public.mash_role_name(p_username);
BEGIN
  IF NOT (public.mash_may_manage_accounts() OR role_name = session_user) THEN
    RAISE EXCEPTION 'only a MASH administrator can manage accounts'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'a SCRAM-SHA-256 verifier is required';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', role_name, p_verifier);
    IF role_name <> session_user THEN
      EXECUTE format('ALTER ROLE %I LOGIN', role_name);
    END IF;
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', role_name, p_verifier,
                   public.mash_users_group());
  END IF;
  PERFORM public.mash_account_sync_group(p_username);
END
$$""",
    r"""
CREATE OR REPLACE FUNCTION public.mash_account_set_login(p_username text, p_allowed boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  role_name text := public.mash_role_name(p_username);
BEGIN
  IF NOT (public.mash_may_manage_accounts() OR (role_name = session_user AND NOT p_allowed))
  THEN
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
    r"""
CREATE OR REPLACE FUNCTION public.mash_hub_grant() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  base text := public.mash_users_group();
  groups text[] := ARRAY['desk_officer', 'mash_manager', 'la_manager', 'ooh_manager',
                         'auditor', 'administrator'];
  caseworkers text[] := """
    + CASEWORKERS
    + r""";
  everyone text[];
  g text;
  t record;
  cols text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = base) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN', base);
  END IF;
  FOREACH g IN ARRAY groups LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = public.mash_group_name(g)) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', public.mash_group_name(g));
    END IF;
    EXECUTE format('GRANT %I TO %I', base, public.mash_group_name(g));
  END LOOP;
  everyone := ARRAY[base] || ARRAY(SELECT public.mash_group_name(x) FROM unnest(groups) x);
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), base);
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', base);
  EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
  FOREACH g IN ARRAY everyone LOOP
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', g);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM %I', g);
  END LOOP;
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', base);
  EXECUTE format('GRANT EXECUTE ON FUNCTION public.mash_audit_append(text, text, text, text, '
                 'text, text, text), public.mash_audit_links(), public.mash_audit_mac_at(bigint), '
                 'public.mash_may_manage_accounts(), '
                 'public.mash_account_set_password(text, text), '
                 'public.mash_account_set_login(text, boolean) TO %I', base);
  FOR t IN SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') LOOP
    IF t.name IN ('alembic_version', 'agencies', 'settings', 'cabinets', 'agreement_versions',
                  'agreement_signatories') THEN
      EXECUTE format('GRANT SELECT ON public.%I TO %I', t.name, base);
      IF t.name <> 'alembic_version' THEN
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON public.%I TO %I', t.name,
                       public.mash_group_name('administrator'));
      END IF;
    ELSIF t.name = 'users' THEN
      EXECUTE format('GRANT SELECT, UPDATE (failed_attempts, last_login_at, locked, '
                     'password_hash, must_change_password) ON public.users TO %I', base);
      EXECUTE format('GRANT INSERT, UPDATE, DELETE ON public.users TO %I',
                     public.mash_group_name('administrator'));
    ELSIF t.name = 'audit_entries' THEN
      EXECUTE format('GRANT SELECT ON public.audit_entries TO %I', base);
    ELSIF t.name IN ('form_drafts', 'agreement_acknowledgements', 'security_incidents') THEN
      -- Everyone's own: drafts, acknowledging the agreement, reporting an incident.
      IF t.name = 'form_drafts' THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.form_drafts TO %I', base);
      ELSIF t.name = 'agreement_acknowledgements' THEN
        EXECUTE format('GRANT SELECT, INSERT ON public.%I TO %I', t.name, base);
      ELSE
        EXECUTE format('GRANT SELECT (id), INSERT, UPDATE (user_id, username, agency_code) '
                       'ON public.security_incidents TO %I', base);
        FOREACH g IN ARRAY ARRAY['mash_manager', 'auditor', 'administrator'] LOOP
          EXECUTE format('GRANT SELECT ON public.security_incidents TO %I',
                         public.mash_group_name(g));
        END LOOP;
        FOREACH g IN ARRAY ARRAY['mash_manager', 'administrator'] LOOP
          EXECUTE format('GRANT UPDATE ON public.security_incidents TO %I',
                         public.mash_group_name(g));
        END LOOP;
      END IF;
    ELSIF t.name = 'governance_concerns' THEN
      FOREACH g IN ARRAY ARRAY['mash_manager', 'auditor', 'administrator'] LOOP
        EXECUTE format('GRANT SELECT ON public.%I TO %I', t.name, public.mash_group_name(g));
      END LOOP;
      FOREACH g IN ARRAY ARRAY['mash_manager', 'administrator'] LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON public.%I TO %I', t.name,
                       public.mash_group_name(g));
      END LOOP;
    ELSIF t.name IN ('legal_holds', 'destruction_proposals', 'print_jobs', 'paper_copies',
                     'copy_events') THEN
      -- Records management (MASH and LA managers, administrators); paper copies (every
      -- caseworker and administrators). Auditors read the registers.
      FOREACH g IN ARRAY groups LOOP
        EXECUTE format('GRANT SELECT ON public.%I TO %I', t.name, public.mash_group_name(g));
      END LOOP;
      FOREACH g IN ARRAY CASE WHEN t.name IN ('legal_holds', 'destruction_proposals')
                              THEN ARRAY['mash_manager', 'la_manager', 'administrator']
                              ELSE caseworkers || ARRAY['administrator'] END LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON public.%I TO %I', t.name,
                       public.mash_group_name(g));
      END LOOP;
    ELSE
      -- A case table (and any table a later migration adds, until it is classified here).
      EXECUTE format('GRANT SELECT ON public.%I TO %I', t.name, public.mash_group_name('auditor'));
      FOREACH g IN ARRAY caseworkers LOOP
        IF t.name = 'contacts' AND g NOT IN ('mash_manager', 'la_manager') THEN
          SELECT string_agg(quote_ident(a.attname), ', ') INTO cols FROM pg_attribute a
           WHERE a.attrelid = 'public.contacts'::regclass AND a.attnum > 0
             AND NOT a.attisdropped AND a.attname <> 'outcome';
          EXECUTE format('GRANT SELECT, INSERT, DELETE, UPDATE (%s) ON public.contacts TO %I',
                         cols, public.mash_group_name(g));
        ELSE
          EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO %I', t.name,
                         public.mash_group_name(g));
        END IF;
      END LOOP;
      SELECT string_agg(quote_ident(a.attname), ', ') INTO cols FROM pg_attribute a
        JOIN pg_type ty ON ty.oid = a.atttypid
       WHERE a.attrelid = format('public.%I', t.name)::regclass AND a.attnum > 0
         AND NOT a.attisdropped
         AND (ty.typcategory <> 'S' OR a.attname = ANY ("""
    + ADMIN_CODE_COLUMNS
    + r"""))
         AND NOT a.attname = ANY ("""
    + ADMIN_HIDDEN_COLUMNS
    + r""");
      IF cols IS NOT NULL THEN
        EXECUTE format('GRANT SELECT (%s) ON public.%I TO %I', cols, t.name,
                       public.mash_group_name('administrator'));
      END IF;
      EXECUTE format('GRANT DELETE ON public.%I TO %I', t.name,
                     public.mash_group_name('administrator'));
      -- Destroying a record unlinks what points at it with ON DELETE SET NULL.
      SELECT string_agg(DISTINCT quote_ident(a.attname), ', ') INTO cols
        FROM pg_constraint k JOIN pg_attribute a
          ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
       WHERE k.conrelid = format('public.%I', t.name)::regclass AND k.contype = 'f'
         AND k.confdeltype = 'n';
      IF cols IS NOT NULL THEN
        EXECUTE format('GRANT UPDATE (%s) ON public.%I TO %I', cols, t.name,
                       public.mash_group_name('administrator'));
      END IF;
    END IF;
  END LOOP;
  PERFORM public.mash_account_sync_group(u.username) FROM public.users u;
END
$$""",
    "SELECT public.mash_hub_grant()",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS users_guard ON public.users",
    "DROP TRIGGER IF EXISTS users_role_group ON public.users",
    "DROP FUNCTION IF EXISTS public.mash_users_guard()",
    "DROP FUNCTION IF EXISTS public.mash_users_follow_role()",
    "DROP FUNCTION IF EXISTS public.mash_account_sync_group(text)",
    "DROP FUNCTION IF EXISTS public.mash_session_role()",
    "DROP FUNCTION IF EXISTS public.mash_audit_mac_at(bigint)",
    "DROP FUNCTION IF EXISTS public.mash_is_owner()",
    "DROP FUNCTION IF EXISTS public.mash_group_name(text)",
]


def upgrade() -> None:
    run_on_hub(UPGRADE)


def downgrade() -> None:
    if not on_hub():
        return
    run_on_hub(DOWNGRADE)
    run_on_hub(
        earlier_definitions(
            "0011_hub_accounts.py",
            "mash_account_set_password",
            "mash_account_set_login",
            "mash_hub_grant()",
        )
    )
    op.execute("SELECT public.mash_hub_grant()")
