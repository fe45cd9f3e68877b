"""The audit trail's hash chain (SEC-3).

Each entry's MAC is HMAC-SHA-256, under a key that never enters the database, over the entry's
own fields and the previous entry's MAC. Altering, removing, reordering or inserting an entry
breaks the chain at that entry; a checkpoint of the newest (sequence, MAC) kept outside the
database catches removal of the newest entries and an older copy of the file put back.
"""

from __future__ import annotations

import hashlib
import hmac
from binascii import hexlify
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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

    def linked() -> Iterator[tuple[int, bytes, bytes]]:
        for seq, at, actor, agency, action, otype, oid, details, mac in rows:
            fields = ChainFields(seq, at, actor, agency, action, otype, oid, details)
            yield seq, chain_message(fields, "").encode("utf-8"), mac.encode("utf-8")

    return verify_linked(key, linked(), checkpoint)


def verify_linked(
    key: bytes,
    rows: Iterable[tuple[int, bytes, bytes]],
    checkpoint: tuple[int, str] | None,
) -> VerifyResult:
    """Verify the whole chain from rows of (seq, message prefix, MAC); see check_links."""
    links = check_links(key, rows)
    return links.failure or against_checkpoint(links.count, links.last_mac, checkpoint)


@dataclass(frozen=True)
class LinkCheck:
    count: int  # entries verified, counting those before this run of rows
    last_mac: str  # hex MAC of the last entry verified
    failure: VerifyResult | None


def check_links(
    key: bytes,
    rows: Iterable[tuple[int, bytes, bytes]],
    start_seq: int = 1,
    prev_mac: str = GENESIS_MAC,
) -> LinkCheck:
    """Check a run of rows starting at ``start_seq``: (seq, message prefix, hex MAC), where
    the prefix is :func:`chain_message` up to (not including) the previous entry's MAC, as
    UTF-8 bytes. The database can build the prefixes, and runs can be checked in parallel
    given the MAC stored before each run; together the runs prove the whole chain."""
    expected = start_seq
    count = start_seq - 1
    prev = prev_mac.encode("ascii")
    # HMAC with the key's inner and outer pads hashed once (RFC 2104): hmac.digest() sets
    # the key up again for every entry, which doubles the cost of a million-entry walk.
    inner, outer = _hmac_pads(key)
    for seq, prefix, mac in rows:
        if seq != expected:
            if seq > expected:
                message = f"entry {expected} was removed (next entry is {seq})"
                failure = VerifyResult(False, count, message, expected)
            else:
                message = f"entry {seq} is out of order or duplicated"
                failure = VerifyResult(False, count, message, seq)
            return LinkCheck(count, prev.decode("ascii", "replace"), failure)
        h = inner.copy()
        h.update(prefix)
        h.update(prev)
        o = outer.copy()
        o.update(h.digest())
        if hexlify(o.digest()) != mac:
            message = (
                f"entry {seq} was altered, inserted or moved (its MAC does not match the chain)"
            )
            return LinkCheck(
                count, prev.decode("ascii", "replace"), VerifyResult(False, count, message, seq)
            )
        prev = mac
        expected += 1
        count += 1
    return LinkCheck(count, prev.decode("ascii", "replace"), None)


def _hmac_pads(key: bytes) -> tuple[Any, Any]:
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    return inner, outer


def against_checkpoint(
    count: int,
    head_mac: str,
    checkpoint: tuple[int, str] | None,
    checkpointed_mac: str | None = None,
) -> VerifyResult:
    """Compare the verified chain's head with the checkpoint kept outside the database.

    The checkpoint is written after each commit, so it may lag the chain (a crash or a
    concurrent writer between the commit and the write) but never lead it. A lagging
    checkpoint is fine when ``checkpointed_mac``, the chain's own MAC of the checkpointed
    entry, matches it: entries after it carry MACs only the audit key can make."""
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
        if checkpointed_mac is not None and hmac.compare_digest(cp_mac, checkpointed_mac):
            return VerifyResult(True, count, f"audit trail verified: {count} entries")
        if checkpointed_mac is not None:
            return VerifyResult(
                False,
                count,
                f"entry {cp_seq} does not match the checkpoint (an older copy of the database?)",
                cp_seq,
            )
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
