"""Key recovery by two of three key holders (SEC-10).

The store's key is split with Shamir's secret sharing as SLIP-39 word lists (the maintained
``shamir-mnemonic`` library: no crypto written here). Any two shares give the key back; one
alone gives nothing. Each share is printed once, as a controlled copy (SEC-5) for its named
key holder, so the copy register knows where every share is. Recovery on a new workstation:
two holders type their words, the key is proved against the database file, then kept in that
workstation's keyring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import keyring.errors
import shamir_mnemonic
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.printing.document import (
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.engine import check_existing_file
from mash_desktop.store.errors import NoSecureKeyring, StoreError
from mash_desktop.store.hub import local_store
from mash_desktop.store.keys import KEYRING_SERVICE, KeyMaterial, keyring_account, secure_backend
from mash_desktop.store.models import User

THRESHOLD, HOLDERS = 2, 3
SHARE_OBJECT = "store_key"
_KINDS = {"raw": 1, "passphrase": 2}


@dataclass(frozen=True)
class KeyShare:
    holder: str
    number: int
    words: str  # the SLIP-39 mnemonic, words separated by single spaces


def _encode(key: KeyMaterial) -> bytes:
    """Kind, length and key, padded: SLIP-39 takes an even number of bytes, at least 16."""
    data = bytes.fromhex(key.secret) if key.kind == "raw" else key.secret.encode("utf-8")
    if len(data) > 255:
        raise ValidationError("The passphrase is too long to split into recovery shares.")
    secret = bytes([_KINDS[key.kind], len(data)]) + data
    secret += b"\0" * (max(16, len(secret) + len(secret) % 2) - len(secret))
    return secret


def _decode(secret: bytes) -> KeyMaterial:
    kind = {v: k for k, v in _KINDS.items()}.get(secret[0])
    data = secret[2 : 2 + secret[1]]
    if kind == "raw":
        return KeyMaterial.raw(data.hex())
    if kind == "passphrase":
        return KeyMaterial.passphrase(data.decode("utf-8"))
    raise ValidationError("These shares do not hold a MASH Desktop key.")


def split_key(key: KeyMaterial, holders: Sequence[str]) -> list[KeyShare]:
    names = [h.strip() for h in holders]
    if len(names) != HOLDERS or any(not n for n in names) or len(set(names)) != HOLDERS:
        raise ValidationError(f"Name {HOLDERS} different key holders.", {"holders": "Three names."})
    groups = shamir_mnemonic.generate_mnemonics(1, [(THRESHOLD, HOLDERS)], _encode(key))
    return [
        KeyShare(name, n, words)
        for n, (name, words) in enumerate(zip(names, groups[0], strict=True), 1)
    ]


def normalise_share(text: str) -> str:
    """What a person typed (any case, spacing, line breaks, numbering) as SLIP-39 words."""
    words = re.findall(r"[a-z]+", text.lower())
    return " ".join(words)


def recover_key(typed_shares: Sequence[str]) -> KeyMaterial:
    shares = [normalise_share(s) for s in typed_shares if s.strip()]
    if len(shares) < THRESHOLD:
        raise ValidationError(f"Type the words of {THRESHOLD} different key holders' shares.")
    try:
        secret = shamir_mnemonic.combine_mnemonics(shares)
    except shamir_mnemonic.MnemonicError as exc:
        raise ValidationError(
            f"The shares do not give the key back ({exc}). Check each word against the paper."
        ) from exc
    return _decode(secret)


def install_recovered_key(db_path: Path, key: KeyMaterial) -> None:
    """Prove the key opens the database file, then keep it in this workstation's keyring
    (a passphrase key is not stored: the holders hand the passphrase to the user)."""
    path = Path(db_path).expanduser().absolute()
    if not path.is_file():
        raise StoreError(f"No database at {path}: put the restored file there first.")
    check_existing_file(path, key, full_check=True)
    if key.kind != "raw":
        return
    try:
        backend = secure_backend()
        existing = backend.get_password(KEYRING_SERVICE, keyring_account(path))
        if existing and existing != key.secret:
            raise StoreError(
                "This workstation's keyring already holds a different key for that path."
            )
        backend.set_password(KEYRING_SERVICE, keyring_account(path), key.secret)
    except keyring.errors.KeyringError as exc:
        raise NoSecureKeyring(f"The keyring could not be used: {exc}") from exc


def share_document(share: KeyShare, db_path: Path, made: str) -> PrintableDocument:
    rows = [(f"{i}.", w) for i, w in enumerate(share.words.split(), 1)]
    half = (len(rows) + 1) // 2
    table_rows = tuple(
        (*rows[i], *(rows[i + half] if i + half < len(rows) else ("", ""))) for i in range(half)
    )
    return PrintableDocument(
        kind="key_recovery_share",
        title=f"Key recovery share {share.number} of {HOLDERS}: {share.holder}",
        object_type=SHARE_OBJECT,
        object_id=str(share.number),
        about="the key of the MASH Desktop database",
        blocks=(
            Heading(f"Database key recovery share {share.number} of {HOLDERS}"),
            KeyValues(
                (
                    ("Key holder", share.holder),
                    ("Database", str(db_path)),
                    ("Made", made),
                    ("Needed to recover", f"any {THRESHOLD} of the {HOLDERS} shares"),
                )
            ),
            Paragraph(
                "Keep this sheet sealed and apart from the other key holders' sheets. On its own "
                "it reveals nothing about the key. If the database key is lost (a new or "
                "rebuilt workstation), two key holders type their words into "
                "'mash-desktop key recover'. Report a lost sheet as a security incident."
            ),
            Table(("No.", "Word", "No.", "Word"), table_rows, widths=(1, 4, 1, 4)),
        ),
    )


def require_share_view(session: Session, actor: Actor, _object_id: str) -> None:
    """Key recovery shares are printed (and so viewed) by administrators only."""
    user = session.get(User, actor.user_id)
    if user is None or user.role != Role.ADMINISTRATOR.value:
        raise PermissionDenied("Only administrators can print key recovery shares.")


class KeyRecoveryService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def share_documents(self, admin: Actor, holders: Sequence[str]) -> list[PrintableDocument]:
        """Split this store's key for three named holders; one printable share each. Audited
        with the holders' names (never the words)."""
        with self.ctx.store.transaction() as session:
            require_role(session, admin, {Role.ADMINISTRATOR}, "split the database key")
            shares = split_key(local_store(self.ctx.store).key, holders)
            record(
                session,
                self.ctx,
                admin,
                "key.split",
                "store_key",
                "",
                {"holders": [s.holder for s in shares], "threshold": THRESHOLD},
            )
        made = format_london(self.ctx.clock.now())
        return [share_document(s, local_store(self.ctx.store).path, made) for s in shares]
