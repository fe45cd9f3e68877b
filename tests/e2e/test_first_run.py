"""The app as a user meets it: first run creates the administrator, then log in, lock, log
out and log in again, through the real dialogs and the real controller."""

from __future__ import annotations

from ui.app import AppController
from ui.kit.qt import QtCore, QtWidgets
from ui.login import FirstAdministratorDialog, LoginDialog

PASSWORD = "first-run-password"


def active_dialog(kind):
    for widget in QtWidgets.QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


def answer_later(qtbot, kind, fill) -> None:
    """Fill and accept a modal dialog once it shows (the controller runs dialog.exec())."""

    def attempt() -> None:
        dialog = active_dialog(kind)
        if dialog is None:
            QtCore.QTimer.singleShot(20, attempt)
            return
        fill(dialog)

    QtCore.QTimer.singleShot(0, attempt)


def test_first_run_then_login_then_logout(qtbot, ctx):
    # REQ: SEC-2
    def first(dialog: FirstAdministratorDialog) -> None:
        dialog.full_name.setText("Synthetic Administrator")
        dialog.password.setText(PASSWORD)
        dialog.again.setText(PASSWORD)
        dialog.create()

    def login(dialog: LoginDialog) -> None:
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)
        dialog.try_login()

    answer_later(
        qtbot,
        FirstAdministratorDialog,
        lambda d: (first(d), answer_later(qtbot, LoginDialog, login)),
    )
    controller = AppController(ctx)
    assert controller.start()
    window = controller.window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    assert "Synthetic Administrator" in window.user_label.text()

    window.lock("locked by you")
    assert window.is_locked
    answer_later(qtbot, LoginDialog, login)
    window.logout("logged out")
    qtbot.waitUntil(lambda: controller.window is not window, timeout=5000)
    assert controller.window is not None and controller.window.isVisible()
    qtbot.addWidget(controller.window)
    controller.window.close()
