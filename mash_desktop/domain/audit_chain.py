"""The audit trail's hash chain (SEC-3).

Each entry's MAC is HMAC-SHA-256, under a key that never enters the database, over the entry's
own fields and the previous entry's MAC. Altering, removing, reordering or inserting an entry
breaks the chain at that entry; a checkpoint of the newest (sequence, MAC) kept outside the
database catches removal of the newest entries and an older copy of the file put back.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

GENESIS_MAC = "0" * 64
SEP = "\x1f"


@dataclass(frozen=True)
class ChainFields:
    seq: int
    at: str  # ISO 8601 UTC, as stored
    actor: str
    agency: str
    action: str
    object_type: str
    object_id: str
    details: str  # canonical JSON text, as stored


def chain_message(fields: ChainFields, prev_mac: str) -> str:
    """The exact text an entry's MAC covers: its fields and the previous entry's MAC."""
    return SEP.join(
        (
            str(fields.seq),
            fields.at,
            fields.actor,
            fields.agency,
            fields.action,
            fields.object_type,
            fields.object_id,
            fields.details,
            prev_mac,
        )
    )


def entry_mac(key: bytes, fields: ChainFields, prev_mac: str) -> str:
    return hmac.digest(key, chain_message(fields, prev_mac).encode("utf-8"), "sha256").hex()


def checkpoint_mac(key: bytes, seq: int, mac: str) -> str:
    return hmac.new(key, f"checkpoint{SEP}{seq}{SEP}{mac}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    message: str
    first_bad_seq: int | None = None

    def __str__(self) -> str:
        return self.message


def verify_chain(
    key: bytes,
    rows: Iterable[tuple[int, str, str, str, str, str, str, str, str]],
    checkpoint: tuple[int, str] | None,
) -> VerifyResult:
    """Walk rows ordered by sequence: (seq, at, actor, agency, action, type, id, details, mac).

    ``checkpoint`` is the (seq, mac) of the newest entry recorded outside the database, or
    None when no checkpoint exists (allowed only for an empty trail).
    """

    def linked() -> Iterator[tuple[int, str, str]]:
        prev = GENESIS_MAC
        for seq, at, actor, agency, action, otype, oid, details, mac in rows:
            fields = ChainFields(seq, at, actor, agency, action, otype, oid, details)
            yield seq, chain_message(fields, prev), mac
            prev = mac

    return verify_linked(key, linked(), checkpoint)


def verify_linked(
    key: bytes, rows: Iterable[tuple[int, str, str]], checkpoint: tuple[int, str] | None
) -> VerifyResult:
    """Verify rows of (seq, message, mac) where each message already ends with the MAC
    stored on the previous row. Each link is checked on its own, so the database can build
    the messages in SQL; together the links prove the whole chain."""
    expected = 1
    count = 0
    head_mac = GENESIS_MAC
    digest = hmac.digest
    for seq, message, mac in rows:
        if seq != expected:
            if seq > expected:
                return VerifyResult(
                    False, count, f"entry {expected} was removed (next entry is {seq})", expected
                )
            return VerifyResult(False, count, f"entry {seq} is out of order or duplicated", seq)
        if digest(key, message.encode("utf-8"), "sha256").hex() != mac:
            return VerifyResult(
                False,
                count,
                f"entry {seq} was altered, inserted or moved (its MAC does not match the chain)",
                seq,
            )
        head_mac = mac
        expected += 1
        count += 1
    return _against_checkpoint(count, head_mac, checkpoint)


def _against_checkpoint(
    count: int, head_mac: str, checkpoint: tuple[int, str] | None
) -> VerifyResult:
    head = count
    if checkpoint is None:
        if count:
            return VerifyResult(
                False, count, "the chain checkpoint kept outside the database is missing", None
            )
        return VerifyResult(True, 0, "audit trail verified: 0 entries")
    cp_seq, cp_mac = checkpoint
    if cp_seq > head:
        return VerifyResult(
            False,
            count,
            f"entry {head + 1} was removed: the newest entries up to {cp_seq} are missing "
            "(or an older copy of the database was put back)",
            head + 1,
        )
    if cp_seq < head:
        return VerifyResult(
            False,
            count,
            f"entry {cp_seq + 1} was inserted after the last checkpointed entry {cp_seq}",
            cp_seq + 1,
        )
    if not hmac.compare_digest(cp_mac, head_mac):
        return VerifyResult(
            False,
            count,
            f"entry {head} does not match the checkpoint (an older copy of the database?)",
            head,
        )
    return VerifyResult(True, count, f"audit trail verified: {count} entries")
