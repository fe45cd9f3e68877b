"""Process set-up shared by the GUI and the CLI: paths, core dumps, opening the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from mash_desktop.domain.clock import Clock, SystemClock
from mash_desktop.store.errors import NoSecureKeyring, StoreError
from mash_desktop.store.hub_address import db_argument, is_hub_address
from mash_desktop.store.hub_settings import load_hub_setting

# The store, the services and the hub driver are loaded when a store is opened, not when
# this module is: the desktop app shows its login dialog first and opens the store while the
# person types (issue 13, quick from the first second).
if TYPE_CHECKING:
    from mash_desktop.services.context import AppContext
    from mash_desktop.store.hub_connection import HubLocation
    from mash_desktop.store.keys import KeyMaterial

__all__ = [
    "NoSecureKeyring",
    "db_argument",
    "default_db_path",
    "disable_core_dumps",
    "local_key",
    "open_context",
]

APP_NAME = "mash-desktop"
DB_ENV = "MASH_DB"
HUB_CA_ENV = "MASH_HUB_CA"
USER_ENV = "MASH_USER"
PASSWORD_ENV = "MASH_PASSWORD"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """``MASH_DB`` if set, else ``mash.db`` in the user's data folder (platformdirs)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return data_dir() / "mash.db"


def disable_core_dumps() -> None:
    """A crash must not write the decrypted pages in memory to a core file (SEC-1)."""
    try:
        import resource
    except ImportError:  # Windows: no core files by default
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def open_context(
    db_path: Path | str | None = None,
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
    asks the person for a passphrase and calls again with it. On a hub (a hub address, or
    this workstation connected to one), logs in as ``MASH_USER`` with ``MASH_PASSWORD``."""
    from mash_desktop.services.context import AppContext
    from mash_desktop.services.governance.restores import check_restored_copy
    from mash_desktop.store.engine import open_store
    from mash_desktop.store.keys import KeyMaterial, resolve_key

    location = hub_location(db_path)
    if location is not None:
        user, password = os.environ.get(USER_ENV, ""), os.environ.get(PASSWORD_ENV, "")
        if not user or not password:
            raise StoreError(
                f"This workstation uses a hub: set {USER_ENV} and {PASSWORD_ENV} to log in "
                "as your own account for a command."
            )
        return open_hub_context(location, user, password, clock)
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


def local_key(path: Path) -> KeyMaterial | None:
    """The key of the existing local store at ``path``: None when the environment gives its
    passphrase (``open_context`` reads it there), else the keyring's. Raises NoSecureKeyring
    when there is no secure keyring: the person is asked for the passphrase."""
    from mash_desktop.store.keys import PASSPHRASE_ENV, resolve_key

    if os.environ.get(PASSPHRASE_ENV):
        return None
    return resolve_key(path, create=False)


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def hub_location(db: Path | str | None = None) -> HubLocation | None:
    """The hub this run uses: ``--db``/``MASH_DB`` when it is a hub address (CA from this
    workstation's `hub connect` setting or ``MASH_HUB_CA``), else the connected hub when
    no local file was named; None for a local store."""
    value = str(db) if db else os.environ.get(DB_ENV, "")
    setting = load_hub_setting(config_dir())
    if value and is_hub_address(value):
        from mash_desktop.store.hub_connection import HubLocation

        ca = os.environ.get(HUB_CA_ENV) or (setting.ca_file if setting else None)
        return HubLocation.parse(value, ca)
    if not value and setting is not None:
        return setting.location()
    return None


def open_hub_context(
    location: HubLocation, username: str, password: str, clock: Clock | None = None
) -> AppContext:
    """Log in to a hub: connect as the account's own database role. Drafts that cannot reach
    the server wait in this account's encrypted file in the user's data folder (SEC-9)."""
    from mash_desktop.services.context import AppContext
    from mash_desktop.store.hub import open_hub_store
    from mash_desktop.store.hub_connection import HubCredentials
    from mash_desktop.store.offline_drafts import OfflineDrafts
    from mash_desktop.store.passwords import role_name

    credentials = HubCredentials(role_name(location.dbname, username), password)
    store = open_hub_store(location, credentials)
    offline = OfflineDrafts.for_account(data_dir(), location.address(), credentials.username)
    return AppContext(store=store, clock=clock or SystemClock(), offline_drafts=offline)
