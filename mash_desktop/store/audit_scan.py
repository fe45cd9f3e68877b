"""Verify the audit chain straight from the SQLCipher file, in parallel for long trails.

Kept light (sqlcipher3 and the domain only): worker processes import just this module.
Each worker checks one run of sequence numbers; the database builds every link's message
(the entry's fields and the previous entry's stored MAC), so Python computes one HMAC a row.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from mash_desktop.domain.audit_chain import (
    GENESIS_MAC,
    SEP,
    LinkCheck,
    VerifyResult,
    against_checkpoint,
    check_links,
)

# Below this many entries a second process costs more than it saves.
PARALLEL_FROM = 200_000
MAX_WORKERS = 4

_LINKS_SQL = (
    "SELECT seq, CAST(CAST(seq AS TEXT) || :s || at || :s || actor || :s || agency || :s "
    "|| action || :s || object_type || :s || object_id || :s || details || :s AS BLOB), "
    "CAST(mac AS BLOB) FROM audit_entries WHERE seq BETWEEN :lo AND :hi ORDER BY seq"
)


@dataclass(frozen=True)
class ChainHead:
    seq: int
    mac: str
    count: int
    first_seq: int


def scan_range(path: str, pragma_key: str, audit_key: bytes, lo: int, hi: int) -> LinkCheck:
    """Check entries lo..hi (a worker process runs this with its own connection)."""
    conn = sqlcipher.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(pragma_key)
        conn.execute("PRAGMA temp_store = MEMORY")
        cursor = conn.cursor()
        cursor.arraysize = 20_000
        cursor.execute("BEGIN")
        prev_mac = GENESIS_MAC
        if lo > 1:
            before = cursor.execute(
                "SELECT mac FROM audit_entries WHERE seq = ?", (lo - 1,)
            ).fetchone()
            prev_mac = before[0] if before else ""
        cursor.execute(_LINKS_SQL, {"s": SEP, "lo": lo, "hi": hi})

        def rows() -> Iterator[tuple[int, bytes, bytes]]:
            while batch := cursor.fetchmany():
                yield from batch

        return check_links(audit_key, rows(), start_seq=lo, prev_mac=prev_mac)
    finally:
        conn.close()


def split(head: int, parts: int) -> list[tuple[int, int]]:
    size = -(-head // parts)
    return [(lo, min(lo + size - 1, head)) for lo in range(1, head + 1, size)]


def verify_chain_file(
    path: Path,
    pragma_key: str,
    audit_key: bytes,
    head: ChainHead,
    checkpoint: tuple[int, str] | None,
    workers: int | None = None,
    checkpointed_mac: str | None = None,
) -> VerifyResult:
    """Verify entries 1..head.seq, in parallel when the trail is long and has no gaps (a gap
    is found and named by one sequential walk)."""
    contiguous = head.count == head.seq and (head.count == 0 or head.first_seq == 1)
    if workers is None:
        workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if not contiguous or head.count < PARALLEL_FROM or workers < 2:
        links = scan_range(str(path), pragma_key, audit_key, 1, head.seq)
    else:
        ranges = split(head.seq, workers)
        context = multiprocessing.get_context("spawn")  # never fork a process running Qt
        with ProcessPoolExecutor(max_workers=len(ranges), mp_context=context) as pool:
            futures = [
                pool.submit(scan_range, str(path), pragma_key, audit_key, lo, hi)
                for lo, hi in ranges
            ]
            results = [future.result() for future in futures]
        links = next((r for r in results if r.failure), results[-1])
    if links.failure:
        return links.failure
    return against_checkpoint(links.count, links.last_mac, checkpoint, checkpointed_mac)
