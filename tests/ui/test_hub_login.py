"""Logging in on a hub from the desktop: the account's own login role opens the connection;
a wrong password gets a plain message (never repeated); logging out closes the connection."""

from __future__ import annotations

import pytest

from mash_desktop.domain.clock import SystemClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.store.hub import HubStore
from mash_desktop.store.hub_connection import HubLocation
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import PostgresCluster
from tests.helpers.shots import save_shot
from ui.hub_login import HubLoginDialog

pytestmark = pytest.mark.hub


def test_hub_login_connects_as_the_account(
    qtbot, hub_store: HubStore, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: SEC-2
    ctx = AppContext(store=hub_store, clock=SystemClock())
    accounts = AccountService(ctx)
    admin = accounts.create_first_administrator("admin", "Ada Admin", TEST_PASSWORD)
    accounts.create_user(
        admin, "desk.police", "Dee Desk", TEST_PASSWORD, "POLICE", Role.DESK_OFFICER
    )
    dialog = HubLoginDialog(HubLocation.parse(pg_cluster.url(hub_db), pg_cluster.ca_file))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("desk.police")
    dialog.password.setText("Wrong-Password-9")
    dialog.try_login()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "refused the user name or password" in dialog.error.text()
    assert "Wrong-Password-9" not in dialog.error.text()
    save_shot(dialog, "issue-11-hub-login-refused.png")
    dialog.password.setText(TEST_PASSWORD)
    dialog.try_login()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "desk.police"
    assert isinstance(dialog.ctx.store, HubStore)
    assert dialog.ctx.store.credentials.username == f"{hub_db}/desk.police"
    dialog.ctx.store.close()
