"""Many processes on one store (issue 13): the local mode on a terminal server, where every
user's MASH Desktop is a process on the same encrypted file.

Builds a store of synthetic contacts (benchmarks/queue.py's generator), then runs N worker
processes at once (default N = 1, 8, 20), each logged in as its own desk officer and doing
what a desk officer's screen does: poll the queue's change token every 3 s and reload the
first page when it changed, open a contact (an audited read), and every third cycle claim an
open contact, save its triage and release it. Prints p50 / p95 / max per operation, in ms.
The clock starts once every process has started and logged in (all N launching in the same
second is a storm of imports and argon2 on a small machine, measured by startup.py instead).

    python benchmarks/shared_store.py [--contacts 100000] [--seconds 60] [--workers 1,8,20]
    python benchmarks/shared_store.py --contacts 3000 --seconds 10 --workers 1,4   # quick
    python benchmarks/shared_store.py --reads-lock ...   # as before: reads BEGIN IMMEDIATE

Synthetic data only; the store is made in a temporary folder and removed.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # never this folder: its queue.py would shadow the standard library

from sqlalchemy import select

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.contact_codes import ContactStatus, Rag
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.queue import QueueFilter, QueueService
from mash_desktop.services.contacts.service import ContactEdit, ContactService
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import Store, open_store
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.models import Contact

PASSWORD = "kettle-lantern-heron-1"
POLL_S = 3.0
OPS = ("token", "page", "open", "claim", "save triage", "release")


def _queue_bench() -> Any:
    spec = importlib.util.spec_from_file_location("queue_bench", ROOT / "benchmarks" / "queue.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.path[0] = str(ROOT)
    return module


def build(path: Path, key: KeyMaterial, contacts: int, users: int) -> list[int]:
    """The store, one desk officer per worker; returns the open contacts' ids."""
    bench = _queue_bench()
    clock = FixedClock(bench.NOW)
    store = open_store(path, key, create=True)
    ctx = AppContext(store, clock)
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Bench Admin", PASSWORD)
    admin = accounts.login("admin", PASSWORD)
    accounts.create_user(
        admin, "desk.bench", "Bench Officer", PASSWORD, "POLICE", Role.DESK_OFFICER
    )
    for n in range(users):
        accounts.create_user(
            admin, f"desk.{n}", f"Desk Officer {n}", PASSWORD, "POLICE", Role.DESK_OFFICER
        )
    bench.generate(store, clock, contacts)
    store.close()
    return open_ids(path, key)


def open_ids(path: Path, key: KeyMaterial) -> list[int]:
    store = open_store(path, key)
    with store.read() as s:
        ids = list(s.scalars(select(Contact.id).where(Contact.status == ContactStatus.OPEN.value)))
    store.close()
    return ids


def _timed(times: dict[str, list[float]], op: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    try:
        return fn(*args, **kwargs)
    finally:
        times[op].append((time.perf_counter() - start) * 1000)


def worker(
    n: int,
    path: str,
    hex_key: str,
    mine: list[int],
    seconds: float,
    reads_lock: bool,
    ready: Any,
    out: Any,
) -> None:
    if reads_lock:  # how it was: every transaction, even a read, took the write lock
        Store.read = Store.transaction  # type: ignore[method-assign]
    store = open_store(Path(path), KeyMaterial.raw(hex_key))
    ctx = AppContext(store)
    rng = random.Random(n)
    actor = AccountService(ctx).login(f"desk.{n}", PASSWORD)
    # The shift is measured once everyone is in: N processes starting Python, Qt-free
    # imports and argon2 in the same second on a 2-core machine is a launch storm that a
    # terminal server does not see mid-shift (the launch itself is benchmarks/startup.py's).
    ready.wait()
    time.sleep(rng.random() * POLL_S)  # people do not all poll on the same second
    queue, contacts = QueueService(ctx), ContactService(ctx)
    times: dict[str, list[float]] = {op: [] for op in OPS}
    errors: dict[str, int] = {}
    last_token = None
    shown: list[int] = []
    end = time.monotonic() + seconds
    cycle = 0
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            token = _timed(times, "token", queue.change_token, actor)
            if token != last_token:  # as the queue view does: the first listing is the
                # person's (audited), later ones the timer's (audited only for new contacts)
                refresh = last_token is not None
                page = _timed(
                    times, "page", queue.page, actor, QueueFilter(), refresh=refresh, shown=shown
                )
                shown = [row.id for row in page.rows]
                last_token = token
            target = rng.choice(mine)
            _timed(times, "open", contacts.get, actor, target)
            if cycle % 3 == n % 3:
                detail = _timed(times, "claim", contacts.claim, actor, target)
                try:
                    edit = ContactEdit(
                        Rag.AMBER,
                        f"re-rated in cycle {cycle}",
                        detail.concern or "Concern",
                        detail.call_notes or "Call notes taken at the desk.",
                        detail.child_in_hospital,
                        detail.csc_case_open,
                        detail.allocated_team or "Locality team",
                    )
                    _timed(times, "save triage", contacts.save, actor, target, detail.version, edit)
                finally:
                    _timed(times, "release", contacts.release, actor, target)
        except Exception as exc:  # a refusal counts, and the shift goes on
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
        cycle += 1
        time.sleep(max(0.0, POLL_S - (time.monotonic() - started)))
    store.close()
    out.put((times, errors))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(
    path: Path, key: str, ids: list[int], workers: int, seconds: float, reads_lock: bool
) -> None:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    ready = ctx.Barrier(workers)
    procs = [
        ctx.Process(
            target=worker,
            args=(n, str(path), key, ids[n::workers] or ids, seconds, reads_lock, ready, out),
        )
        for n in range(workers)
    ]
    for p in procs:
        p.start()
    merged: dict[str, list[float]] = {op: [] for op in OPS}
    errors: dict[str, int] = {}
    for _ in procs:
        times, errs = out.get()
        for kind, count in errs.items():
            errors[kind] = errors.get(kind, 0) + count
        for op, values in times.items():
            merged[op].extend(values)
    for p in procs:
        p.join()
    label = "reads lock (before)" if reads_lock else "reads take no lock"
    load = os.getloadavg()[0]
    print(f"\n{workers} process(es), {seconds:.0f} s, {label}; errors: {errors or 'none'}")
    print(f"  load average at the end (1 min): {load:.1f} on {os.cpu_count()} CPUs")
    print(f"  {'operation':<12} {'count':>6} {'p50':>8} {'p95':>8} {'max':>8}   (ms)")
    for op, values in merged.items():
        if values:
            print(
                f"  {op:<12} {len(values):>6} {statistics.median(values):>8.1f} "
                f"{percentile(values, 95):>8.1f} {max(values):>8.1f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", default="1,8,20")
    parser.add_argument("--reads-lock", action="store_true", help="also run the old behaviour")
    parser.add_argument("--keep", type=Path, help="make (or reuse) the store in this folder")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mash-shared-"))
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / "bench-key.txt"  # synthetic data: the key of a throw-away store
    try:
        path = folder / "shared.db"
        if path.exists():
            hex_key = key_file.read_text().strip()
            ids = open_ids(path, KeyMaterial.raw(hex_key))
        else:
            hex_key = secrets.token_hex(32)
            key_file.write_text(hex_key)
            start = time.perf_counter()
            ids = build(path, KeyMaterial.raw(hex_key), args.contacts, max(counts))
            print(
                f"Built {args.contacts:,} contacts ({len(ids):,} open) "
                f"in {time.perf_counter() - start:.0f} s"
            )
        for workers in counts:
            run(path, hex_key, ids, workers, args.seconds, reads_lock=False)
            if args.reads_lock:
                run(path, hex_key, ids, workers, args.seconds, reads_lock=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
