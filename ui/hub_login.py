"""Logging in on a hub: the user's own account opens the connection (its login role), so
the store exists only after the log-in; logging out closes it."""

from __future__ import annotations

from typing import Any

from mash_desktop.bootstrap import open_hub_context
from mash_desktop.domain.errors import MashError
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.screen import make_room
from ui.kit.session import UiSession
from ui.login import LoginDialog
from ui.main_window import MainWindow


class HubLoginDialog(LoginDialog):
    """The usual log-in form; accepting it connects to the hub as that account."""

    def __init__(self, location: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(None, parent)  # no store before log-in
        self.location = location
        self.setWindowTitle(f"MASH Desktop - log in to the hub {location.host}")

    def try_login(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        ctx: AppContext | None = None
        try:
            ctx = open_hub_context(self.location, username, password)
            self.actor = AccountService(ctx).login(username, password)
        except MashError as exc:
            if ctx is not None:
                ctx.store.close()
            self.error.setText(str(exc))
            self.error.setVisible(True)
            make_room(self)  # the whole message shows, however long
            self.password.clear()
            self.password.setFocus()
            return
        self.ctx = ctx
        self.password.clear()
        self.accept()


class HubAppController(QtCore.QObject):
    """Log-in (connect) -> main window -> log out (disconnect) -> log-in, until quit."""

    def __init__(self, location: Any) -> None:
        super().__init__()
        self.location = location
        self.window: MainWindow | None = None
        self.session: UiSession | None = None

    def start(self) -> bool:
        return self.show_login()

    def show_login(self) -> bool:
        dialog = HubLoginDialog(self.location)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted or dialog.actor is None:
            QtWidgets.QApplication.quit()
            return False
        assert dialog.ctx is not None  # connected: accepted only after logging in
        self.session = UiSession(dialog.ctx, dialog.actor)
        self.session.changes()  # listen from the start: every area refreshes on others' changes
        self.window = MainWindow(self.session)
        self.window.logged_out.connect(self._after_logout)
        self.window.show()
        return True

    def close(self) -> None:
        if self.session is not None:
            self.session.close_changes()
            self.session.ctx.store.close()
            self.session = None

    def _after_logout(self, reason: str) -> None:
        self.close()
        if reason == "window closed":
            QtWidgets.QApplication.quit()
            return
        QtCore.QTimer.singleShot(0, self.show_login)
