"""SEC-2 through the real dialogs: log-in, lockout, idle lock keeping input, suspension."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.shots import save_shot
from tests.ui.conftest import notifications
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession
from ui.login import FirstAdministratorDialog, LoginDialog
from ui.main_window import MainWindow


def type_login(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_first_run_creates_the_administrator(qtbot, ctx):
    # REQ: SEC-2
    dialog = FirstAdministratorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.full_name.setText("Ada Admin")
    dialog.password.setText(TEST_PASSWORD)
    dialog.again.setText("different-password")
    dialog.create()
    assert dialog.error.isVisibleTo(dialog) and "differ" in dialog.error.text()
    dialog.again.setText(TEST_PASSWORD)
    dialog.create()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert AccountService(ctx).login("admin", TEST_PASSWORD).role is Role.ADMINISTRATOR


def test_login_dialog_wrong_password_then_lockout(qtbot, ctx, make_user):
    # REQ: SEC-7 (one message for an unknown name and a wrong password, no count of attempts
    # left), SEC-2 (the lock-out after five wrong passwords)
    make_user("desk.police", Role.DESK_OFFICER, "POLICE")
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_login(qtbot, dialog, "nobody.here", "not-my-password")
    unknown = dialog.error.text()
    type_login(qtbot, dialog, "desk.police", "not-my-password")
    assert dialog.error.text() == unknown == "Wrong user name or password."  # no count left
    assert dialog.password.text() == "" and dialog.actor is None
    for _ in range(4):
        type_login(qtbot, dialog, "desk.police", "not-my-password")
    # Locked now, but said only to whoever types the account's own password (SEC-7)
    assert dialog.error.text() == "Wrong user name or password."
    type_login(qtbot, dialog, "desk.police", TEST_PASSWORD)
    assert dialog.actor is None and "locked" in dialog.error.text()


def test_login_dialog_accepts_the_right_password(qtbot, ctx, admin):
    # REQ: SEC-2
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted):
        type_login(qtbot, dialog, "admin", TEST_PASSWORD)
    assert dialog.actor is not None and dialog.actor.username == "admin"
    save_shot(dialog, "login-dialog.png")


def test_idle_lock_keeps_unsaved_input_and_needs_the_password(qtbot, ctx, admin):
    # REQ: SEC-2
    window = MainWindow(UiSession(ctx, admin), idle_minutes=10)
    qtbot.addWidget(window)
    window.show()
    audit = window.area_widget("audit")
    audit.object_text.setText("unsaved filter text")
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)
    assert "idle" in window.lock_screen.message.text()
    window.lock_screen.password.setText("wrong-password-x")
    window.lock_screen.password.returnPressed.emit()
    assert window.is_locked
    assert window.lock_screen.error.text() == "Wrong password. Try again, or log out."
    window.idle.set_timeout_ms(60_000)
    qtbot.keyClicks(window.lock_screen.password, TEST_PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert audit.object_text.text() == "unsaved filter text"


def test_ctrl_l_locks(qtbot, ctx, admin):
    # REQ: SEC-2
    window = MainWindow(UiSession(ctx, admin))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.lock_action.trigger()
    assert window.is_locked
    assert window.lock_action.shortcut().toString() == "Ctrl+L"


def test_suspended_user_session_stops_at_next_action(qtbot, ctx, admin, make_user):
    # REQ: SEC-4 (ISP-9.1.1)
    manager = make_user("mash.lead", Role.MASH_MANAGER)
    window = MainWindow(UiSession(ctx, manager))
    qtbot.addWidget(window)
    window.show()
    audit = window.area_widget("audit")
    AccountService(ctx).suspend(admin, manager.user_id, "Under investigation (synthetic)")
    with qtbot.waitSignal(window.logged_out, timeout=3000):
        audit.refresh()
    assert not window.isVisible()
    assert any("suspended" in text for text in notifications())


def test_main_window_shows_who_is_logged_in(qtbot, ctx, admin, make_user):
    # REQ: SEC-2
    desk = make_user("desk.health", Role.DESK_OFFICER, "HEALTH", "Hana Nurse")
    window = MainWindow(UiSession(ctx, desk))
    qtbot.addWidget(window)
    text = window.user_label.text()
    assert "Hana Nurse" in text and "Desk officer" in text
    assert "Agency: Health" in text and "HEALTH" not in text  # the agency's name, not its code
    titles = [window.nav.item(n).text() for n in range(window.nav.count())]
    assert "Audit trail" not in titles and "Administration" not in titles  # desk officer
    admin_window = MainWindow(UiSession(ctx, admin))
    qtbot.addWidget(admin_window)
    titles = [admin_window.nav.item(n).text() for n in range(admin_window.nav.count())]
    assert "Audit trail" in titles and "Administration" in titles
