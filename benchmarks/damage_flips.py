"""Flip single bits all over a store past the 32 MiB full-check threshold and read every
contact back through the service each time (issue 16). Every read must give the record
exactly as written or DatabaseDamaged; anything else is counted and printed.

    .venv/bin/python benchmarks/damage_flips.py [--flips 200] [--short-records 120]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])  # not benchmarks/: queue.py shadows

from mash_desktop.store.engine import PAGE_SIZE
from tests.helpers.damage import build_big_store, flipped_copy, read_everything


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flips", type=int, default=200)
    parser.add_argument("--short-records", type=int, default=120)
    args = parser.parse_args()
    rng = random.Random()
    total: Counter[str] = Counter()
    wrong = 0
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        (Path(folder) / "big").mkdir()
        big = build_big_store(Path(folder) / "big", args.short_records)
        built = time.perf_counter() - start
        size = (big.folder / "mash.db").stat().st_size
        start = time.perf_counter()
        for n in range(args.flips):
            # Half anywhere past the first page, half among the short records' pages.
            low = PAGE_SIZE if n % 2 else big.short_records_from
            offset = rng.randrange(low, size)
            path = flipped_copy(big, Path(folder) / f"flip{n}", offset, rng.randrange(8))
            try:
                total += read_everything(path, big)
            except Exception as exc:  # any other outcome is the failure being measured
                wrong += 1
                print(f"flip {n} at byte {offset}: {type(exc).__name__}: {exc}")
            shutil.rmtree(path.parent)
        elapsed = time.perf_counter() - start
    print(f"store {size / 2**20:.1f} MiB, {len(big.expected)} contacts, built in {built:.1f} s")
    print(f"flips: {args.flips}, wrong outcomes: {wrong}; reads: {dict(total)}")
    print(f"{elapsed:.1f} s ({elapsed / args.flips:.2f} s per flip, every contact read)")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
