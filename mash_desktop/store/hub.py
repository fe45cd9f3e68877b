"""Hub mode: the store on a PostgreSQL server that every workstation of the MASH shares.

The same services as a local store; the database numbers and MACs audit entries, checks
passwords (each account is a login role) and pushes changes. Reaching the server (address,
TLS, errors) is in hub_connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from mash_desktop.domain.audit_chain import ChainFields, VerifyResult, against_checkpoint
from mash_desktop.domain.errors import AccountSuspended, MashError
from mash_desktop.store.engine import Store
from mash_desktop.store.errors import StoreError
from mash_desktop.store.hub_changes import HubChangeFeed
from mash_desktop.store.hub_connection import (
    HubCredentials,
    HubLocation,
    HubLoginRefused,
    HubUnavailable,
    build_hub_engine,
    check_connection,
    translate_hub_errors,
)
from mash_desktop.store.hub_head import HeadWitness, against_witness
from mash_desktop.store.input_guard import refuse_unstorable
from mash_desktop.store.migrate import check_hub_schema, upgrade_hub
from mash_desktop.store.models import AuditEntry
from mash_desktop.store.options import READ_ONLY_OPTION, ROW_LOCKS_OPTION
from mash_desktop.store.passwords import HubPasswords
from mash_desktop.store.refusal_hook import RefusalHook

_PENDING_AUDIT = "mash_pending_audit"  # Session.info: entries to chain at the commit
_APPENDED = "mash_appended_head"  # Session.info: the newest head this transaction appended


def _fields(draft: ChainFields) -> dict[str, str]:
    return {
        "at": draft.at,
        "actor": draft.actor,
        "agency": draft.agency,
        "action": draft.action,
        "object_type": draft.object_type,
        "object_id": draft.object_id,
        "details": draft.details,
    }


@dataclass
class HubStore(RefusalHook):
    """An open hub store: the same services as a local store, on PostgreSQL; refusals are
    handed to ``on_refusal`` as on a local store."""

    location: HubLocation
    credentials: HubCredentials
    engine: Engine
    sessions: sessionmaker[Session]
    on_refusal: Callable[[MashError], None] | None = None

    @contextlib.contextmanager
    def transaction(self, row_locks: bool = False) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        Alone on the hub (the write lock), unless ``row_locks``: the caller locks the rows it
        changes (``lock_rows``) or relies on their version checks, so it runs beside other
        such transactions, and its audit entries are chained just before the commit (the
        chain's head is then held for the shortest time)."""
        bind = self.engine.execution_options(**{ROW_LOCKS_OPTION: True}) if row_locks else None
        try:
            with (
                self.reporting_refusals(),
                translate_hub_errors(),
                self.sessions(bind=bind or self.engine) as session,
            ):
                if row_locks:
                    session.info[_PENDING_AUDIT] = []
                    event.listen(session, "before_commit", self._chain_pending_audit)
                with session.begin():
                    yield session
        except HubUnavailable:
            self._explain_lost_connection()
            raise
        appended = session.info.get(_APPENDED)
        if appended is not None:  # committed: this workstation keeps the head it appended
            self.witness.saw(*appended)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read that writes nothing (not even an audit entry): no write lock, so it never
        queues behind another workstation's writes; the server refuses any write in it."""
        try:
            with (
                self.reporting_refusals(),
                translate_hub_errors(),
                Session(self.engine.execution_options(**{READ_ONLY_OPTION: True})) as session,
                session.begin(),
            ):
                yield session
        except HubUnavailable:
            self._explain_lost_connection()
            raise

    def _explain_lost_connection(self) -> None:
        """A lost connection whose role may no longer log in: the account was suspended,
        locked or its agency withdrew, and the server ended its sessions (ISP-9.1.1)."""
        try:
            check_connection(self.engine)
        except HubLoginRefused:
            raise AccountSuspended(
                "Your account has been suspended or locked (or your agency has withdrawn): "
                "this session has ended. Contact the MASH manager."
            ) from None
        except StoreError:
            return

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        return f"Hub server: {self.location.address()}"

    @property
    def witness(self) -> HeadWitness:
        return HeadWitness(self.location.address())

    @property
    def passwords(self) -> HubPasswords:
        return HubPasswords(self.location)

    def drop_old_row_versions(self) -> bool:
        """On the server, autovacuum reclaims deleted rows' old versions; only the table
        owner may VACUUM at once (the README's hub section says when to). True: nothing
        here waits on another connection."""
        return True

    def open_change_feed(self) -> HubChangeFeed:
        """Changes other workstations commit, pushed by the server (LISTEN/NOTIFY)."""
        feed = HubChangeFeed(self.location, self.credentials)
        feed.start()
        return feed

    def _chain_pending_audit(self, session: Session) -> None:
        session.flush()  # every row change first: after the append only the commit remains
        for draft in session.info.pop(_PENDING_AUDIT, []):
            self.append_audit(session, draft)

    def reserve_id(self, session: Session, table: str) -> int:
        """The id the next row of ``table`` gets: the server's sequence, so transactions
        running side by side never get the same number."""
        return int(
            session.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, 'id'))"), {"t": table}
            ).scalar_one()
        )

    def append_audit(self, session: Session, draft: ChainFields) -> AuditEntry:
        """The database numbers the entry after the locked head and computes its MAC. In a
        ``row_locks`` transaction that happens just before the commit, so the entry returned
        has no number or MAC yet (seq 0)."""
        pending: list[ChainFields] | None = session.info.get(_PENDING_AUDIT)
        if pending is not None:
            pending.append(draft)
            return AuditEntry(seq=0, mac="", **_fields(draft))
        seq, mac = session.execute(
            text(
                "SELECT new_seq, new_mac FROM mash_audit_append("
                ":at, :actor, :agency, :action, :object_type, :object_id, :details)"
            ),
            {
                "at": draft.at,
                "actor": draft.actor,
                "agency": draft.agency,
                "action": draft.action,
                "object_type": draft.object_type,
                "object_id": draft.object_id,
                "details": draft.details,
            },
        ).one()
        session.info[_APPENDED] = (int(seq), str(mac))
        return AuditEntry(
            seq=int(seq),
            at=draft.at,
            actor=draft.actor,
            agency=draft.agency,
            action=draft.action,
            object_type=draft.object_type,
            object_id=draft.object_id,
            details=draft.details,
            mac=str(mac),
        )

    def verify_audit(self, workers: int | None = None) -> VerifyResult:
        """The server walks the chain with its key; the same verdicts as a local store."""
        kept = self.witness.read()
        with self.transaction() as session:
            row = session.execute(text("SELECT * FROM mash_audit_links()")).one()
            mac_at_kept = (
                session.scalar(text("SELECT mash_audit_mac_at(:seq)"), {"seq": kept.seq})
                if kept is not None
                else None
            )
        fail_pos, fail_seq, fail_kind, entries, last_mac, head_seq, head_mac = row
        if fail_pos is not None:
            count = int(fail_pos) - 1
            if fail_kind == "mac":
                message = (
                    f"entry {fail_seq} was altered, inserted or moved "
                    "(its MAC does not match the chain)"
                )
                return VerifyResult(False, count, message, int(fail_seq))
            if fail_seq > fail_pos:
                message = f"entry {fail_pos} was removed (next entry is {fail_seq})"
                return VerifyResult(False, count, message, int(fail_pos))
            message = f"entry {fail_seq} is out of order or duplicated"
            return VerifyResult(False, count, message, int(fail_seq))
        # The head row is the chain's checkpoint: it moves only inside the append function;
        # the head this workstation appended is kept where a restored dump does not reach.
        result = against_checkpoint(int(entries), str(last_mac), (int(head_seq), str(head_mac)))
        return against_witness(result, int(entries), kept, mac_at_kept)


AnyStore = Store | HubStore


def connect_hub_store(location: HubLocation, credentials: HubCredentials) -> HubStore:
    """Connect (failures in plain words), without looking at the schema."""
    engine = build_hub_engine(location, credentials)
    try:
        check_connection(engine)
    except BaseException:
        engine.dispose()
        raise
    sessions = sessionmaker(engine)
    event.listen(sessions, "before_flush", refuse_unstorable)
    return HubStore(location, credentials, engine, sessions)


def open_hub_store(
    location: HubLocation, credentials: HubCredentials, upgrade: bool = False
) -> HubStore:
    """Connect as the user's own role; only the hub owner upgrades the schema."""
    store = connect_hub_store(location, credentials)
    engine = store.engine
    try:
        if upgrade:
            upgrade_hub(store)
        else:
            check_hub_schema(store)
    except BaseException:
        engine.dispose()
        raise
    return store


def local_store(store: AnyStore) -> Store:
    """The local encrypted store, for what only a file has (its backup copy, restore checks,
    key recovery); on a hub those are the server's, and the message says so."""
    if isinstance(store, HubStore):
        raise StoreError(
            "This applies to a local encrypted store. On a hub, the server is backed up, "
            "restored and its keys kept on the server (see 'Running a hub server' in the README)."
        )
    return store
