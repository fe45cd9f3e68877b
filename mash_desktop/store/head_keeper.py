"""The audit chain head, kept a second time where a file copy cannot roll it back (SEC-10).

The ``.audit-head`` file beside the database catches a database put back on its own, but an
older database put back together with its own older ``.audit-head`` agrees with itself. The
same signed head is therefore also kept in the OS keyring (service ``mash-desktop-audit-head``,
one entry per database path), which restoring files does not touch. Opening compares the two:
a store whose chain does not reach the keyring's head is an older (or another) copy.

Without a secure keyring (a passphrase store on a machine with none) only the file checkpoint
remains; nothing fails because of it.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import keyring.errors

from mash_desktop.domain.audit_chain import checkpoint_mac
from mash_desktop.store.errors import NoSecureKeyring
from mash_desktop.store.keys import keyring_account, secure_backend

HEAD_SERVICE = "mash-desktop-audit-head"


class Store(Protocol):
    """What keeping the head needs of a local store (engine.Store; no import, no circle)."""

    @property
    def path(self) -> Path: ...

    @property
    def audit_key(self) -> bytes: ...


@dataclass(frozen=True)
class KeptHead:
    seq: int
    mac: str


class HeadUnreadable(Exception):
    """The keyring entry exists but is not a head signed with this store's audit key."""


def _hold(store: Store) -> dict[str, bool]:
    # Per open store: whether keyring writes are held (a suspected restore) or unavailable.
    state: dict[str, bool] | None = getattr(store, "_head_keeper", None)
    if state is None:
        state = {"held": False, "unavailable": False}
        store._head_keeper = state  # type: ignore[attr-defined]
    return state


def hold_keyring_head(store: Store, held: bool) -> None:
    """While held, appends leave the keyring head alone: it is the evidence of a restore."""
    _hold(store)["held"] = held


def keyring_head_held(store: Store) -> bool:
    return _hold(store)["held"]


def read_kept_head(store: Store) -> KeptHead | None:
    """The head kept in the keyring for this store's path; None when none is kept (or no
    secure keyring exists). Raises HeadUnreadable when the entry was altered."""
    try:
        text = secure_backend().get_password(HEAD_SERVICE, keyring_account(store.path))
    except (NoSecureKeyring, keyring.errors.KeyringError):
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
        seq, mac, sig = int(data["seq"]), str(data["mac"]), str(data["sig"])
    except (ValueError, KeyError, TypeError) as exc:
        raise HeadUnreadable("the audit head kept in the keyring is unreadable") from exc
    if not hmac.compare_digest(sig, checkpoint_mac(store.audit_key, seq, mac)):
        raise HeadUnreadable("the audit head kept in the keyring is not signed by this store")
    return KeptHead(seq, mac)


def keep_head(store: Store, seq: int, mac: str, force: bool = False) -> bool:
    """Save the chain head in the keyring (after each append); False when it was not kept."""
    state = _hold(store)
    if state["unavailable"] or (state["held"] and not force):
        return False
    payload = json.dumps({"seq": seq, "mac": mac, "sig": checkpoint_mac(store.audit_key, seq, mac)})
    try:
        secure_backend().set_password(HEAD_SERVICE, keyring_account(store.path), payload)
    except (NoSecureKeyring, keyring.errors.KeyringError):
        state["unavailable"] = True  # stop asking for this store; the file checkpoint remains
        return False
    return True


def keyring_available() -> bool:
    try:
        secure_backend()
    except NoSecureKeyring:
        return False
    return True
