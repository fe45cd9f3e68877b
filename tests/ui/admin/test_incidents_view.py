"""SEC-4 through the screen: incidents listed, reported to the board, the user suspended."""

from __future__ import annotations

import pytest

from mash_desktop.domain.errors import AccountSuspended, AuthenticationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.shots import save_shot
from ui.admin.incidents_view import IncidentsView
from ui.kit.session import UiSession


def test_lockout_incident_reported_and_user_suspended(qtbot, ctx, admin, make_user, monkeypatch):
    # REQ: SEC-4
    make_user("desk.target", Role.DESK_OFFICER, "POLICE")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            AccountService(ctx).login("desk.target", "guessing-wrong")
    view = IncidentsView(UiSession(ctx, admin))
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    assert view.model.rowCount() == 1
    assert "1 not yet reported" in view.status.text()
    view.table.selectRow(0)
    view.mark_reported()
    assert "0 not yet reported" in view.status.text()
    assert view.model.row_at(0).status == "reported"
    view.table.selectRow(0)
    monkeypatch.setattr(
        "ui.admin.incidents_view.ask_text",
        lambda *a, **k: "Pending investigation (synthetic)",
    )
    view.suspend_user()
    assert "suspended" in view.status.text()
    AccountService(ctx).unlock_account(admin, view.model.row_at(0).user_id)
    with pytest.raises(AccountSuspended):
        AccountService(ctx).login("desk.target", TEST_PASSWORD)
    save_shot(view, "incidents.png")
