"""The audit chain on a local SQLCipher store: the MAC is computed here, under a key derived
from the store key, and the chain head is checkpointed beside the file (signed)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from mash_desktop.domain.audit_chain import GENESIS_MAC, ChainFields, VerifyResult, entry_mac
from mash_desktop.store.audit_scan import ChainHead, verify_chain_file
from mash_desktop.store.checkpoint import read_checkpoint, write_checkpoint
from mash_desktop.store.head_keeper import keep_head
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.models import AuditEntry


class Store(Protocol):
    """What the local chain needs of the engine module's ``Store``."""

    @property
    def path(self) -> Path: ...

    @property
    def key(self) -> KeyMaterial: ...

    @property
    def audit_key(self) -> bytes: ...

    def transaction(self) -> AbstractContextManager[Session]: ...


def append_local(session: Session, store: Store, draft: ChainFields) -> AuditEntry:
    """Add one chained entry to the open transaction (which holds the write lock).

    ``draft.seq`` is ignored: the next number after the head is used. The checkpoint is
    written before the caller commits; if the commit then fails, the checkpoint is put back,
    so it never runs ahead of what the database holds.
    """
    head = session.execute(
        select(AuditEntry.seq, AuditEntry.mac).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    prev_seq, prev_mac = (head[0], head[1]) if head else (0, GENESIS_MAC)
    fields = ChainFields(
        seq=prev_seq + 1,
        at=draft.at,
        actor=draft.actor,
        agency=draft.agency,
        action=draft.action,
        object_type=draft.object_type,
        object_id=draft.object_id,
        details=draft.details,
    )
    mac = entry_mac(store.audit_key, fields, prev_mac)
    entry = AuditEntry(
        seq=fields.seq,
        at=fields.at,
        actor=fields.actor,
        agency=fields.agency,
        action=fields.action,
        object_type=fields.object_type,
        object_id=fields.object_id,
        details=fields.details,
        mac=mac,
    )
    session.add(entry)
    session.flush()
    _checkpoint_on_commit(session, store, (prev_seq, prev_mac), (fields.seq, mac))
    return entry


def _checkpoint_on_commit(
    session: Session, store: Store, before: tuple[int, str], after: tuple[int, str]
) -> None:
    pending = session.info.setdefault("audit_checkpoint", {})
    if not pending:
        pending["before"] = before

        @event.listens_for(session, "before_commit", once=True)
        def _write(sess: Session) -> None:
            seq, mac = pending["after"]
            write_checkpoint(store.path, store.audit_key, seq, mac)
            pending["written"] = True
            keep_head(store, seq, mac)  # a second copy a restored file cannot roll back (SEC-10)

        @event.listens_for(session, "after_soft_rollback", once=True)
        def _restore(sess: Session, _previous: Any) -> None:
            state = sess.info.pop("audit_checkpoint", None)
            if state and state.get("written"):
                seq, mac = state["before"]
                if seq:
                    write_checkpoint(store.path, store.audit_key, seq, mac)
                    keep_head(store, seq, mac)

        @event.listens_for(session, "after_commit", once=True)
        def _done(sess: Session) -> None:
            sess.info.pop("audit_checkpoint", None)

    pending["after"] = after


def verify_local(store: Store, workers: int | None = None) -> VerifyResult:
    """Walk the whole chain and compare its head with the checkpoint outside the database.

    The head and the checkpoint are read together under the write lock, where no append is
    half done (appends write the checkpoint inside their transaction); entries appended while
    the walk runs come after that head and are left for the next verification."""
    with store.transaction() as session:
        conn = session.connection()
        last = conn.exec_driver_sql(
            "SELECT seq, mac FROM audit_entries ORDER BY seq DESC LIMIT 1"
        ).first()
        count, first_seq = conn.exec_driver_sql(
            "SELECT count(*), min(seq) FROM audit_entries"
        ).one()
        checkpoint = read_checkpoint(store.path, store.audit_key)
    head = ChainHead(
        seq=last[0] if last else 0,
        mac=last[1] if last else GENESIS_MAC,
        count=int(count),
        first_seq=int(first_seq or 0),
    )
    return verify_chain_file(
        store.path, store.key.pragma_key(), store.audit_key, head, checkpoint, workers
    )
