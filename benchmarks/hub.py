"""Hub benchmark (issue 11): PostgreSQL beside SQLCipher, then many workstations at once.

1. N synthetic contacts (default 1,000,000) on a PostgreSQL hub and on a SQLCipher store,
   side by side: the queue's first page, a text filter, a sort, and the person match
   (benchmarks/queue.py's generator and measurements, run on both engines).
2. C client processes (default 25), each logged in as its own MASH account (its own login
   role), doing intake, claim, research request and decision for S seconds (default 60):
   operations per second, p50/p95 per operation, lost updates (0 expected), audit verify
   after the run, and change propagation (commit -> NOTIFY received by another session).

Run from the repository root:  python benchmarks/hub.py [--contacts N] [--clients C]
[--seconds S]. It starts a throwaway PostgreSQL cluster (tests/helpers/postgres.py: initdb,
TLS, as the postgres user when run as root) and removes it afterwards.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from sqlalchemy import text

from mash_desktop.domain.clock import FixedClock, SystemClock
from mash_desktop.domain.contact_codes import Channel, Outcome
from mash_desktop.domain.errors import MashError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.triage import ContactInput, SubjectInput
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import open_store
from mash_desktop.store.hub import HubStore, open_hub_store
from mash_desktop.store.hub_changes import HubChangeFeed
from mash_desktop.store.hub_connection import HubCredentials, HubLocation
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.postgres import OWNER_PASSWORD, OWNER_ROLE, running_cluster

_spec = importlib.util.spec_from_file_location("bench_queue", ROOT / "benchmarks" / "queue.py")
assert _spec and _spec.loader
bench_queue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_queue)
_spec = importlib.util.spec_from_file_location("hub_data", ROOT / "benchmarks" / "hub_data.py")
assert _spec and _spec.loader
hub_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hub_data)
# queue.py replaced sys.path[0] with the repository root too; nothing else changes.

PASSWORD = bench_queue.PASSWORD
DB = "mash_bench"
SERVER_SETTINGS = ("shared_buffers = '512MB'", "random_page_cost = 1.1", "work_mem = '16MB'")
AGENCIES = ["POLICE", "HEALTH", "EDUCATION", "LA-DORSET", "PROBATION"]


def owner_store(location: HubLocation, upgrade: bool = False) -> HubStore:
    return open_hub_store(location, HubCredentials(OWNER_ROLE, OWNER_PASSWORD), upgrade=upgrade)


def first_accounts(ctx: AppContext) -> Any:
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Bench Admin", PASSWORD)
    admin = accounts.login("admin", PASSWORD)
    accounts.create_user(
        admin, "desk.bench", "Bench Officer", PASSWORD, "POLICE", Role.DESK_OFFICER
    )
    return admin


# --- part 1: the queue on both engines ---------------------------------------------------
def queue_side_by_side(cluster: Any, location: HubLocation, contacts: int, folder: Path) -> None:
    clock = FixedClock(bench_queue.NOW)
    hub = owner_store(location)
    first_accounts(AppContext(hub, clock))
    start = time.perf_counter()
    bench_queue.SAMPLE[:] = hub_data.probe(contacts)
    with hub.engine.connect() as conn:
        agencies, creator = hub_data.owners(conn)
    hub.close()
    children = hub_data.load_postgres(cluster.superuser_dsn(DB), agencies, creator, contacts, print)
    print(
        f"PostgreSQL: loaded {contacts:,} contacts, {children:,} children in "
        f"{time.perf_counter() - start:.0f} s (INSERT ... SELECT, indexes after, VACUUM ANALYZE)"
    )
    pg = bench_queue.measure("PostgreSQL hub (TLS)", lambda: owner_store(location), clock)

    key = KeyMaterial.raw(secrets.token_hex(32))
    path = folder / "bench.db"
    local = open_store(path, key, create=True)
    first_accounts(AppContext(local, clock))
    start = time.perf_counter()
    with local.engine.begin() as conn:
        hub_data.load_sqlite(conn, contacts, print)
    print(
        f"SQLCipher: loaded in {time.perf_counter() - start:.0f} s (INSERT ... SELECT in one "
        f"transaction, indexes after, ANALYZE); file {path.stat().st_size / 1e6:.0f} MB"
    )
    local.close()
    sq = bench_queue.measure("SQLCipher", lambda: open_store(path, key), clock)
    print(f"\nSide by side, {contacts:,} contacts (median ms):")
    print(f"  {'':<28}{'PostgreSQL':>12}{'SQLCipher':>12}")
    for name in pg:
        print(f"  {name:<28}{pg[name]:12.1f}{sq[name]:12.1f}")


# --- part 2: many workstations ------------------------------------------------------------
def client(index: int, seconds: float, out: Path) -> int:
    """One workstation process: its own account, a loop of the desk's work."""
    from mash_desktop.bootstrap import hub_location, open_hub_context
    from mash_desktop.services.contacts.service import ContactService
    from mash_desktop.services.research.service import ResearchService

    location = hub_location()
    assert location is not None
    user = f"bench.{index:02d}"
    ctx = open_hub_context(location, user, PASSWORD, SystemClock())
    actor = AccountService(ctx).login(user, PASSWORD)
    contacts, research = ContactService(ctx), ResearchService(ctx)
    rng = random.Random(index)
    records: list[dict[str, Any]] = []

    def timed(op: str, fn: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            result = fn(*args)
            ok = True
        except MashError as exc:
            result, ok = exc, False
        records.append(
            {"op": op, "ms": (time.perf_counter() - start) * 1000, "ok": ok, "at": time.time()}
        )
        return result

    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        now = datetime.now(UTC)
        data = ContactInput(
            referrer_agency_code=rng.choice(AGENCIES),
            referrer_name="Bench Referrer",
            referrer_contact="",
            channel=Channel.SECURE_EMAIL,
            received_at=now - timedelta(minutes=5),
            children=(SubjectInput(f"Child{index}", f"Load{n}", None),),
            household=(),
            concern="Benchmark contact.",
            consent_obtained=True,
            consent_reason="",
            child_in_hospital=False,
        )
        detail = timed("intake", contacts.intake, actor, data)
        if isinstance(detail, MashError):
            continue
        records[-1]["contact"] = detail.id
        # Claim: sometimes someone else's recent contact (conflicts are part of the day).
        target = detail.id if rng.random() < 0.7 else max(1, detail.id - rng.randint(1, 5))
        claimed = timed("claim", contacts.claim, actor, target)
        timed("research request", research.request_research, actor, detail.id, ["HEALTH"])
        if not isinstance(claimed, MashError):
            decided = timed(
                "decision",
                contacts.decide,
                actor,
                claimed.id,
                claimed.version,
                Outcome.ADVICE_SIGNPOSTING,
                "Benchmark decision.",
            )
            if not isinstance(decided, MashError):
                records[-1]["contact"] = claimed.id
    out.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    ctx.store.close()
    return 0


class LockWaits(threading.Thread):
    """Samples how many client sessions wait on a lock (row, advisory, chain head)."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.dsn, self.done, self.samples = dsn, threading.Event(), list[int]()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.done.wait(0.1):
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND application_name = 'mash-desktop'"
                ).fetchone()
                self.samples.append(int(row[0]) if row else 0)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load_test(
    cluster: Any, location: HubLocation, clients: int, seconds: float, folder: Path
) -> None:
    hub = owner_store(location)
    ctx = AppContext(hub, SystemClock())
    accounts = AccountService(ctx)
    admin = accounts.login("admin", PASSWORD)
    for i in range(clients):
        accounts.create_user(
            admin,
            f"bench.{i:02d}",
            f"Bench Manager {i}",
            PASSWORD,
            AGENCIES[i % len(AGENCIES)] if i % 2 else "LA-DORSET",
            Role.MASH_MANAGER,
        )
    received: dict[str, float] = {}
    feed = HubChangeFeed(location, HubCredentials(OWNER_ROLE, OWNER_PASSWORD))
    feed.subscribe(
        lambda c: received.setdefault(c.row_id, time.time()) if c.table == "contacts" else None
    )
    feed.start()
    env = {**os.environ, "MASH_DB": location.address(), "MASH_HUB_CA": str(location.ca_file)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--client",
                str(i),
                "--seconds",
                str(seconds),
                "--out",
                str(folder / f"client-{i}.jsonl"),
            ],
            env=env,
        )
        for i in range(clients)
    ]
    waits = LockWaits(cluster.superuser_dsn(location.dbname))
    waits.start()
    for proc in procs:
        proc.wait()
    waits.done.set()
    waits.join()
    time.sleep(1.5)
    feed.stop()
    records = [
        json.loads(line)
        for i in range(clients)
        for line in (folder / f"client-{i}.jsonl").read_text().splitlines()
        if line
    ]
    by_op: dict[str, list[float]] = {}
    for r in records:
        by_op.setdefault(r["op"], []).append(r["ms"])
    total = len(records)
    print(
        f"\n{clients} client processes x {seconds:.0f} s: {total} operations, "
        f"{total / seconds:.1f} ops/s"
    )
    print(f"  {'operation':<18}{'count':>7}{'refused':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for op, values in by_op.items():
        refused = sum(1 for r in records if r["op"] == op and not r["ok"])
        print(
            f"  {op:<18}{len(values):7d}{refused:9d}{percentile(values, 50):9.1f}"
            f"{percentile(values, 95):9.1f}"
        )
    intakes = [r for r in records if r["op"] == "intake" and r["ok"]]
    decisions = [r for r in records if r["op"] == "decision" and r["ok"]]
    intake_ids = [r["contact"] for r in intakes]
    decided_ids = [r["contact"] for r in decisions]
    with hub.transaction() as s:
        made = s.execute(
            text("SELECT count(*) FROM contacts WHERE id = ANY(:ids)"), {"ids": intake_ids}
        ).scalar()
        decided = s.execute(
            text("SELECT count(*) FROM contacts WHERE id = ANY(:ids) AND status = 'decided'"),
            {"ids": decided_ids},
        ).scalar()
        twice = s.execute(
            text(
                "SELECT count(*) FROM (SELECT object_id FROM audit_entries "
                "WHERE action = 'contact.decide' GROUP BY object_id HAVING count(*) > 1) d"
            )
        ).scalar()
    lost = (len(intake_ids) - made) + (len(set(decided_ids)) - decided)
    print(
        f"  contacts the clients logged: {len(intake_ids)}, all in the hub: {made}; decisions "
        f"the clients saw succeed: {len(decided_ids)}, decided in the hub: {decided}; "
        f"contacts decided twice: {twice}; lost updates {lost}"
    )
    delays = [
        max(0.0, received[str(r["contact"])] - r["at"]) * 1000
        for r in intakes
        if str(r.get("contact")) in received
    ]
    if delays:
        print(
            f"  change propagation (commit -> NOTIFY at another session): "
            f"p50 {percentile(delays, 50):.0f} ms, p95 {percentile(delays, 95):.0f} ms "
            f"({len(delays)} of {len(intakes)} intakes seen)"
        )
    if waits.samples:
        print(
            f"  client sessions waiting on a lock (sampled every 0.1 s): mean "
            f"{sum(waits.samples) / len(waits.samples):.1f}, max {max(waits.samples)}; "
            f"the rest run or wait for the CPU"
        )
    start = time.perf_counter()
    result = verify_store(hub)
    print(f"  audit verify after the run: {result.message} ({time.perf_counter() - start:.1f} s)")
    hub.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--client", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client is not None:
        return client(args.client, args.seconds, args.out)
    folder = Path(tempfile.mkdtemp(prefix="mash-hub-bench-"))
    try:
        with running_cluster(folder / "pg") as cluster:
            # A hub server's settings rather than the test clusters' small ones (README).
            cluster.superuser_sql(*(f"ALTER SYSTEM SET {s}" for s in SERVER_SETTINGS))
            cluster.restart()
            cluster.superuser_sql(f"CREATE DATABASE {DB} OWNER {OWNER_ROLE}")
            location = HubLocation.parse(cluster.url(DB), cluster.ca_file)
            owner_store(location, upgrade=True).close()
            queue_side_by_side(cluster, location, args.contacts, folder)
            if args.clients:
                load_test(cluster, location, args.clients, args.seconds, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
