"""Process set-up shared by the GUI and the CLI: paths, core dumps, opening the store."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from mash_desktop.domain.clock import Clock, SystemClock
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import open_store
from mash_desktop.store.errors import NoSecureKeyring
from mash_desktop.store.keys import KeyMaterial, resolve_key

__all__ = ["NoSecureKeyring", "default_db_path", "disable_core_dumps", "open_context"]

APP_NAME = "mash-desktop"
DB_ENV = "MASH_DB"


def default_db_path() -> Path:
    """``MASH_DB`` if set, else ``mash.db`` in the user's data folder (platformdirs)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "mash.db"


def disable_core_dumps() -> None:
    """A crash must not write the decrypted pages in memory to a core file (SEC-1)."""
    try:
        import resource
    except ImportError:  # Windows: no core files by default
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def open_context(
    db_path: Path | None = None,
    key: KeyMaterial | None = None,
    create: bool = False,
    clock: Clock | None = None,
    passphrase: str | None = None,
    allow_restored: bool = False,
) -> AppContext:
    """Open the store at ``db_path`` (default location when None) with ``key``, a typed
    ``passphrase``, or else the passphrase from the environment or the keyring key. An older
    copy put back in its place is refused (SEC-10) unless ``allow_restored`` (only to accept
    the restore).

    Raises NoSecureKeyring when no key was given and no secure keyring exists: the caller
    asks the person for a passphrase and calls again with it."""
    from mash_desktop.services.governance.restores import check_restored_copy

    path = Path(db_path) if db_path else default_db_path()
    if passphrase is not None:
        key = KeyMaterial.passphrase(passphrase)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if key is None:
        key = resolve_key(path, create=create and not path.exists())
    store = open_store(path, key, create=create)
    ctx = AppContext(store=store, clock=clock or SystemClock())
    try:
        check_restored_copy(ctx, allow_restored)
    except BaseException:
        store.close()
        raise
    return ctx
