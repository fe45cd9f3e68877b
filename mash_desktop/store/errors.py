"""Store errors caused by the user's environment: each carries a message to show."""

from __future__ import annotations

from mash_desktop.domain.errors import MashError


class StoreError(MashError):
    """The database cannot be opened or written; the message says why and what to do."""


class WrongKey(StoreError):
    pass


class NotADatabase(StoreError):
    pass


class DatabaseDamaged(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class StoreLocation(StoreError):
    """Missing or read-only folder, missing file."""


class NoSecureKeyring(StoreError):
    """No secure OS keyring is available: the app must ask for a passphrase instead."""


class DiskFull(StoreError):
    pass
