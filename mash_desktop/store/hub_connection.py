"""Reaching a hub server: its address (never with credentials), TLS verified in full against
the hub's CA (clear text only over a local Unix socket), the engine, and failures in plain
words that never repeat a password.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from mash_desktop.domain.errors import ServerUnreachable
from mash_desktop.store.errors import StoreError
from mash_desktop.store.hub_address import HUB_DRIVERS
from mash_desktop.store.options import READ_ONLY_OPTION, ROW_LOCKS_OPTION

DEFAULT_PORT = 5432
CONNECT_TIMEOUT_S = 5
# A writing transaction takes this lock first. Most take it alone, as BEGIN IMMEDIATE does on a
# local store, so everything they read keeps the meaning it has there. The busy ones (intake,
# claim, save, decision, research request, audited views) lock the rows they change and share
# it (HubStore.transaction(row_locks=True)): they run side by side and wait only for each other
# on the same row, while a one-writer transaction still has the hub to itself.
WRITE_LOCK_ID = 0x4D415348  # "MASH"
LOCK_TIMEOUT_MS = 15_000


class HubUnavailable(StoreError, ServerUnreachable):
    """The hub server cannot be reached (down, restarting, network); nothing was saved."""


class HubLoginRefused(StoreError):
    """The server refused the user name and password (or the account is suspended)."""


class HubLoginNotPermitted(HubLoginRefused):
    """The password was right but the role may not log in (suspended, locked, withdrawn):
    PostgreSQL checks the password before the role's LOGIN attribute. Said to the person
    in the same words as a wrong password."""


UNAVAILABLE_MESSAGE = (
    "The hub server cannot be reached (it may be restarting, or the network is down); "
    "nothing was saved. MASH Desktop keeps what you typed and reconnects by itself: "
    "try again in a moment."
)


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
        options = conn.get_execution_options()
        if options.get(READ_ONLY_OPTION):
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")  # no lock: never queues
            return
        if options.get(ROW_LOCKS_OPTION):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({WRITE_LOCK_ID})")
            return
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_ID})")

    return engine


def _connection_lost(exc: DBAPIError) -> bool:
    import psycopg  # only on a hub: a local start does not load the driver

    if exc.connection_invalidated:
        return True
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


LOGIN_REFUSED = (
    "The hub refused the user name or password (or the account is suspended or locked). "
    "Check them and try again; after repeated failures ask an administrator."
)


def check_connection(engine: Engine) -> None:
    """Connect once and say plainly why it failed; never repeats the password."""
    import psycopg

    try:
        # A raw connection: through the engine, the "begin" hook would queue for the
        # write lock, which the caller's own transaction may be holding.
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("SELECT 1")
        finally:
            raw.close()
    except (DBAPIError, psycopg.Error) as exc:
        detail = str(exc.orig if isinstance(exc, DBAPIError) else exc).lower()
        if "not permitted to log in" in detail:
            raise HubLoginNotPermitted(LOGIN_REFUSED) from None
        if "password authentication failed" in detail:
            raise HubLoginRefused(LOGIN_REFUSED) from None
        if "certificate" in detail or "ssl" in detail or "no encryption" in detail:
            raise StoreError(
                "The hub server's identity could not be verified against this workstation's "
                "certificate authority file (or the server refused an unencrypted connection). "
                "Ask the hub administrator for the right CA file and run "
                "'mash-desktop hub connect' again."
            ) from None
        if "does not exist" in detail:
            raise StoreError(
                "The hub server has no such database, or the account does not exist."
            ) from None
        raise HubUnavailable(UNAVAILABLE_MESSAGE) from None
