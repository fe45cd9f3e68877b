"""Hub mode (PostgreSQL): what the database refuses whatever a role's grants (SEC-8, issue 12).

- An audit entry is appended only in the caller's own name (and agency): a role cannot
  write the trail in another user's name. The hub owner (migrations, ``hub import``) may.
- The audit trail is read whole by its readers (MASH managers, auditors, administrators);
  any other role reads only its own entries (the service's refusal count needs those).
- A decided or routed contact's outcome is final: the only change the database accepts is
  the reopening (status back to open, the outcome cleared) by a MASH or LA manager whose
  ``contact.reopen`` entry is in the same transaction's audit trail.
- Drafts are their writer's alone; an incident report is changed after the fact only by
  MASH managers and administrators (its reporter fills it in within the same transaction).

Revision ID: 0101_hub_guards
"""

from __future__ import annotations

from mash_desktop.store.migrations.hub_sql import earlier_definitions, run_on_hub

revision = "0101_hub_guards"
down_revision = "0100_hub_role_groups"
branch_labels = None
depends_on = None

AUDIT_READERS = "('mash_manager', 'auditor', 'administrator')"

UPGRADE = [
    r"""
CREATE FUNCTION public.mash_session_user_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT u.id FROM public.users u WHERE public.mash_role_name(u.username) = session_user
$$""",
    # A row written by this very transaction (its xmin is the current transaction id).
    r"""
CREATE FUNCTION public.mash_this_transaction(p_xmin xid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT p_xmin::text = (pg_current_xact_id_if_assigned()::text::numeric % 4294967296)::text
$$""",
    r"""
CREATE OR REPLACE FUNCTION public.mash_audit_append(
    p_at text, p_actor text, p_agency text, p_action text,
    p_object_type text, p_object_id text, p_details text)
RETURNS TABLE (new_seq bigint, new_mac text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = mash_private, pg_catalog AS $$
DECLARE
  head_seq bigint;
  head_mac text;
  chain_key bytea;
BEGIN
  IF NOT public.mash_is_owner() AND NOT EXISTS (
      SELECT 1 FROM public.users u JOIN public.agencies a ON a.id = u.agency_id
       WHERE public.mash_role_name(u.username) = session_user
         AND lower(u.username) = lower(p_actor) AND p_agency IN ('', a.code)) THEN
    RAISE EXCEPTION 'an audit entry can be appended only in your own name'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT h.seq, h.mac INTO head_seq, head_mac
    FROM mash_private.audit_head h WHERE h.id = 1 FOR UPDATE;
  SELECT k.key INTO chain_key FROM mash_private.audit_key k WHERE k.id = 1;
  new_seq := head_seq + 1;
  new_mac := public.mash_audit_mac(chain_key, concat_ws(E'\x1f', new_seq::text, p_at,
      p_actor, p_agency, p_action, p_object_type, p_object_id, p_details), head_mac);
  INSERT INTO public.audit_entries
      (seq, at, actor, agency, action, object_type, object_id, details, mac)
    VALUES (new_seq, p_at, p_actor, p_agency, p_action, p_object_type, p_object_id,
            p_details, new_mac);
  UPDATE mash_private.audit_head SET seq = new_seq, mac = new_mac WHERE id = 1;
  RETURN NEXT;
END
$$""",
    "ALTER TABLE public.audit_entries ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY audit_entries_readers ON public.audit_entries FOR SELECT USING ("
    f"(SELECT public.mash_session_role()) IN {AUDIT_READERS} "
    "OR public.mash_role_name(actor) = session_user)",
    r"""
CREATE FUNCTION public.mash_contact_decision_final() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF OLD.status = 'open' OR public.mash_is_owner()
     OR (NEW.status, NEW.outcome, NEW.outcome_by_id, NEW.outcome_at, NEW.outcome_rationale)
        IS NOT DISTINCT FROM
        (OLD.status, OLD.outcome, OLD.outcome_by_id, OLD.outcome_at, OLD.outcome_rationale) THEN
    RETURN NULL;
  END IF;
  IF NEW.status = 'open' AND NEW.outcome IS NULL AND NEW.outcome_by_id IS NULL
     AND NEW.outcome_at IS NULL AND NEW.outcome_rationale IS NULL
     AND public.mash_session_role() IN ('mash_manager', 'la_manager')
     AND EXISTS (SELECT 1 FROM public.audit_entries e
                  WHERE e.action = 'contact.reopen' AND e.object_type = 'contact'
                    AND e.object_id = OLD.id::text AND public.mash_this_transaction(e.xmin)
                    AND public.mash_role_name(e.actor) = session_user) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'the decision on contact % is final: a MASH or LA manager reopens it, '
                  'and the reopening is audited', OLD.reference
    USING ERRCODE = 'insufficient_privilege';
END
$$""",
    # Checked at commit: the reopening's audit entry is appended after the row changes.
    "CREATE CONSTRAINT TRIGGER contacts_decision_final AFTER UPDATE ON public.contacts "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
    "EXECUTE FUNCTION public.mash_contact_decision_final()",
    "ALTER TABLE public.form_drafts ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY form_drafts_own ON public.form_drafts "
    "USING (user_id = (SELECT public.mash_session_user_id())) "
    "WITH CHECK (user_id = (SELECT public.mash_session_user_id()))",
    "ALTER TABLE public.contact_drafts ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY contact_drafts_own ON public.contact_drafts "
    "USING (user_id = (SELECT public.mash_session_user_id())) "
    "WITH CHECK (user_id = (SELECT public.mash_session_user_id()))",
    "ALTER TABLE public.security_incidents ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY security_incidents_read ON public.security_incidents FOR SELECT USING (true)",
    "CREATE POLICY security_incidents_report ON public.security_incidents FOR INSERT "
    "WITH CHECK (true)",
    "CREATE POLICY security_incidents_change ON public.security_incidents FOR UPDATE USING ("
    "(SELECT public.mash_session_role()) IN ('mash_manager', 'administrator') "
    "OR public.mash_this_transaction(xmin))",
]

DOWNGRADE = [
    "DROP POLICY IF EXISTS security_incidents_change ON public.security_incidents",
    "DROP POLICY IF EXISTS security_incidents_report ON public.security_incidents",
    "DROP POLICY IF EXISTS security_incidents_read ON public.security_incidents",
    "ALTER TABLE public.security_incidents DISABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS contact_drafts_own ON public.contact_drafts",
    "ALTER TABLE public.contact_drafts DISABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS form_drafts_own ON public.form_drafts",
    "ALTER TABLE public.form_drafts DISABLE ROW LEVEL SECURITY",
    "DROP TRIGGER IF EXISTS contacts_decision_final ON public.contacts",
    "DROP FUNCTION IF EXISTS public.mash_contact_decision_final()",
    "DROP POLICY IF EXISTS audit_entries_readers ON public.audit_entries",
    "ALTER TABLE public.audit_entries DISABLE ROW LEVEL SECURITY",
    "DROP FUNCTION IF EXISTS public.mash_this_transaction(xid)",
    "DROP FUNCTION IF EXISTS public.mash_session_user_id()",
]


def upgrade() -> None:
    run_on_hub(UPGRADE)


def downgrade() -> None:
    run_on_hub(DOWNGRADE)
    run_on_hub(earlier_definitions("0010_hub_audit.py", "public.mash_audit_append"))
