"""Putting back an older copy of the store is detected, and accepted only by two
administrators (SEC-10).

On opening, the chain head kept in the keyring (see ``store.head_keeper``) must be an entry of
this store's audit chain. When it is not (the store ends before it, or holds a different entry
there), the store is an older or another copy: the opening records a security incident, stops
the keyring head from following the older copy, and refuses to open until two administrators
accept the restore (``mash-desktop restore accept``), which is audited with their reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.incidents import record_incident
from mash_desktop.store.errors import StoreError
from mash_desktop.store.head_keeper import (
    HeadUnreadable,
    hold_keyring_head,
    keep_head,
    keyring_available,
    read_kept_head,
)
from mash_desktop.store.hub import local_store
from mash_desktop.store.models import AuditEntry, SecurityIncident, Setting

HEAD_KEPT_SETTING = "audit_head_in_keyring"
RESTORE_OBJECT = "store_restore"


class StoreRolledBack(StoreError):
    """The store is older than (or not) the one last used at this path on this computer."""


@dataclass(frozen=True)
class RestoreFinding:
    reason: str
    kept_seq: int
    store_seq: int


def find_restored_copy(session: Session, ctx: AppContext) -> RestoreFinding | None:
    """Why this store looks like an older copy put back, or None when its chain reaches the
    head kept in the keyring."""
    store_seq = int(session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc())) or 0)
    try:
        kept = read_kept_head(local_store(ctx.store))
    except HeadUnreadable as exc:
        return RestoreFinding(f"{exc}; it was changed or belongs to another database", 0, store_seq)
    if kept is None:
        if _kept_at(session) == str(local_store(ctx.store).path) and keyring_available():
            return RestoreFinding(
                "this computer's keyring has no record of where its audit trail had reached, "
                "though one was kept: the database was copied here or moved",
                0,
                store_seq,
            )
        return None
    if store_seq < kept.seq:
        return RestoreFinding(
            f"its audit trail ends at entry {store_seq}, but on this computer it had reached "
            f"entry {kept.seq}: an older copy was put back",
            kept.seq,
            store_seq,
        )
    mac = session.scalar(select(AuditEntry.mac).where(AuditEntry.seq == kept.seq))
    if mac != kept.mac:
        return RestoreFinding(
            f"its audit entry {kept.seq} is not the one recorded on this computer: "
            "another copy of the database was put in its place",
            kept.seq,
            store_seq,
        )
    return None


def check_restored_copy(ctx: AppContext, allow_restored: bool = False) -> RestoreFinding | None:
    """Run at every opening. A restored copy is recorded as a security incident (once per
    finding not yet reported to the Board) and
    refused unless ``allow_restored`` (used only to accept it)."""
    with ctx.store.transaction() as session:
        finding = find_restored_copy(session, ctx)
        if finding is None:
            _start_keeping(session, ctx)
            return None
        hold_keyring_head(local_store(ctx.store), True)
        object_id = str(finding.kept_seq)  # the store grows as it is refused; the head does not
        already = session.scalar(
            select(SecurityIncident.id).where(
                SecurityIncident.object_type == RESTORE_OBJECT,
                SecurityIncident.object_id == object_id,
                SecurityIncident.reported_to_board_at.is_(None),
            )
        )
        if already is None:
            record_incident(
                session,
                ctx,
                None,
                IncidentKind.UNAUTHORISED_MODIFICATION,
                f"An older copy of the database was opened: {finding.reason}.",
                RESTORE_OBJECT,
                object_id,
                {"kept_entry": finding.kept_seq, "store_entry": finding.store_seq},
            )
    if allow_restored:
        return finding
    raise StoreRolledBack(
        f"This database is not the one last used here: {finding.reason}. A security incident "
        "has been recorded. If the copy was put back on purpose (a restore from a backup), two "
        "administrators must accept it with 'mash-desktop restore accept'; until then nobody "
        "can work in it."
    )


def _kept_at(session: Session) -> str | None:
    row = session.get(Setting, HEAD_KEPT_SETTING)
    return str(json.loads(row.value)) if row else None


def _keep_here(session: Session, ctx: AppContext) -> None:
    """The database remembers the path whose keyring entry keeps its head: a copy opened at
    another path (a backup being checked) is another database, not a restore."""
    path = str(local_store(ctx.store).path)
    row = session.get(Setting, HEAD_KEPT_SETTING)
    if row is None:
        session.add(Setting(key=HEAD_KEPT_SETTING, value=json.dumps(path)))
    else:
        row.value = json.dumps(path)
    record(session, ctx, None, "store.head_kept_in_keyring", "store", "", {"path": path})


def _start_keeping(session: Session, ctx: AppContext) -> None:
    if _kept_at(session) != str(local_store(ctx.store).path) and keyring_available():
        _keep_here(session, ctx)


def accept_restore(
    ctx: AppContext,
    first_admin: Actor,
    second_username: str,
    second_password: str,
    reason: str,
) -> None:
    """Two administrators accept a deliberate restore: the keyring head follows this copy
    from now on. Audited with both names, the reason and the entries lost."""
    if not reason.strip():
        raise ValidationError("Say why the older copy was put back.", {"reason": "Required."})
    second = AccountService(ctx).login(second_username, second_password)
    if second.user_id == first_admin.user_id:
        raise AuthenticationError("A second, different administrator must accept the restore.")
    with ctx.store.transaction() as session:
        require_role(session, first_admin, {Role.ADMINISTRATOR}, "accept a restored copy")
        try:
            require_role(session, second, {Role.ADMINISTRATOR}, "accept a restored copy")
        except PermissionDenied as exc:
            raise PermissionDenied(f"{second.full_name} is not an administrator.") from exc
        finding = find_restored_copy(session, ctx)
        if finding is None:
            raise ValidationError(
                "This database is not a restored copy; there is nothing to accept."
            )
        if _kept_at(session) != str(local_store(ctx.store).path):
            _keep_here(session, ctx)
        entry = record(
            session,
            ctx,
            first_admin,
            "store.restore_accepted",
            "store",
            "",
            {
                "second_administrator": second.username,
                "reason": reason.strip(),
                "trail_had_reached": finding.kept_seq,
                "copy_ended_at": _copy_ended_at(session, finding),
                "finding": finding.reason,
            },
        )
        head = (entry.seq, entry.mac)
    hold_keyring_head(local_store(ctx.store), False)
    keep_head(local_store(ctx.store), *head, force=True)


def _copy_ended_at(session: Session, finding: RestoreFinding) -> int:
    """Where the copy's trail ended when it was first opened (before the refusals added to it)."""
    details = session.scalar(
        select(SecurityIncident.details)
        .where(
            SecurityIncident.object_type == RESTORE_OBJECT,
            SecurityIncident.object_id == str(finding.kept_seq),
        )
        .order_by(SecurityIncident.id)
    )
    return int(json.loads(details)["store_entry"]) if details else finding.store_seq
