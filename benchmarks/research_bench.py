"""Research panels at hub scale: how long the need-to-know reads take.

Fills a temporary encrypted store with N contacts (default 2,000), each researched by three
agencies with three items per agency, a third of them shared; then times, for a police desk
officer: the contact research view (ISP-2 filtered), the research-due list, and the MASH
manager's shared items for a package. Prints the figures; asserts nothing.

    PYTHONPATH=. /work/venv/bin/python benchmarks/research_bench.py [N]
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path[0] = str(
    Path(__file__).resolve().parents[1]
)  # not benchmarks/: queue.py would shadow the stdlib

from sqlalchemy import insert, select

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.services.research.packages import PackageService
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.models import (
    Agency,
    Contact,
    ResearchFinding,
    ResearchRequest,
    Subject,
)

PASSWORD = "kettle-lantern-heron-1"
AGENCIES = ("POLICE", "HEALTH", "EDUCATION")


def fill(ctx: AppContext, n: int, creator: int) -> None:
    now = ctx.clock.now()
    with ctx.store.transaction() as s:
        agency_ids = dict(s.execute(select(Agency.code, Agency.id)).all())
        conn = s.connection()
        contacts = [
            {
                "id": i,
                "reference": f"B-{i:06d}",
                "channel": "phone",
                "received_at": now - timedelta(hours=i % 90),
                "concern": "synthetic",
                "consent_obtained": False,
                "child_in_hospital": False,
                "rag": ("red", "amber", "green")[i % 3],
                "rag_reason": "",
                "decision_due_at": now,
                "status": "open",
                "csc_case_open": False,
                "created_by_id": creator,
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "referrer_name": "",
                "referrer_contact": "",
            }
            for i in range(1, n + 1)
        ]
        conn.execute(insert(Contact), contacts)
        conn.execute(
            insert(Subject),
            [
                {
                    "contact_id": i,
                    "first_name": "Child",
                    "last_name": f"Synthetic{i}",
                    "is_child": True,
                    "relationship_to_child": "",
                    "gender": "",
                    "address": "",
                    "postcode": "",
                    "school": "",
                    "other_identifiers": "",
                }
                for i in range(1, n + 1)
            ],
        )
        requests, findings = [], []
        rid = 0
        for i in range(1, n + 1):
            for code in AGENCIES:
                rid += 1
                requests.append(
                    {
                        "id": rid,
                        "contact_id": i,
                        "agency_id": agency_ids[code],
                        "requested_by_id": creator,
                        "requested_at": now,
                        "state": "submitted" if i % 2 else "draft",
                        "version": 1,
                    }
                )
                for k in range(3):
                    findings.append(
                        {
                            "request_id": rid,
                            "about": "Child",
                            "system": "sys",
                            "finding": f"finding {rid}-{k}",
                            "relevance": "medium",
                            "sensitive": False,
                            "sensitivity_note": "",
                            "created_by_id": creator,
                            "created_at": now,
                            "updated_at": now,
                            "shared_at": now if (i % 2 and k == 0) else None,
                            "outside_permitted": False,
                            "outside_permission_note": "",
                        }
                    )
        conn.execute(insert(ResearchRequest), requests)
        conn.execute(insert(ResearchFinding), findings)


def timed(fn, repeat: int = 20) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = open_store(path, KeyMaterial.raw(secrets.token_hex(32)), create=True)
        ctx = AppContext(store, FixedClock(datetime(2026, 11, 24, 9, 30, tzinfo=UTC)))
        accounts = AccountService(ctx)
        admin = accounts.create_first_administrator("admin", "Bench Admin", PASSWORD)
        police = accounts.create_user(
            admin, "pc.bench", "PC Bench", PASSWORD, "POLICE", Role.DESK_OFFICER
        )
        accounts.create_user(
            admin, "mgr.bench", "Mgr Bench", PASSWORD, "LA-DORSET", Role.MASH_MANAGER
        )
        police_actor = accounts.login("pc.bench", PASSWORD)
        manager = accounts.login("mgr.bench", PASSWORD)
        start = time.perf_counter()
        fill(ctx, n, police.id)
        print(
            f"filled {n} contacts, {3 * n} panels, {9 * n} items in "
            f"{time.perf_counter() - start:.2f} s"
        )
        research = ResearchService(ctx)
        packages = PackageService(ctx)
        mid = n // 2 + 1
        print(
            f"contact research view (police, ISP-2 filtered): "
            f"{timed(lambda: research.contact_research(police_actor, mid)):.1f} ms median"
        )
        print(
            f"research due list (police, ~{n // 2} rows): "
            f"{timed(lambda: research.research_due(police_actor), 5):.1f} ms median"
        )
        print(
            f"shared items for a package (manager): "
            f"{timed(lambda: packages.shared_items(manager, mid)):.1f} ms median"
        )
        store.close()


if __name__ == "__main__":
    main()
