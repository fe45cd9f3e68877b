"""Hub mode: the store on a PostgreSQL server that every workstation of the MASH shares.

A hub address is ``postgresql://host[:port]/dbname``, never with a user name or password in
it: the user's own database role and password come from the login, the hub's certificate
authority from ``mash-desktop hub connect``. Over TCP the connection is TLS, verified in
full against that CA; clear text is accepted only over a local Unix socket.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from mash_desktop.domain.audit_chain import ChainFields, VerifyResult, against_checkpoint
from mash_desktop.store.engine import Store
from mash_desktop.store.errors import StoreError
from mash_desktop.store.models import AuditEntry
from mash_desktop.store.passwords import HubPasswords

if TYPE_CHECKING:
    from mash_desktop.store.hub_changes import HubChangeFeed

HUB_DRIVERS = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_S = 5
# Every transaction takes this lock first, as BEGIN IMMEDIATE does on a local store: version
# checks, number allocation and the audit chain keep the meaning they have there.
WRITE_LOCK_ID = 0x4D415348  # "MASH"
LOCK_TIMEOUT_MS = 15_000


class HubUnavailable(StoreError):
    """The hub server cannot be reached (down, restarting, network); nothing was saved."""


class HubLoginRefused(StoreError):
    """The server refused the user name and password (or the account is suspended)."""


UNAVAILABLE_MESSAGE = (
    "The hub server cannot be reached (it may be restarting, or the network is down); "
    "nothing was saved. MASH Desktop keeps what you typed and reconnects by itself: "
    "try again in a moment."
)


def is_hub_address(text_value: str | Path | None) -> bool:
    value = str(text_value or "")
    return any(value.startswith(f"{driver}:") for driver in HUB_DRIVERS)


@dataclass(frozen=True)
class HubLocation:
    host: str
    port: int
    dbname: str
    ca_file: Path | None = None

    @property
    def unix_socket(self) -> bool:
        return self.host.startswith("/")

    @classmethod
    def parse(cls, address: str, ca_file: Path | str | None = None) -> HubLocation:
        """Read a hub address; a user name or password in it is refused (and not echoed)."""
        try:
            url = make_url(address)
        except ArgumentError as exc:
            raise StoreError(
                "The hub address is not valid: give postgresql://host[:port]/database."
            ) from exc
        if url.drivername not in HUB_DRIVERS:
            raise StoreError("A hub address starts with postgresql://")
        if url.username or url.password:
            raise StoreError(
                "The hub address must not carry a user name or password: give only "
                "postgresql://host[:port]/database; each user logs in with their own account."
            )
        socket_dir = url.query.get("host")
        host = url.host or (socket_dir if isinstance(socket_dir, str) else None)
        if not host or not url.database:
            raise StoreError("The hub address needs a server and a database name.")
        location = cls(
            host,
            url.port or DEFAULT_PORT,
            url.database,
            Path(ca_file).expanduser().absolute() if ca_file else None,
        )
        if not location.unix_socket and location.ca_file is None:
            raise StoreError(
                "This workstation has no certificate authority file for the hub, so the "
                "server cannot be verified. Run 'mash-desktop hub connect ADDRESS --ca FILE' "
                "once on this workstation."
            )
        return location

    def address(self) -> str:
        """The address without credentials (safe to show, log and keep in settings)."""
        if self.unix_socket:
            return f"postgresql:///{self.dbname}?host={self.host}&port={self.port}"
        return f"postgresql://{self.host}:{self.port}/{self.dbname}"


@dataclass(frozen=True)
class HubCredentials:
    username: str
    password: str = field(repr=False)


def connect_args(location: HubLocation, credentials: HubCredentials) -> dict[str, Any]:
    args: dict[str, Any] = {
        "user": credentials.username,
        "password": credentials.password,
        "application_name": "mash-desktop",
        "connect_timeout": CONNECT_TIMEOUT_S,
        # Waiting for another workstation's write lock ends, like a local store's busy timeout.
        "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}",
    }
    if location.unix_socket:
        args["sslmode"] = "disable"  # a local socket never leaves the server host
    else:
        assert location.ca_file is not None  # parse() refuses TCP without a CA
        args["sslmode"] = "verify-full"
        args["sslrootcert"] = str(location.ca_file)
    return args


def build_hub_engine(location: HubLocation, credentials: HubCredentials) -> Engine:
    url = URL.create(
        "postgresql+psycopg", host=location.host, port=location.port, database=location.dbname
    )
    engine = create_engine(
        url,
        connect_args=connect_args(location, credentials),
        pool_pre_ping=True,  # after a server restart, a dead pooled connection is replaced
        pool_size=4,
        max_overflow=4,
        hide_parameters=True,  # SQL errors must never carry personal data into logs (SEC-1)
    )

    @event.listens_for(engine, "begin")
    def _serialise(conn: Any) -> None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_ID})")

    return engine


def _connection_lost(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    import psycopg

    return isinstance(exc.orig, psycopg.OperationalError | psycopg.InterfaceError)


@contextlib.contextmanager
def translate_hub_errors() -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        if _connection_lost(exc):
            raise HubUnavailable(UNAVAILABLE_MESSAGE) from None
        if "lock timeout" in str(exc.orig):
            raise StoreError(
                "The hub is busy with another workstation's change; nothing was saved. "
                "Try again in a moment."
            ) from None
        raise


@dataclass
class HubStore:
    """An open hub store: the same services as a local store, on PostgreSQL."""

    location: HubLocation
    credentials: HubCredentials
    engine: Engine
    sessions: sessionmaker[Session]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with translate_hub_errors(), self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        return f"Hub server: {self.location.address()}"

    @property
    def passwords(self) -> HubPasswords:
        return HubPasswords(self.location)

    def open_change_feed(self) -> HubChangeFeed:
        """Changes other workstations commit, pushed by the server (LISTEN/NOTIFY)."""
        from mash_desktop.store.hub_changes import HubChangeFeed

        feed = HubChangeFeed(self.location, self.credentials)
        feed.start()
        return feed

    def append_audit(self, session: Session, draft: ChainFields) -> AuditEntry:
        """The database numbers the entry after the locked head and computes its MAC."""
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
        with self.transaction() as session:
            row = session.execute(text("SELECT * FROM mash_audit_links()")).one()
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
        # The head row is the chain's checkpoint: it moves only inside the append function.
        return against_checkpoint(int(entries), str(last_mac), (int(head_seq), str(head_mac)))


AnyStore = Store | HubStore


def connect_hub_store(location: HubLocation, credentials: HubCredentials) -> HubStore:
    """Connect (failures in plain words), without looking at the schema."""
    from mash_desktop.store.hub_connect import check_connection

    engine = build_hub_engine(location, credentials)
    try:
        check_connection(engine)
    except BaseException:
        engine.dispose()
        raise
    return HubStore(location, credentials, engine, sessionmaker(engine))


def open_hub_store(
    location: HubLocation, credentials: HubCredentials, upgrade: bool = False
) -> HubStore:
    """Connect as the user's own role; only the hub owner upgrades the schema."""
    from mash_desktop.store.migrate import check_hub_schema, upgrade_hub

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
