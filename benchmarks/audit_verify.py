"""Build an audit trail of N entries (default 1,000,000) in an encrypted store, then time
opening the store and verifying the whole chain."""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path[0] = str(
    Path(__file__).resolve().parents[1]
)  # not benchmarks/: queue.py would shadow the stdlib

from mash_desktop.domain.audit_chain import GENESIS_MAC, ChainFields, entry_mac
from mash_desktop.services.audit import verify_store
from mash_desktop.store.checkpoint import write_checkpoint
from mash_desktop.store.engine import check_existing_file, open_store
from mash_desktop.store.keys import KeyMaterial

ACTIONS = ("login", "contact.view", "contact.update", "print", "logout", "research.view")


def build(store_path: Path, key: KeyMaterial, entries: int) -> float:
    store = open_store(store_path, key, create=True)
    audit_key = store.audit_key
    start = time.perf_counter()
    raw = store.engine.raw_connection()
    cur = raw.cursor()
    cur.execute("BEGIN")
    prev = GENESIS_MAC
    base = datetime(2025, 1, 1, tzinfo=UTC)
    batch = []
    for seq in range(1, entries + 1):
        f = ChainFields(
            seq,
            (base + timedelta(seconds=seq * 7)).isoformat(timespec="microseconds"),
            f"user{seq % 400:03d}",
            "POLICE",
            ACTIONS[seq % len(ACTIONS)],
            "contact",
            str(seq % 100_000),
            '{"synthetic":true}',
        )
        prev = entry_mac(audit_key, f, prev)
        batch.append(
            (f.seq, f.at, f.actor, f.agency, f.action, f.object_type, f.object_id, f.details, prev)
        )
        if len(batch) == 50_000:
            cur.executemany("INSERT INTO audit_entries VALUES (?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    if batch:
        cur.executemany("INSERT INTO audit_entries VALUES (?,?,?,?,?,?,?,?,?)", batch)
    cur.execute("COMMIT")
    raw.close()
    write_checkpoint(store.path, audit_key, entries, prev)
    store.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        key = KeyMaterial.raw(secrets.token_hex(32))
        built = build(path, key, args.entries)
        size = path.stat().st_size / 1e6
        print(f"built {args.entries:,} chained entries in {built:.1f} s ({size:.0f} MB encrypted)")

        t = time.perf_counter()
        store = open_store(path, key)
        opened = time.perf_counter() - t
        print(f"open store (raw keyring key, {size:.0f} MB): {opened * 1000:.0f} ms")

        t = time.perf_counter()
        check_existing_file(path, key, full_check=True)
        print(
            f"full page integrity check ({size:.0f} MB): {(time.perf_counter() - t) * 1000:.0f} ms"
        )

        t = time.perf_counter()
        result = verify_store(store)
        verified = time.perf_counter() - t
        store.close()
        assert result.ok, result.message
        print(f"verify {result.count:,} entries: {verified:.2f} s (target < 5 s)")

        pass_path = Path(tmp) / "pass.db"
        pass_key = KeyMaterial.passphrase("benchmark passphrase")
        open_store(pass_path, pass_key, create=True).close()
        t = time.perf_counter()
        open_store(pass_path, pass_key).close()
        print(
            f"open small store (passphrase, PBKDF2 256k): {(time.perf_counter() - t) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
