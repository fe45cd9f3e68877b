"""Hub mode (PostgreSQL): the audit chain is appended and verified inside the database.

On a hub no workstation holds the chain key: a SECURITY DEFINER function owned by the hub
owner numbers each entry after the chain head (locked row: appends from any number of
connections are serialised, the chain never forks) and computes its HMAC with pgcrypto
under a key in a schema no user role can read. Nothing changes on a local SQLCipher store.

Revision ID: 0010_hub_audit
"""

from alembic import op

revision = "0010_hub_audit"
down_revision = "0042_board_index"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

UPGRADE = [
    "CREATE SCHEMA IF NOT EXISTS mash_private",
    "REVOKE ALL ON SCHEMA mash_private FROM PUBLIC",
    "CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA mash_private",
    "CREATE TABLE mash_private.audit_key (id integer PRIMARY KEY CHECK (id = 1), "
    "key bytea NOT NULL)",
    "INSERT INTO mash_private.audit_key VALUES (1, mash_private.gen_random_bytes(32))",
    "CREATE TABLE mash_private.audit_head (id integer PRIMARY KEY CHECK (id = 1), "
    "seq bigint NOT NULL, mac text NOT NULL)",
    "INSERT INTO mash_private.audit_head VALUES (1, 0, '" + GENESIS + "')",
    r"""
CREATE FUNCTION public.mash_audit_mac(p_key bytea, p_body text, p_prev text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = mash_private, pg_catalog AS $$
  SELECT encode(mash_private.hmac(convert_to(p_body || E'\x1f' || p_prev, 'UTF8'),
                                  p_key, 'sha256'), 'hex')
$$""",
    "REVOKE ALL ON FUNCTION public.mash_audit_mac(bytea, text, text) FROM PUBLIC",
    r"""
CREATE FUNCTION public.mash_audit_append(
    p_at text, p_actor text, p_agency text, p_action text,
    p_object_type text, p_object_id text, p_details text)
RETURNS TABLE (new_seq bigint, new_mac text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = mash_private, pg_catalog AS $$
DECLARE
  head_seq bigint;
  head_mac text;
  chain_key bytea;
BEGIN
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
    "REVOKE ALL ON FUNCTION public.mash_audit_append(text, text, text, text, text, text, text) "
    "FROM PUBLIC",
    # One statement, one snapshot: the head and the entries it covers are read together.
    r"""
CREATE FUNCTION public.mash_audit_links()
RETURNS TABLE (fail_pos bigint, fail_seq bigint, fail_kind text, entries bigint,
               last_mac text, head_seq bigint, head_mac text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = mash_private, pg_catalog AS $$
  WITH head AS (SELECT seq, mac FROM mash_private.audit_head WHERE id = 1),
  chain_key AS (SELECT key FROM mash_private.audit_key WHERE id = 1),
  linked AS (
    SELECT e.seq, e.mac, row_number() OVER w AS pos,
           lag(e.mac, 1, repeat('0', 64)) OVER w AS prev,
           concat_ws(E'\x1f', e.seq::text, e.at, e.actor, e.agency, e.action,
                     e.object_type, e.object_id, e.details) AS body
      FROM public.audit_entries e
    WINDOW w AS (ORDER BY e.seq)),
  failure AS (
    SELECT pos, seq, CASE WHEN seq <> pos THEN 'gap' ELSE 'mac' END AS kind
      FROM linked, chain_key
     WHERE seq <> pos OR mac <> public.mash_audit_mac(chain_key.key, body, prev)
     ORDER BY pos LIMIT 1)
  SELECT (SELECT pos FROM failure), (SELECT seq FROM failure), (SELECT kind FROM failure),
         (SELECT count(*) FROM linked),
         coalesce((SELECT mac FROM linked ORDER BY pos DESC LIMIT 1), repeat('0', 64)),
         head.seq, head.mac
    FROM head
$$""",
    "REVOKE ALL ON FUNCTION public.mash_audit_links() FROM PUBLIC",
    r"""
CREATE FUNCTION public.mash_audit_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only';
END
$$""",
    "CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON public.audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION public.mash_audit_refuse()",
    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON public.audit_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION public.mash_audit_refuse()",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS audit_entries_no_truncate ON public.audit_entries",
    "DROP TRIGGER IF EXISTS audit_entries_no_change ON public.audit_entries",
    "DROP FUNCTION IF EXISTS public.mash_audit_refuse()",
    "DROP FUNCTION IF EXISTS public.mash_audit_links()",
    "DROP FUNCTION IF EXISTS public.mash_audit_append(text, text, text, text, text, text, text)",
    "DROP FUNCTION IF EXISTS public.mash_audit_mac(bytea, text, text)",
    "DROP SCHEMA IF EXISTS mash_private CASCADE",
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
