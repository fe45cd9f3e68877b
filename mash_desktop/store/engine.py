"""Open the SQLCipher database: checks first, then the engine, then migrations.

Every check that can fail runs before anything writes to the file, so a wrong key, a file
that is not a database, or a damaged file leaves it byte-for-byte unchanged.
"""

from __future__ import annotations

import errno
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mash_desktop.domain.audit_chain import ChainFields, VerifyResult
from mash_desktop.domain.errors import MashError
from mash_desktop.store.checkpoint import catch_up_checkpoint
from mash_desktop.store.damage import DAMAGED_IN_USE, raise_if_damaged
from mash_desktop.store.errors import (
    DatabaseDamaged,
    DiskFull,
    NotADatabase,
    StoreError,
    StoreLocation,
    WrongKey,
)
from mash_desktop.store.input_guard import refuse_unstorable
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.models import AuditEntry
from mash_desktop.store.options import READ_ONLY_OPTION
from mash_desktop.store.passwords import LocalPasswords
from mash_desktop.store.refusal_hook import RefusalHook

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096
BUSY_TIMEOUT_MS = 15_000
# Opening checks every page's HMAC up to this size. Past it the check would hold up every
# start-up for seconds, so it is left to `mash-desktop check` and to SQLCipher's per-page HMAC,
# which refuses a damaged page the moment it is read (shown as DatabaseDamaged).
FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024


def _connect_raw(path: Path, key: KeyMaterial, read_only: bool) -> sqlcipher.Connection:
    uri = f"file:{path.as_posix()}?mode={'ro' if read_only else 'rwc'}"
    conn = sqlcipher.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(key.pragma_key())
    return conn


def check_location(path: Path, create: bool) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise StoreLocation(f"The folder {folder} does not exist (or is not a folder).")
    if not path.exists():
        if not create:
            raise StoreLocation(f"No database at {path}. Run 'mash-desktop init' to create one.")
        if not folder_writable(folder):
            raise StoreLocation(f"The folder {folder} is read-only; the database cannot be made.")
        return
    if path.is_dir():
        raise StoreLocation(f"{path} is a folder, not a database file.")
    if not folder_writable(folder) or not os.access(path, os.W_OK):
        raise StoreLocation(
            f"The database {path} or its folder is read-only; MASH Desktop needs to write to both."
        )


def folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def check_existing_file(path: Path, key: KeyMaterial, full_check: bool | None = None) -> None:
    """Open read-only and prove the key and the pages; writes nothing."""
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header == SQLITE_PLAIN_HEADER:
        raise NotADatabase(
            f"{path} is an unencrypted SQLite file. MASH Desktop only opens encrypted stores."
        )
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise DatabaseDamaged(
            f"{path} is truncated or damaged ({size} bytes is not a whole number of pages). "
            "Restore it from a backup."
        )
    if full_check is None:
        full_check = size <= FULL_CHECK_MAX_BYTES
    side_files = (Path(f"{path}-wal"), Path(f"{path}-shm"))
    existed = {side for side in side_files if side.exists()}
    try:
        _check_pages(path, key, full_check, read_only=side_files[0] not in existed)
    except StoreError:
        _remove_side_files_made_by_check(side_files, existed)
        raise


def _check_pages(path: Path, key: KeyMaterial, full_check: bool, read_only: bool) -> None:
    try:
        conn = _connect_raw(path, key, read_only=read_only)
    except sqlcipher.Error as exc:
        raise StoreLocation(f"{path} cannot be opened: {exc}") from exc
    try:
        # The header fields live on the first page alone. That page failing its HMAC looks
        # the same for a wrong key and for damage there (the salt the key is derived with is
        # on it too): say both, key first.
        _read_or_refuse(
            conn,
            "PRAGMA user_version",
            WrongKey(
                f"{path} cannot be opened: the key is wrong, or the start of the file is "
                "damaged: try the key again, then restore a backup."
            ),
        )
        _read_or_refuse(
            conn,
            "SELECT count(*) FROM sqlite_master",
            DatabaseDamaged(
                f"{path} is damaged (its table of contents fails its integrity check). "
                "Restore it from a backup."
            ),
        )
        if full_check:
            problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
            if problems:
                raise DatabaseDamaged(
                    f"{path} is damaged ({len(problems)} page(s) fail their integrity check, "
                    f"first: {problems[0]}). Restore it from a backup."
                )
            result = conn.execute("PRAGMA quick_check").fetchone()
            if result and result[0] != "ok":
                raise DatabaseDamaged(f"{path} is damaged ({result[0]}). Restore it from a backup.")
    finally:
        conn.close()


def _read_or_refuse(conn: sqlcipher.Connection, sql: str, refusal: StoreError) -> None:
    try:
        conn.execute(sql).fetchone()
    except sqlcipher.DatabaseError as exc:
        raise refusal from exc


def _remove_side_files_made_by_check(side_files: tuple[Path, Path], existed: set[Path]) -> None:
    """A refused open leaves the folder as it was: a read-only connection to a WAL store
    makes an empty -wal and a -shm; only those, made by this check, are removed."""
    wal, shm = side_files
    if existed or not wal.exists() or wal.stat().st_size:
        return
    for side in (wal, shm):
        side.unlink(missing_ok=True)


def build_engine(path: Path, key: KeyMaterial) -> Engine:
    engine = create_engine(
        f"sqlite:///{path.as_posix()}",
        module=sqlcipher,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_pre_ping=False,
        hide_parameters=True,  # SQL errors must never carry personal data into logs (SEC-1)
    )

    @event.listens_for(engine, "connect", insert=True)
    def _key_connection(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA cipher_log_level = NONE")
        cur.execute(key.pragma_key())
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA secure_delete = ON")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine.pool, "checkin")
    def _writable_again(dbapi_conn: Any, _record: Any) -> None:
        # A read leaves query_only on; a connection back in the pool is for anyone again
        # (raw uses, such as the WAL checkpoint before a schema upgrade, take no "begin").
        if dbapi_conn is not None:
            dbapi_conn.execute("PRAGMA query_only = 0")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY_OPTION):
            # A read takes no write lock: in WAL mode it sees a consistent snapshot and never
            # waits for a writer's fsync. query_only makes any write in it fail at once.
            conn.exec_driver_sql("PRAGMA query_only = 1")
            conn.exec_driver_sql("BEGIN")
            return
        # A writing transaction takes the write lock at the start: the audit chain's head and
        # optimistic version checks must not race another process between read and write.
        conn.exec_driver_sql("PRAGMA query_only = 0")
        _begin_immediate(conn)

    return engine


def _begin_immediate(conn: Any) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock in short random steps (at most 4 ms).

    SQLite's own busy handler sleeps in growing steps up to 100 ms, so under many writers a
    waiting one keeps waking too late and loses the lock to newcomers: a short audit write
    behind a queue of savers waited seconds (issue 13). Gives up after BUSY_TIMEOUT_MS."""
    raw = conn.connection.dbapi_connection
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    step = 0.0005
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlcipher.OperationalError as exc:
                if "locked" not in str(exc):
                    break
            time.sleep(random.uniform(step / 2, step))
            step = min(step * 2, 0.004)
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # once more, failing as SQLAlchemy reports it
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


@dataclass
class Store(RefusalHook):
    """An open store: the engine, a session factory and where it lives.

    ``on_refusal`` is called with every refusal (an error with ``refusal`` set, or any
    NotAuthorised) once the outermost transaction it ended has rolled back, so it can be
    written to the audit trail in a transaction of its own."""

    path: Path
    key: KeyMaterial
    engine: Engine
    sessions: sessionmaker[Session]
    on_refusal: Callable[[MashError], None] | None = None

    @contextmanager
    def transaction(self, row_locks: bool = False) -> Iterator[Session]:
        """One unit of work that may write: takes the write lock at once (BEGIN IMMEDIATE),
        commits on success, rolls back on any error. (``row_locks`` lets a hub run such a
        transaction beside others; one file has one writer at a time whatever it says.)"""
        with self._unit(self.sessions) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read that writes nothing (not even an audit entry): no write lock, so it never
        queues behind another process's writes. Any attempt to write in it fails."""
        read_only = self.engine.execution_options(**{READ_ONLY_OPTION: True})
        with self._unit(lambda: Session(read_only)) as session:
            yield session

    @contextmanager
    def _unit(self, make_session: Callable[[], Session]) -> Iterator[Session]:
        """A transaction that ends as DatabaseDamaged if it met a damaged page, and hands a
        refusal to ``on_refusal`` once the outermost transaction has rolled back."""
        with (
            self.reporting_refusals(),
            translate_errors(),
            make_session() as session,
            session.begin(),
        ):
            try:
                yield session
            except BaseException as exc:
                if not isinstance(exc, DatabaseDamaged):
                    raise_if_damaged(session, exc)
                raise
            raise_if_damaged(session)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def audit_key(self) -> bytes:
        cached = getattr(self, "_audit_key", None)
        if cached is None:
            cached = self.key.audit_key()
            self._audit_key = cached
        return cached

    def describe(self) -> str:
        return f"Encrypted store: {self.path}"

    @property
    def passwords(self) -> LocalPasswords:
        return LocalPasswords()

    def drop_old_row_versions(self) -> bool:
        """Fold the write-ahead log into the file and truncate it, so deleted rows' older
        page versions leave the disk. False when another connection still reads an older
        snapshot."""
        raw = self.engine.raw_connection()  # outside BEGIN IMMEDIATE: a checkpoint cannot
        try:  # run inside a transaction
            busy, _log, _done = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        return not busy

    def open_change_feed(self) -> None:
        """A local store has no push channel: its views poll the one file (cheaply)."""
        return None

    def reserve_id(self, session: Session, table: str) -> int:
        """The id the next row of ``table`` gets (the write lock is held: nobody else adds)."""
        last = session.execute(text(f"SELECT max(id) FROM {table}")).scalar()
        return int(last or 0) + 1

    def append_audit(self, session: Session, draft: ChainFields) -> AuditEntry:
        """Chain one audit entry into the open transaction (MAC computed here)."""
        from mash_desktop.store.audit_local import append_local

        return append_local(session, self, draft)

    def verify_audit(self, workers: int | None = None) -> VerifyResult:
        from mash_desktop.store.audit_local import verify_local

        return verify_local(self, workers)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn the environment's failures (disk full, read-only, locked) into plain messages."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull(
                "The disk is full: nothing was saved. Free some space and try again."
            ) from exc
        raise
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "full" in text:
            raise DiskFull(
                "The disk is full: nothing was saved. Free some space and try again."
            ) from exc
        if "readonly" in text or "read-only" in text:
            raise StoreLocation("The database is read-only: nothing was saved.") from exc
        if "locked" in text or "busy" in text:
            raise StoreError(
                "The database is busy in another window or workstation; nothing was saved. "
                "Try again in a moment."
            ) from exc
        raise
    except DBAPIError as exc:
        if any(m in str(exc.orig).lower() for m in ("not a database", "malformed")):
            raise DatabaseDamaged(DAMAGED_IN_USE) from exc
        raise


def open_store(path: Path | str, key: KeyMaterial, create: bool = False) -> Store:
    """Open (or create) the encrypted store at ``path`` and bring its schema up to date."""
    from mash_desktop.store.migrate import upgrade_store

    path = Path(path).expanduser().absolute()
    check_location(path, create)
    if path.exists():
        check_existing_file(path, key)
    else:
        path.touch(mode=0o600)  # owner only; SQLite gives -wal and -shm the same mode
    engine = build_engine(path, key)
    sessions = sessionmaker(engine)
    event.listen(sessions, "before_flush", refuse_unstorable)
    store = Store(path=path, key=key, engine=engine, sessions=sessions)
    try:
        upgrade_store(store)
        catch_up_checkpoint(path, key.pragma_key(), store.audit_key)
    except BaseException:
        engine.dispose()
        raise
    return store
