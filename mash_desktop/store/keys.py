"""Key material for the store and the audit chain.

A store is keyed either with a random 256-bit raw key kept in the OS keyring (one entry per
database path, service ``mash-desktop``), or with a passphrase through SQLCipher's own key
derivation, so any SQLCipher 4 tool can open it for recovery. Never a plaintext fallback.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from mash_desktop.store.errors import NoSecureKeyring, StoreError

KEYRING_SERVICE = "mash-desktop"
PASSPHRASE_ENV = "MASH_PASSPHRASE"
_AUDIT_SALT = b"mash-desktop/audit-chain/v1"

# Backends that keep secrets in plain (or merely encoded) files, or keep nothing at all.
_INSECURE_BACKEND_MARKERS = ("fail.", "null.", "keyrings.alt", "plaintext", "chainer.")


@dataclass(frozen=True)
class KeyMaterial:
    kind: str  # "raw" or "passphrase"
    secret: str = field(repr=False)

    def pragma_key(self) -> str:
        if self.kind == "raw":
            return f"PRAGMA key = \"x'{self.secret}'\""
        return "PRAGMA key = '" + self.secret.replace("'", "''") + "'"

    def audit_key(self) -> bytes:
        """The audit chain's HMAC key: derived from the store key, never stored anywhere."""
        if self.kind == "raw":
            return hmac.new(bytes.fromhex(self.secret), _AUDIT_SALT, hashlib.sha256).digest()
        return hashlib.pbkdf2_hmac("sha256", self.secret.encode("utf-8"), _AUDIT_SALT, 200_000)

    @classmethod
    def passphrase(cls, text: str) -> KeyMaterial:
        if len(text) < 8:
            raise StoreError("The passphrase must be at least 8 characters long.")
        return cls("passphrase", text)

    @classmethod
    def raw(cls, hex_key: str) -> KeyMaterial:
        if len(hex_key) != 64 or any(c not in "0123456789abcdef" for c in hex_key.lower()):
            raise StoreError("The key kept in the keyring is not a 256-bit key; it was changed.")
        return cls("raw", hex_key.lower())


def keyring_account(db_path: Path) -> str:
    return str(Path(db_path).expanduser().resolve())


def backend_is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    """False for the fail, null and plaintext-file backends, and for a chain of them."""
    name = f"{type(backend).__module__}.{type(backend).__qualname__}".lower()
    if "chainer" in name:
        inner = getattr(backend, "backends", [])
        return bool(inner) and all(backend_is_secure(b) for b in inner)
    if getattr(backend, "priority", 1) <= 0:
        return False
    return not any(marker in name for marker in _INSECURE_BACKEND_MARKERS)


def secure_backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    if not backend_is_secure(backend):
        raise NoSecureKeyring(
            "No secure keyring is available on this computer "
            f"({type(backend).__name__}). Enter a passphrase for the database instead."
        )
    return backend


def load_keyring_key(db_path: Path, create: bool) -> KeyMaterial:
    """The raw key for this database from the OS keyring; made and saved when ``create``."""
    backend = secure_backend()
    account = keyring_account(db_path)
    try:
        stored = backend.get_password(KEYRING_SERVICE, account)
        if stored:
            return KeyMaterial.raw(stored)
        if not create:
            raise StoreError(
                "The keyring holds no key for this database. If it was created with a "
                f"passphrase, set {PASSPHRASE_ENV} or choose 'Use a passphrase'."
            )
        key = secrets.token_hex(32)
        backend.set_password(KEYRING_SERVICE, account, key)
    except keyring.errors.KeyringError as exc:
        raise NoSecureKeyring(f"The keyring could not be used: {exc}") from exc
    return KeyMaterial.raw(key)


def delete_keyring_key(db_path: Path) -> None:
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        secure_backend().delete_password(KEYRING_SERVICE, keyring_account(db_path))


def key_from_environment() -> KeyMaterial | None:
    text = os.environ.get(PASSPHRASE_ENV)
    return KeyMaterial.passphrase(text) if text else None


def resolve_key(db_path: Path, create: bool) -> KeyMaterial:
    """Passphrase from the environment if set, otherwise the keyring key."""
    return key_from_environment() or load_keyring_key(db_path, create)
