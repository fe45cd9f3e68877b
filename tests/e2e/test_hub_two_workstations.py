"""Hub mode, done when: two app processes as two agencies' users on one PostgreSQL server;
one logs a contact, the other sees it in its queue within a second (pushed, not polled)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mash_desktop.domain.clock import SystemClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.store.hub import HubStore
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import PostgresCluster

pytestmark = pytest.mark.hub
REPO = Path(__file__).resolve().parents[2]


def workstation(
    cluster: PostgresCluster, dbname: str, user: str, command: str, home: Path
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "MASH_DB": cluster.url(dbname),
        "MASH_HUB_CA": str(cluster.ca_file),
        "MASH_USER": user,
        "MASH_PASSWORD": TEST_PASSWORD,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.hub_clients", command],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_line(proc: subprocess.Popen[str], prefix: str) -> list[str]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith(prefix):
        _out, err = proc.communicate(timeout=30)
        pytest.fail(f"expected {prefix!r}, got {line!r}; stderr: {err[-3000:]}")
    return line.split()


def test_contact_logged_at_one_workstation_shows_in_anothers_queue_within_a_second(
    hub_store: HubStore, pg_cluster: PostgresCluster, hub_db: str, tmp_path: Path
) -> None:
    # REQ: RQ-1 (the queue all agencies work from), SEC-2 (each user their own login role)
    ctx = AppContext(store=hub_store, clock=SystemClock())
    accounts = AccountService(ctx)
    admin = accounts.create_first_administrator("admin", "Ada Admin", TEST_PASSWORD)
    accounts.create_user(
        admin, "desk.police", "Dee Desk", TEST_PASSWORD, "POLICE", Role.DESK_OFFICER
    )
    accounts.create_user(
        admin, "manager.la", "Mo Manager", TEST_PASSWORD, "LA-DORSET", Role.MASH_MANAGER
    )
    homes = [tmp_path / "ws1", tmp_path / "ws2"]
    for home in homes:
        (home / "config").mkdir(parents=True)
    watcher = workstation(pg_cluster, hub_db, "manager.la", "watch-queue", homes[0])
    writer = workstation(pg_cluster, hub_db, "desk.police", "log-contact", homes[1])
    try:
        assert read_line(watcher, "READY")[1] == "0"
        assert writer.stdin is not None
        writer.stdin.write("GO\n")
        writer.stdin.flush()
        _, committed_at, contact_id = read_line(writer, "COMMITTED")
        _, seen_at, seen_id = read_line(watcher, "SEEN")
    finally:
        for proc in (watcher, writer):
            proc.kill() if proc.poll() is None else None
            proc.communicate(timeout=30)
    assert seen_id == contact_id
    assert float(seen_at) - float(committed_at) < 1.0
    # Each workstation connected as its own role, not as a shared account.
    with hub_store.transaction() as session:
        actors = {
            row[0]
            for row in session.connection().exec_driver_sql(
                "SELECT actor FROM audit_entries WHERE action IN ('login', 'contact.intake')"
            )
        }
    assert {"desk.police", "manager.la"} <= actors
