"""Kill a process writing real intakes at random moments, many times over (issue 16).

After each kill: the checkpoint must not be ahead of the chain, every page must pass its
HMAC and quick_check, the reopened store's audit trail must verify, and every intake the
writer acknowledged must be there. Prints how many runs held and how the kills fell.

    .venv/bin/python benchmarks/crash_kill.py [--runs 500] [--large-every 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])  # not benchmarks/: queue.py shadows

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.context import AppContext
from mash_desktop.store.checkpoint import read_checkpoint
from mash_desktop.store.engine import check_existing_file, open_store
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.crash_writer import kill_a_writer

PASSWORD = "bench-password-1"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--large-every", type=int, default=3)
    parser.add_argument("--large-bytes", type=int, default=2_000_000)
    args = parser.parse_args()
    rng = random.Random()
    failures = 0
    acknowledged: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mash.db"
        key = KeyMaterial.raw(f"{rng.getrandbits(256):064x}")
        store = open_store(path, key, create=True)
        accounts = AccountService(AppContext(store=store))
        accounts.create_first_administrator("admin", "Ada Admin", PASSWORD)
        admin = accounts.login("admin", PASSWORD)
        accounts.create_user(admin, "desk", "Dee Desk", PASSWORD, "LA-DORSET", Role.DESK_OFFICER)
        desk = accounts.login("desk", PASSWORD)
        store.close()
        start = time.perf_counter()
        for run in range(args.runs):
            big = args.large_bytes if args.large_every and run % args.large_every == 0 else 0
            result = kill_a_writer(path, key, desk, rng, big, max_s=0.8 if big else 0.4)
            acknowledged.update(result.acknowledged)
            problems = []
            checkpoint = read_checkpoint(path, key.audit_key())
            try:
                check_existing_file(path, key, full_check=True)
                reopened = open_store(path, key)
            except Exception as exc:
                problems.append(f"open: {exc}")
            else:
                verdict = verify_store(reopened)
                if not verdict.ok:
                    problems.append(f"verify: {verdict} (checkpoint {checkpoint})")
                with reopened.engine.connect() as conn:
                    stored = {r[0] for r in conn.exec_driver_sql("SELECT reference FROM contacts")}
                if not acknowledged <= stored:
                    problems.append(f"lost {sorted(acknowledged - stored)}")
                reopened.close()
            if problems:
                failures += 1
                print(f"run {run} (killed after {result.killed_after_s:.3f}s): {problems}")
        elapsed = time.perf_counter() - start
        size = path.stat().st_size
    print(f"runs: {args.runs}, failed: {failures}, acknowledged intakes: {len(acknowledged)}")
    print(
        f"store at the end: {size / 1e6:.1f} MB; {elapsed:.1f} s ({elapsed / args.runs:.2f} s/run)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
