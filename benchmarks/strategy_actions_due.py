"""How long the actions-due view and the discussion list take at hub scale.

Builds a throwaway encrypted store with N completed strategy discussions (4 actions each, one
feedback note on half of them) using SQLAlchemy Core, then times the service calls the
screens make. Prints the figures; asserts nothing.

    PYTHONPATH=. /work/venv/bin/python benchmarks/strategy_actions_due.py [N]
"""

from __future__ import annotations

import secrets
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path[0] = str(
    Path(__file__).resolve().parents[1]
)  # not benchmarks/: queue.py would shadow the stdlib

from sqlalchemy import insert, select

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.service import StrategyService
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.models import (
    Agency,
    Contact,
    StrategyAction,
    StrategyActionFeedback,
    StrategyAttendee,
    StrategyDiscussion,
    Subject,
)

PASSWORD = "kettle-lantern-heron-1"


def build(ctx: AppContext, n: int) -> None:
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Ada Admin", PASSWORD)
    admin = accounts.login("admin", PASSWORD)
    accounts.create_user(admin, "la.mgr", "Lee Manager", PASSWORD, "LA-DORSET", Role.LA_MANAGER)
    accounts.create_user(admin, "desk.pol", "Pat Police", PASSWORD, "POLICE", Role.DESK_OFFICER)
    now = ctx.clock.now()
    with ctx.store.transaction() as s:
        agencies = {a.code: a.id for a in s.scalars(select(Agency))}
        uid = 2
        s.execute(
            insert(Contact),
            [
                {
                    "id": i + 1,
                    "reference": f"C-B-{i:06d}",
                    "la_agency_id": agencies["LA-DORSET"],
                    "channel": "phone",
                    "received_at": now - timedelta(days=i % 40),
                    "concern": "bench",
                    "decision_due_at": now,
                    "created_by_id": uid,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
            ],
        )
        s.execute(
            insert(Subject),
            [
                {"contact_id": i + 1, "first_name": f"Child{i}", "last_name": "Bench"}
                for i in range(n)
            ],
        )
        s.execute(
            insert(StrategyDiscussion),
            [
                {
                    "id": i + 1,
                    "reference": f"SD-B-{i:06d}",
                    "contact_id": i + 1,
                    "la_agency_id": agencies["LA-DORSET"],
                    "status": "completed",
                    "requested_by_id": uid,
                    "requested_at": now - timedelta(days=i % 30),
                    "reason": "bench",
                    "mode": "meeting",
                    "held_at": now - timedelta(days=i % 30),
                    "s47_started": bool(i % 2),
                    "outcome": "s47",
                    "allocated_social_worker": "Sam Worker",
                    "updated_at": now,
                }
                for i in range(n)
            ],
        )
        s.execute(
            insert(StrategyAttendee),
            [
                {
                    "discussion_id": i + 1,
                    "name": "DS Bench",
                    "agency_id": agencies["POLICE"],
                    "minimum_role": "police",
                    "present": True,
                }
                for i in range(n)
            ],
        )
        owners = ["LA-DORSET", "POLICE", "HEALTH", "EDUCATION"]
        s.execute(
            insert(StrategyAction),
            [
                {
                    "id": i * 4 + k + 1,
                    "discussion_id": i + 1,
                    "description": f"Action {k}",
                    "owner_agency_id": agencies[owners[k]],
                    "owner_person": "Someone",
                    "due_on": date(2026, 11, 1) + timedelta(days=(i + k) % 60),
                    "status": "open",
                    "created_by_id": uid,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
                for k in range(4)
            ],
        )
        s.execute(
            insert(StrategyActionFeedback),
            [
                {
                    "action_id": a,
                    "by_id": uid,
                    "agency_id": agencies["POLICE"],
                    "at": now,
                    "note": "fb",
                    "status_after": "in_progress",
                }
                for a in range(1, n * 4 + 1, 2)
            ],
        )


def timed(label: str, fn, *args) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    rows = fn(*args)
    print(f"{label:<45} {len(rows):>6} rows  {(time.perf_counter() - start) * 1000:8.1f} ms")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = open_store(path, KeyMaterial.raw(secrets.token_hex(32)), create=True)
        ctx = AppContext(store, FixedClock(datetime(2026, 11, 24, 9, 30, tzinfo=UTC)))
        build(ctx, n)
        accounts = AccountService(ctx)
        la = accounts.login("la.mgr", PASSWORD)
        police = accounts.login("desk.pol", PASSWORD)
        print(f"{n} discussions, {n * 4} actions")
        tracker = ActionTrackerService(ctx)
        timed("actions_due (LA manager, all open actions)", tracker.actions_due, la)
        timed("actions_due (police desk, own actions)", tracker.actions_due, police)
        timed("StrategyService.discussions (LA manager)", StrategyService(ctx).discussions, la)
        timed("overdue_copies (LA manager)", tracker.overdue_copies, la)
        store.close()


if __name__ == "__main__":
    main()
