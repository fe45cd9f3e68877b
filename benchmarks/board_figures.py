"""Management Board figures benchmark (GOV-1): a year's figures over 100,000 synthetic contacts
(two years of them, with strategy discussions, their copies and outcomes, and security
incidents) in an encrypted store. The issue asks for under 2 s.

Run from the repository root:  python benchmarks/board_figures.py [--contacts 100000]
Figures are medians of five runs, in milliseconds, each including the audit entry the Board
view writes (a real, fsynced write), and the Board report PDF built from them.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sqlalchemy import insert, select

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.printing.document import CopyStamp
from mash_desktop.printing.render import render_pdf
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.services.governance.board import BoardService, board_document
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.models import (
    Agency,
    Contact,
    SecurityIncident,
    StrategyCopy,
    StrategyDiscussion,
    StrategyOutcomeFeedback,
)

_spec = importlib.util.spec_from_file_location("bench_queue", Path(__file__).with_name("queue.py"))
assert _spec and _spec.loader
bench_queue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_queue)
NOW, PASSWORD = bench_queue.NOW, bench_queue.PASSWORD


def add_strategy_and_incidents(ctx: AppContext, share: float = 0.03, seed: int = 11) -> int:
    rng = random.Random(seed)
    with ctx.store.transaction() as s:
        las = [i for code, i in s.execute(select(Agency.code, Agency.id)) if code.startswith("LA-")]
        agencies = list(s.scalars(select(Agency.id)))
        contacts = s.execute(
            select(Contact.id, Contact.received_at).where(Contact.outcome == "strategy")
        ).all()
    picked = [c for c in contacts if rng.random() < share * 6]
    discussions, copies, feedback = [], [], []
    for n, (cid, received) in enumerate(picked, 1):
        held = received + timedelta(hours=rng.randint(4, 30))
        discussions.append(
            {
                "id": n,
                "reference": f"SD-{n:06d}",
                "contact_id": cid,
                "la_agency_id": rng.choice(las),
                "status": "completed",
                "requested_by_id": 1,
                "requested_at": received,
                "trigger": "urgent_referral",
                "reason": "synthetic",
                "paediatrician_needed": False,
                "child_in_hospital": False,
                "hospital_note": "",
                "emergency_no_mash": False,
                "out_of_hours": False,
                "mode": "meeting",
                "held_at": held,
                "place": "",
                "information_shared": "",
                "criminal_investigation": "",
                "s47_started": rng.random() < 0.6,
                "further_information": "",
                "immediate_actions": "",
                "legal_action": "",
                "shared_with_family": "",
                "allocated_social_worker": "",
                "allocated_team": "",
                "updated_at": held,
                "version": 1,
            }
        )
        for agency in rng.sample(agencies, 3):
            sent = held + timedelta(hours=rng.randint(2, 70)) if rng.random() < 0.95 else None
            copies.append(
                {
                    "discussion_id": n,
                    "agency_id": agency,
                    "due_at": held + timedelta(hours=48),
                    "sent_at": sent,
                }
            )
        feedback.append(
            {
                "discussion_id": n,
                "assessment_outcome": "s47",
                "note": "",
                "conference_on": (held + timedelta(days=rng.randint(10, 28))).date(),
                "recorded_by_id": 1,
                "recorded_at": held + timedelta(days=rng.randint(20, 70)),
            }
        )
    incidents = [
        {
            "kind": rng.choice(list(IncidentKind)).value,
            "occurred_at": NOW - timedelta(days=rng.randint(0, 700)),
            "user_id": None,
            "username": "system",
            "agency_code": "",
            "object_type": "",
            "object_id": "",
            "summary": "synthetic",
            "details": "{}",
            "status": "open",
        }
        for _ in range(400)
    ]
    with ctx.store.transaction() as s:
        s.execute(insert(StrategyDiscussion), discussions)
        s.execute(insert(StrategyCopy), copies)
        s.execute(insert(StrategyOutcomeFeedback), feedback)
        s.execute(insert(SecurityIncident), incidents)
    return len(discussions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mash-board-bench-"))
    clock = FixedClock(NOW)
    store = open_store(folder / "board.db", KeyMaterial.raw(secrets.token_hex(32)), create=True)
    ctx = AppContext(store, clock)
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Bench Admin", PASSWORD)
    admin = accounts.login("admin", PASSWORD)
    accounts.create_user(
        admin, "desk.bench", "Bench Officer", PASSWORD, "POLICE", Role.DESK_OFFICER
    )
    accounts.create_user(
        admin, "mgr.bench", "Bench Manager", PASSWORD, "LA-DORSET", Role.MASH_MANAGER
    )
    manager = accounts.login("mgr.bench", PASSWORD)
    start = time.perf_counter()
    made, _children = bench_queue.generate(store, clock, args.contacts)
    discussions = add_strategy_and_incidents(ctx)
    print(
        f"Generated {made:,} contacts over two years and {discussions:,} strategy "
        f"discussions in {time.perf_counter() - start:.1f} s"
    )
    service = BoardService(ctx)
    year = (date(2025, 11, 25), date(2026, 11, 24))
    runs, built = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        figures = service.figures(manager, *year)
        runs.append((time.perf_counter() - t0) * 1000)
        t1 = time.perf_counter()
        render_pdf(
            board_document(figures),
            CopyStamp("MASH-C-2026-000001-X", 1, 1, "Bench Manager", NOW, "The Board"),
        )
        built.append((time.perf_counter() - t1) * 1000)
    total = sum(v for _l, v in figures.sections[0].charts[0].rows)
    print(
        f"Board figures for a year ({total:,} contacts in it): median "
        f"{statistics.median(runs):.0f} ms (runs: {', '.join(f'{r:.0f}' for r in runs)})"
    )
    print(f"Board report PDF from them: median {statistics.median(built):.0f} ms")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
