"""Referral queue benchmark (issue 3): 100,000 synthetic contacts (~130,000 children over two
years) in an encrypted store, then the queue's first page, a text filter, a sort by due time,
and the person-match lookup for a new contact; the same on a plain SQLite copy, and the ratio.

Run from the repository root:  python benchmarks/queue.py [--contacts 100000]
Every name is invented from word lists. Figures are medians of several runs, in milliseconds;
service timings include the audit entry each listing writes (a real, fsynced write).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# This file is named queue.py (as the issue asks), which would shadow the standard library's
# queue module that keyring needs: put the repository root in place of the script's folder.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sqlalchemy import create_engine, event, insert, select
from sqlalchemy.orm import sessionmaker

from mash_desktop.demo import FIRST_NAMES, LAST_NAMES, STREETS, TOWNS
from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.contact_codes import Channel, ContactStatus, Outcome, Rag
from mash_desktop.domain.person_search import name_keys
from mash_desktop.domain.roles import Role
from mash_desktop.domain.triage import ContactInput, SubjectInput
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.matching import (
    MatchingService,
    find_matches,
)
from mash_desktop.services.contacts.people import PersonQuery, PersonSearchService
from mash_desktop.services.contacts.queue import (
    ANY,
    QueueFilter,
    QueueService,
    QueueSort,
    fetch_page,
)
from mash_desktop.services.contacts.service import ContactService, child_search_text
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import Store, open_store
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.migrate import upgrade_store
from mash_desktop.store.models import Agency, Contact, Subject, User

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
PASSWORD = "kettle-lantern-heron-1"
SAMPLE: list[Any] = ["Amelia", "Ashdwon", date(2015, 6, 3)]
HOURS = {Rag.RED: 4, Rag.AMBER: 24, Rag.GREEN: 72}


def generate(store: Store, clock: FixedClock, contacts: int, seed: int = 7) -> tuple[int, int]:
    """Core bulk insert of contacts and their children; returns (contacts, children)."""
    rng = random.Random(seed)
    with store.transaction() as s:
        agencies = dict(s.execute(select(Agency.code, Agency.id)).all())
        creator = s.scalar(select(User.id).where(User.username == "desk.bench"))
    agency_ids = list(agencies.values())
    la_ids = [agencies[c] for c in agencies if c.startswith("LA-")]
    outcomes = [o.value for o in Outcome]
    span = 2 * 365 * 24 * 60
    contact_rows: list[dict[str, Any]] = []
    subject_rows: list[dict[str, Any]] = []
    sid = 0
    made_contacts = 0

    def flush() -> None:
        # Batches keep the generator's memory small; one transaction per batch.
        if not contact_rows:
            return
        with store.transaction() as s:
            s.execute(insert(Contact), contact_rows)
            s.execute(insert(Subject), subject_rows)
        contact_rows.clear()
        subject_rows.clear()

    for n in range(1, contacts + 1):
        received = NOW - timedelta(minutes=int(span * (rng.random() ** 1.2)) + 5)
        rag = rng.choices(list(Rag), weights=[2, 5, 3])[0]
        age_days = (NOW - received).days
        # Older contacts are decided; the last few days' still wait in the queue.
        is_open = age_days < 3 or (age_days < 10 and rng.random() < 0.2)
        last = rng.choice(LAST_NAMES)
        kids = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
        names = []
        first_dob = None
        town, postcode = rng.choice(TOWNS)
        for k in range(kids):
            sid += 1
            first = rng.choice(FIRST_NAMES)
            dob = date(2008, 1, 1) + timedelta(days=rng.randint(0, 18 * 365))
            if k == 0:
                first_dob = dob
            names.append((first, last))
            subject_rows.append(
                {
                    "id": sid,
                    "contact_id": n,
                    "is_child": True,
                    "relationship_to_child": "",
                    "first_name": first,
                    "last_name": last,
                    "dob": dob,
                    "gender": rng.choice(["Female", "Male", "Not known"]),
                    "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town}",
                    "postcode": f"{postcode} {rng.randint(1, 9)}ZZ",
                    "nhs_number": None,
                    "school": "Synthetic Primary School",
                    "other_identifiers": "",
                    "name_keys": name_keys(first, last),
                }
            )
        contact_rows.append(
            {
                "id": n,
                "reference": f"MASH-{received:%Y}-{n:06d}",
                "la_agency_id": rng.choice(la_ids),
                "referrer_agency_id": rng.choice(agency_ids),
                "referrer_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "referrer_contact": "01202 000000 (synthetic)",
                "channel": rng.choice(list(Channel)).value,
                "received_at": received,
                "concern": "Synthetic concern text for the benchmark. " * 4,
                "consent_obtained": True,
                "consent_reason": None,
                "child_in_hospital": False,
                "call_notes": None,
                "rag": rag.value,
                "rag_reason": "",
                "decision_due_at": received + timedelta(hours=HOURS[rag]),
                "status": ContactStatus.OPEN.value if is_open else ContactStatus.DECIDED.value,
                "outcome": None if is_open else rng.choice(outcomes),
                "outcome_by_id": None if is_open else creator,
                "outcome_at": None if is_open else received + timedelta(hours=3),
                "outcome_rationale": None if is_open else "Synthetic decision.",
                "claimed_by_id": None,
                "claimed_at": None,
                "csc_case_open": rng.random() < 0.08,
                "allocated_team": None,
                "created_by_id": creator,
                "created_at": received,
                "updated_at": received,
                "version": 1,
                "first_child_name": f"{names[0][0]} {names[0][1]}",
                "first_child_dob": first_dob,
                "child_search": child_search_text(names),
                "child_count": kids,
            }
        )
        made_contacts += 1
        if n == contacts // 2:
            pick_probe(subject_rows)
        if len(contact_rows) >= 10_000:
            flush()
    flush()
    return made_contacts, sid


def pick_probe(subject_rows: list[dict[str, Any]]) -> None:
    """The new contact of the match test: a generated child, surname misspelt, day/month
    swapped."""
    probe = next(r for r in reversed(subject_rows) if r["dob"].day <= 12)
    last = probe["last_name"]
    dob = probe["dob"]
    SAMPLE[:] = [
        probe["first_name"],
        last[:2] + last[3] + last[2] + last[4:],
        date(dob.year, dob.day, dob.month),
    ]


def plain_store(path: Path, key: KeyMaterial) -> Store:
    """The same schema and pragmas over the standard library's unencrypted sqlite3."""
    engine = create_engine(
        f"sqlite:///{path.as_posix()}", module=sqlite3, connect_args={"check_same_thread": False}
    )

    @event.listens_for(engine, "connect", insert=True)
    def _setup(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in (
            "journal_mode = WAL",
            "synchronous = FULL",
            "foreign_keys = ON",
            "secure_delete = ON",
            "temp_store = MEMORY",
            "busy_timeout = 15000",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    store = Store(path=path, key=key, engine=engine, sessions=sessionmaker(engine))
    upgrade_store(store)
    return store


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(label: str, open_fn: Callable[[], Store], clock: FixedClock) -> dict[str, float]:
    start = time.perf_counter()
    store = open_fn()
    opened = time.perf_counter()
    ctx = AppContext(store, clock)
    actor = AccountService(ctx).login("desk.bench", PASSWORD)
    logged_in = time.perf_counter()
    queue = QueueService(ctx)
    first = queue.page(actor, QueueFilter(), QueueSort.DUE, limit=200)
    done = time.perf_counter()
    figures = {
        "open store": (opened - start) * 1000,
        "first page (after login)": (done - logged_in) * 1000,
        "open + first page": (done - start - (logged_in - opened)) * 1000,
    }
    figures["first page again"] = timed(lambda: queue.page(actor, QueueFilter(), limit=200))
    figures["text filter (open)"] = timed(lambda: queue.page(actor, QueueFilter(text="ash")))
    figures["text filter (all)"] = timed(
        lambda: queue.page(actor, QueueFilter(text="ash", status=ANY))
    )
    figures["sort by due (open)"] = timed(
        lambda: queue.page(actor, QueueFilter(), QueueSort.DUE, descending=True)
    )
    figures["sort by due (all)"] = timed(
        lambda: queue.page(actor, QueueFilter(status=ANY), QueueSort.DUE, descending=True)
    )

    def query(flt: QueueFilter, sort: QueueSort = QueueSort.DUE, desc: bool = False) -> None:
        with store.transaction() as s:
            fetch_page(s, flt, NOW, sort, desc)

    figures["query: first page"] = timed(lambda: query(QueueFilter()))
    figures["query: text filter (open)"] = timed(lambda: query(QueueFilter(text="ash")))
    figures["query: text filter (all)"] = timed(lambda: query(QueueFilter(text="ash", status=ANY)))
    figures["query: sort due (all)"] = timed(lambda: query(QueueFilter(status=ANY), desc=True))
    figures["change token (poll)"] = timed(lambda: queue.change_token(actor))
    contacts = ContactService(ctx)
    new = contacts.intake(
        actor,
        ContactInput(
            referrer_agency_code="POLICE",
            referrer_name="Bench Referrer",
            referrer_contact="",
            channel=Channel.SECURE_EMAIL,
            received_at=NOW - timedelta(minutes=10),
            children=(SubjectInput(*SAMPLE),),
            household=(),
            concern="Benchmark contact.",
            consent_obtained=True,
            consent_reason="",
            child_in_hospital=False,
        ),
    )
    matching = MatchingService(ctx)
    found = matching.matches(actor, new.id)
    figures["person match"] = timed(lambda: matching.matches(actor, new.id))

    def match_query() -> None:
        with store.transaction() as s:
            find_matches(s, new.id)

    figures["query: person match"] = timed(match_query)
    figures.update(person_search(ctx, actor))
    store.close()
    print(
        f"\n[{label}] new child {SAMPLE[0]} {SAMPLE[1]} {SAMPLE[2]}; queue rows on first page: {len(first.rows)} of {first.total} open; "
        f"matches for the new contact: {len(found)}"
    )
    for name, value in figures.items():
        print(f"  {name:<26} {value:9.1f} ms")
    return figures


def person_search(ctx: AppContext, actor: Any) -> dict[str, float]:
    """The person search (RQ-8) as a desk officer types it, each audited as the desk's is."""
    people = PersonSearchService(ctx)
    first, misspelt, swapped = SAMPLE
    postcode = TOWNS[0][1]
    queries = {
        "search: name, misspelt": PersonQuery(name=f"{first} {misspelt}"),
        "search: name + DOB swapped": PersonQuery(name=f"{first} {misspelt}", dob=swapped),
        "search: surname only": PersonQuery(name=misspelt),
        "search: date of birth only": PersonQuery(dob=swapped),
        "search: NHS number": PersonQuery(nhs_number="943 476 5919"),
        "search: postcode": PersonQuery(address=f"{postcode} 3ZZ"),
    }
    figures = {}
    for label, query in queries.items():
        found = people.search(actor, query)
        figures[label] = timed(lambda q=query: people.search(actor, q))
        print(f"  ({label}: {len(found.hits)} shown{', more' if found.more else ''})")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the files in")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="mash-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    enc_path, plain_path = folder / "queue.db", folder / "queue-plain.db"
    key = KeyMaterial.raw(secrets.token_hex(32))
    clock = FixedClock(NOW)
    try:
        store = open_store(enc_path, key, create=True)
        ctx = AppContext(store, clock)
        accounts = AccountService(ctx)
        accounts.create_first_administrator("admin", "Bench Admin", PASSWORD)
        admin = accounts.login("admin", PASSWORD)
        accounts.create_user(
            admin, "desk.bench", "Bench Officer", PASSWORD, "POLICE", Role.DESK_OFFICER
        )
        start = time.perf_counter()
        made, children = generate(store, clock, args.contacts)
        gen_s = time.perf_counter() - start
        store.close()
        print(
            f"Generated {made:,} contacts and {children:,} children in {gen_s:.1f} s "
            f"(encrypted file {enc_path.stat().st_size / 1e6:.0f} MB)"
        )
        # The plain copy: SQLCipher exports the same pages' content unencrypted.
        import sqlcipher3.dbapi2 as sqlcipher

        conn = sqlcipher.connect(str(enc_path))
        conn.execute(key.pragma_key())
        conn.execute(f"ATTACH DATABASE '{plain_path.as_posix()}' AS plaintext KEY ''")
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute("DETACH DATABASE plaintext")
        conn.close()
        print(f"Peak memory after generation: {peak_rss_mb():.0f} MB")
        enc = measure("encrypted (SQLCipher)", lambda: open_store(enc_path, key), clock)
        from mash_desktop.store.engine import build_engine, check_existing_file

        def open_quick() -> Store:
            # The same open without the full page-by-page integrity check (for comparison).
            check_existing_file(enc_path, key, full_check=False)
            engine = build_engine(enc_path, key)
            quick = Store(path=enc_path, key=key, engine=engine, sessions=sessionmaker(engine))
            upgrade_store(quick)
            return quick

        measure("encrypted, open without full integrity check", open_quick, clock)
        plain = measure("plain SQLite", lambda: plain_store(plain_path, key), clock)
        print("\nEncrypted / plain ratio:")
        for name in enc:
            ratio = enc[name] / plain[name] if plain[name] else float("nan")
            print(f"  {name:<26} {ratio:6.2f}x")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("\n(service calls include the audited, fsynced write of the listing)")
        print(f"\nPeak memory (max RSS, whole run incl. generation): {peak_mb:.0f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
