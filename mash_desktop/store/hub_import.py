"""Move a local encrypted store onto an empty hub (``mash-desktop hub import LOCAL.db``).

The local audit chain must verify first. Every table is copied as it is; the local trail
is re-chained on the hub entry by entry (same fields, the hub's key), then one entry
records the local chain head, so the hub's trail vouches for exactly what was imported.
Passwords do not travel: local argon2 hashes are not login roles. One administrator gets
a new password (a role) now; they set everyone else's from the accounts screen, and each of
those accounts must change it at its first login (the SEC-7 must-change flag).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.orm import Session

from mash_desktop.domain.audit_chain import ChainFields
from mash_desktop.store.engine import Store, open_store
from mash_desktop.store.errors import StoreError
from mash_desktop.store.hub import HubStore
from mash_desktop.store.keys import resolve_key
from mash_desktop.store.models import AuditEntry, Base, User
from mash_desktop.store.passwords import HUB_ROLE_MARKER


def import_local_store(hub: HubStore, local_path: Path, admin: str, admin_password: str) -> str:
    local_path = Path(local_path).expanduser().absolute()
    local = open_store(local_path, resolve_key(local_path, create=False))
    try:
        verdict = local.verify_audit()
        if not verdict.ok:
            raise StoreError(
                f"The local store's audit trail does not verify ({verdict.message}); "
                "nothing was imported."
            )
        with hub.transaction() as hs:
            if hs.scalar(select(func.count()).select_from(User)):
                raise StoreError("The hub already holds accounts: import only into a new hub.")
            with local.engine.connect() as lc:
                copied = _copy_tables(lc, hs)
                if not hs.scalar(
                    select(func.count()).select_from(User).where(User.username == admin)
                ):
                    raise StoreError(f"The local store has no account '{admin}'.")
                # Everyone but the named administrator has no login role yet; the password
                # the administrator gives them must be changed at their first login (SEC-7).
                hs.execute(
                    update(User).values(
                        password_hash=HUB_ROLE_MARKER, must_change_password=User.username != admin
                    )
                )
                hub.passwords.new_secret(hs, admin, admin_password)
                count = _rechain(lc, hs, hub)
            head = (verdict.count, _local_head_mac(local))
            hub.append_audit(
                hs,
                ChainFields(
                    seq=0,
                    at=datetime.now(UTC).isoformat(timespec="microseconds"),
                    actor=hub.credentials.username,
                    agency="",
                    action="hub.import",
                    object_type="store",
                    object_id=local_path.name,
                    details=json.dumps(
                        {"local_head_seq": head[0], "local_head_mac": head[1], "rows": copied},
                        sort_keys=True,
                        separators=(",", ":"),
                    ),
                ),
            )
    finally:
        local.close()
    return (
        f"Imported {local_path.name}: {copied} rows and {count} audit entries (local chain "
        f"head {head[0]} recorded in the hub's trail). '{admin}' logs in with the new "
        "password and sets everyone else's from the accounts screen; each must change it at "
        "their first login."
    )


def _copy_tables(lc: Connection, hs: Session) -> int:
    copied = 0
    for table in Base.metadata.sorted_tables:
        if table.name == AuditEntry.__tablename__:
            continue
        rows = [dict(r) for r in lc.execute(table.select()).mappings()]
        if rows:
            hs.execute(table.insert(), rows)
            copied += len(rows)
    resync_sequences(hs)
    return copied


def resync_sequences(session: Session) -> None:
    """After rows were written with explicit ids (an import, a bulk load), move each id
    sequence past them so the next insert gets a fresh number."""
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                ),
                {"t": table.name},
            )


def _rechain(lc: Connection, hs: Session, hub: HubStore) -> int:
    count = 0
    table = AuditEntry.__table__
    for row in lc.execute(table.select().order_by(table.c.seq)).mappings():
        hub.append_audit(
            hs,
            ChainFields(
                0,
                row["at"],
                row["actor"],
                row["agency"],
                row["action"],
                row["object_type"],
                row["object_id"],
                row["details"],
            ),
        )
        count += 1
    return count


def _local_head_mac(local: Store) -> str:
    with local.engine.connect() as conn:
        mac = conn.exec_driver_sql(
            "SELECT mac FROM audit_entries ORDER BY seq DESC LIMIT 1"
        ).scalar()
    return str(mac or "")
