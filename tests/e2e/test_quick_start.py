"""Quick from the first second (issue 13; SEC-2 log-in): the login dialog shows while a
passphrase store is still opening (its key derivation) on a worker thread, and pressing Log in
waits for it, then opens the main window. A store that cannot be opened says why."""

from __future__ import annotations

import threading

from mash_desktop import bootstrap
from mash_desktop.bootstrap import open_context
from mash_desktop.services.accounts import AccountService
from tests.helpers.personas import TEST_PASSWORD
from ui.app import AppController
from ui.kit.qt import Qt, QtCore, QtWidgets
from ui.login import LoginDialog
from ui.store_opening import StoreOpening

PASSPHRASE = "quick-start-passphrase-1"


def _store_with_admin(path) -> None:
    ctx = open_context(path, passphrase=PASSPHRASE, create=True)
    AccountService(ctx).create_first_administrator("admin", "Ada Admin", TEST_PASSWORD)
    ctx.store.close()


def _visible(kind):
    for widget in QtWidgets.QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


def test_sec2_login_dialog_shows_while_the_store_opens_on_a_worker(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "mash.db"
    _store_with_admin(path)
    may_finish = threading.Event()
    opened_on: list[str] = []
    real_open = bootstrap.open_context

    def slow_open(*args, **kwargs):  # a slow key derivation, held until the test says
        opened_on.append(threading.current_thread().name)
        assert may_finish.wait(30)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(bootstrap, "open_context", slow_open)
    controller = AppController(None, StoreOpening(path, passphrase=PASSPHRASE))
    seen: dict[str, object] = {}

    def type_when_shown() -> None:
        dialog = _visible(LoginDialog)
        if dialog is None:
            QtCore.QTimer.singleShot(20, type_when_shown)
            return
        seen["opening while shown"] = not controller.opening.done.is_set()
        qtbot.keyClicks(dialog.username, "admin")
        qtbot.keyClicks(dialog.password, TEST_PASSWORD)
        threading.Timer(0.3, may_finish.set).start()  # the store opens while Log in waits
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QtCore.QTimer.singleShot(0, type_when_shown)
    try:
        assert controller.start()
        window = controller.window
        assert window is not None and window.isVisible()
        qtbot.addWidget(window)
        assert "Ada Admin" in window.user_label.text()
        assert seen["opening while shown"] is True
        assert opened_on == ["store-opening"]
        window.close()
    finally:
        may_finish.set()
        controller.close()


def test_sec2_a_store_that_cannot_be_opened_says_why_from_the_login_dialog(qtbot, tmp_path):
    path = tmp_path / "mash.db"
    _store_with_admin(path)
    controller = AppController(None, StoreOpening(path, passphrase="not-the-passphrase-9"))
    said: list[str] = []

    def answer() -> None:
        box = _visible(QtWidgets.QMessageBox)
        if box is None:
            QtCore.QTimer.singleShot(20, answer)
            return
        said.append(box.text())
        box.accept()

    QtCore.QTimer.singleShot(0, answer)
    try:
        assert controller.start() is False
    finally:
        controller.close()
    assert said and "key is wrong" in said[0]
    assert controller.window is None
