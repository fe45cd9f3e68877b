"""The hub commands: connect once per workstation, init, status, migrate, import a local
store, and what audit verify, backup and check do on a hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mash_desktop import cli
from mash_desktop.bootstrap import config_dir, open_context, open_hub_context
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.passwords import PasswordService
from mash_desktop.store.hub_connection import HubLoginRefused
from tests.helpers.contacts import child, contact_input
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import OWNER_PASSWORD, PostgresCluster

pytestmark = pytest.mark.hub


@pytest.fixture
def connected(
    pg_cluster: PostgresCluster, hub_db: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> str:
    monkeypatch.setenv("MASH_HUB_OWNER_PASSWORD", OWNER_PASSWORD)
    monkeypatch.setenv("MASH_ADMIN_PASSWORD", TEST_PASSWORD)
    assert (
        cli.main(["hub", "connect", pg_cluster.url(hub_db), "--ca", str(pg_cluster.ca_file)]) == 0
    )
    assert "now uses the hub" in capsys.readouterr().out
    return hub_db


def test_connect_keeps_the_address_and_ca_but_no_credentials(connected: str) -> None:
    # REQ: SEC-2 (no password in a setting file)
    setting = json.loads((config_dir() / "hub.json").read_text(encoding="utf-8"))
    assert setting["address"].endswith(f"/{connected}")
    assert Path(setting["ca_file"]).read_bytes().startswith(b"-----BEGIN CERTIFICATE")
    text = "".join(p.read_text(errors="replace") for p in config_dir().iterdir())
    assert OWNER_PASSWORD not in text and TEST_PASSWORD not in text


def test_init_status_verify_and_the_local_only_commands(
    connected: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # REQ: SEC-3
    assert cli.main(["hub", "init"]) == 0
    assert "administrator 'admin'" in capsys.readouterr().out
    assert cli.main(["hub", "status"]) == 0
    out = capsys.readouterr().out
    assert "Connection: TLS" in out and "up to date" in out
    assert "Accounts (login roles): 1" in out and "Audit chain head: entry" in out
    assert cli.main(["hub", "migrate"]) == 0
    assert "up to date" in capsys.readouterr().out
    monkeypatch.setenv("MASH_USER", "admin")
    monkeypatch.setenv("MASH_PASSWORD", TEST_PASSWORD)
    assert cli.main(["audit", "verify"]) == 0
    assert "audit trail verified" in capsys.readouterr().out
    assert cli.main(["backup", "x.db"]) == 0
    assert "pg_dump" in capsys.readouterr().out
    assert cli.main(["check"]) == 0
    assert "pg_amcheck" in capsys.readouterr().out


def test_a_command_on_a_hub_without_a_login_says_how(connected: str, capsys) -> None:
    assert cli.main(["audit", "verify"]) == 1
    assert "MASH_USER" in capsys.readouterr().err


def test_import_moves_a_local_store_with_its_chain_head(
    connected: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    # REQ: SEC-3 (the local chain verifies first; its head is recorded in the hub's trail),
    # SEC-7 (passwords do not travel: every other account must set its own before use)
    local_path = tmp_path / "local" / "mash.db"
    local_path.parent.mkdir()
    local = open_context(local_path, create=True, clock=clock)
    admin = AccountService(local).create_first_administrator("admin", "Ada", TEST_PASSWORD)
    from mash_desktop.domain.roles import Role

    AccountService(local).create_user(
        admin, "desk", "Dee Desk", TEST_PASSWORD, "POLICE", Role.DESK_OFFICER
    )
    desk = AccountService(local).login("desk", TEST_PASSWORD)
    for name in ("Ivy", "Jude"):
        ContactService(local).intake(desk, contact_input(clock.now(), child(name, "Local")))
    local_head = verify_store(local.store)
    local.store.close()
    monkeypatch.setenv("MASH_ADMIN_PASSWORD", "new-hub-password")
    assert cli.main(["hub", "import", str(local_path)]) == 0
    assert f"local chain head {local_head.count} recorded" in capsys.readouterr().out
    monkeypatch.setenv("MASH_USER", "admin")
    monkeypatch.setenv("MASH_PASSWORD", "new-hub-password")
    hub = open_context()
    try:
        result = verify_store(hub.store)
        assert result.ok and result.count == local_head.count + 1, result.message
        with hub.store.transaction() as s:
            references = (
                s.connection()
                .exec_driver_sql("SELECT reference FROM contacts ORDER BY id")
                .scalars()
                .all()
            )
            imported = (
                s.connection()
                .exec_driver_sql("SELECT details FROM audit_entries WHERE action = 'hub.import'")
                .scalar()
            )
        assert len(references) == 2  # an administrator reads codes, not names
        with hub.store.transaction() as s:
            must_change = dict(
                s.connection()
                .exec_driver_sql("SELECT username, must_change_password FROM users")
                .all()
            )
        assert must_change == {"admin": False, "desk": True}
        assert json.loads(imported)["local_head_seq"] == local_head.count
        # Each account works over its own login role, as a workstation does: the desk
        # officer has none until the administrator sets a password.
        with pytest.raises(HubLoginRefused):
            open_hub_context(hub.store.location, "desk", TEST_PASSWORD)
        admin_hub = AccountService(hub).login("admin", "new-hub-password")
        desk_row = next(
            u for u in AccountService(hub).list_users(admin_hub) if u.username == "desk"
        )
        assert not PasswordService(hub).must_change(admin_hub)
        AccountService(hub).reset_password(admin_hub, desk_row.id, TEST_PASSWORD)
        desk_ctx = open_hub_context(hub.store.location, "desk", TEST_PASSWORD, clock=clock)
        try:
            desks = AccountService(desk_ctx)
            desk_hub = desks.login("desk", TEST_PASSWORD)
            own = PasswordService(desk_ctx)
            assert own.must_change(desk_hub)  # SEC-7: their own at first login
            new = "Kestrel-orchard-lantern-74"
            own.change_own(desk_hub, TEST_PASSWORD, new, new)
            assert not own.must_change(desk_hub)
            desk_hub = desks.login("desk", new)
            third = ContactService(desk_ctx).intake(desk_hub, contact_input(clock.now(), child()))
        finally:
            desk_ctx.store.close()  # type: ignore[union-attr]
        assert third.id == 3
    finally:
        hub.store.close()
