"""The audit trail (SEC-3): append inside the caller's transaction; verify the whole chain."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.audit_chain import ChainFields, VerifyResult
from mash_desktop.domain.clock import to_utc
from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.domain.roles import AUDIT_READERS
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.object_names import object_names, objects_named
from mash_desktop.store.hub import AnyStore
from mash_desktop.store.models import AuditEntry


def canonical_details(details: dict[str, Any] | None) -> str:
    return json.dumps(details or {}, sort_keys=True, separators=(",", ":"), default=str)


def append_entry(
    session: Session,
    store: AnyStore,
    at: datetime,
    actor: str,
    agency: str,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one chained entry to the open transaction; the store numbers and MACs it."""
    draft = ChainFields(
        seq=0,
        at=to_utc(at).isoformat(timespec="microseconds"),
        actor=actor,
        agency=agency,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        details=canonical_details(details),
    )
    return store.append_audit(session, draft)


def record(
    session: Session,
    ctx: AppContext,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    details: dict[str, Any] | None = None,
    actor_name: str | None = None,
) -> AuditEntry:
    """Audit an action by ``actor`` (or by ``actor_name`` when nobody is logged in)."""
    return append_entry(
        session,
        ctx.store,
        ctx.clock.now(),
        actor.username if actor else (actor_name or "system"),
        actor.agency_code if actor else "",
        action,
        object_type,
        object_id,
        details,
    )


def verify_store(store: AnyStore, workers: int | None = None) -> VerifyResult:
    """Walk the whole chain and compare its head with the head kept outside the trail."""
    return store.verify_audit(workers)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    actor: str
    agency: str
    action: str
    object_type: str
    object_id: str
    details: str
    object_label: str = ""  # in words: "Contact C-2026-0042", not "contact 301"


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_text: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None


class AuditService:
    """Reading the trail is itself audited; only MASH managers, auditors and admins may."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def search(
        self, actor: Actor, flt: AuditFilter, limit: int = 500, offset: int = 0
    ) -> list[AuditRow]:
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            if actor.role not in AUDIT_READERS:
                raise PermissionDenied(
                    "Only MASH managers, auditors and administrators can read the audit trail."
                )
            query = select(AuditEntry).order_by(AuditEntry.seq.desc())
            if flt.actor:
                query = query.where(AuditEntry.actor == flt.actor)
            if flt.action:
                query = query.where(AuditEntry.action == flt.action)
            if flt.object_text:
                like = f"%{flt.object_text}%"
                named = [
                    and_(AuditEntry.object_type == kind, AuditEntry.object_id == oid)
                    for kind, oid in objects_named(session, flt.object_text)
                ]
                query = query.where(
                    or_((AuditEntry.object_type + ":" + AuditEntry.object_id).like(like), *named)
                )
            if flt.date_from:
                query = query.where(
                    AuditEntry.at >= to_utc(flt.date_from).isoformat(timespec="microseconds")
                )
            if flt.date_to:
                query = query.where(
                    AuditEntry.at < to_utc(flt.date_to).isoformat(timespec="microseconds")
                )
            entries = session.scalars(query.limit(limit).offset(offset)).all()
            names = object_names(session, ((e.object_type, e.object_id) for e in entries))
            rows = [
                AuditRow(
                    e.seq,
                    datetime.fromisoformat(e.at),
                    e.actor,
                    e.agency,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.details,
                    names.get((e.object_type, e.object_id), ""),
                )
                for e in entries
            ]
            record(
                session,
                self.ctx,
                actor,
                "audit.search",
                "audit",
                "",
                {"actor": flt.actor, "action": flt.action, "object": flt.object_text},
            )
        return rows

    def actions(self, actor: Actor) -> list[str]:
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            if actor.role not in AUDIT_READERS:
                raise PermissionDenied(
                    "Only MASH managers, auditors and administrators can read the audit trail."
                )
            return list(
                session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
            )

    def verify(self, actor: Actor) -> VerifyResult:
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            if actor.role not in AUDIT_READERS:
                raise PermissionDenied(
                    "Only MASH managers, auditors and administrators can verify the audit trail."
                )
        result = verify_store(self.ctx.store)
        with self.ctx.store.transaction() as session:
            record(
                session,
                self.ctx,
                actor,
                "audit.verify",
                "audit",
                "",
                {"ok": result.ok, "count": result.count},
            )
        return result
