"""Administration actions confirm themselves in the main window's status bar (issue 13)."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from ui.admin.admin_view import AdminView
from ui.kit.session import UiSession
from ui.main_window import MainWindow


def test_suspending_and_reinstating_an_account_say_so(qtbot, ctx, admin, make_user, monkeypatch):
    # REQ: SEC-4 (suspension) ISP-9.1.1
    make_user("desk.rae", Role.DESK_OFFICER, "POLICE", "Rae Desk")
    window = MainWindow(UiSession(ctx, admin), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    row = next(n for n, a in enumerate(window.areas) if a.key == "admin")
    window.nav.setCurrentRow(row)
    [view] = window.findChildren(AdminView)

    def select_rae() -> None:
        index = next(r for r, u in enumerate(view.users.rows()) if u.username == "desk.rae")
        source = view.users.index(index, 0)
        view.user_table.selectRow(view.user_table.model().mapFromSource(source).row())

    select_rae()
    monkeypatch.setattr("ui.admin.admin_view.ask_text", lambda *a, **k: "Pending investigation")
    view.suspend()
    assert window.statusBar().currentMessage() == "Rae Desk's account suspended."
    [rae] = [u for u in AccountService(ctx).list_users(admin) if u.username == "desk.rae"]
    assert rae.suspended
    select_rae()  # the list was read again after the change
    view.reinstate()
    assert window.statusBar().currentMessage() == "Rae Desk's account reinstated."
