"""The main window: navigation between areas, status bar, lock (Ctrl+L) and log-out."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.errors import AccountUnusable, MashError
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.settings import SettingsService
from ui.areas import areas_for
from ui.copies.print_watch import PrintWatch
from ui.idle import IdleWatcher
from ui.kit.agency_words import agency_words
from ui.kit.everywhere_key import EverywhereKey
from ui.kit.leaving import ask_before_leaving, close_dialogs
from ui.kit.messages import notify
from ui.kit.qt import QtCore, QtGui, QtWidgets, Signal
from ui.kit.screen import fit_to_screen
from ui.kit.session import UiSession
from ui.kit.tab_order import tab_after
from ui.lock_screen import LockScreen

WORK_PAGE, LOCK_PAGE = 0, 1


class MainWindow(QtWidgets.QMainWindow):
    logged_out = Signal(str)  # reason

    def __init__(self, session: UiSession, idle_minutes: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.actor = session.actor
        self.accounts = AccountService(session.ctx)
        self._closing_reason: str | None = None
        self.setWindowTitle("MASH Desktop - OFFICIAL-SENSITIVE")
        fit_to_screen(self, 1280, 800)

        self.nav = QtWidgets.QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Areas")
        self.nav.setMaximumWidth(220)
        self.pages = QtWidgets.QStackedWidget()
        self.areas = areas_for(self.actor.role)
        self._built: dict[int, QtWidgets.QWidget] = {}
        for n, area in enumerate(self.areas):
            item = QtWidgets.QListWidgetItem(area.title)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, area.key)
            self.nav.addItem(item)
            holder = QtWidgets.QWidget()
            QtWidgets.QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.pages.addWidget(holder)
            if n < 9:
                shortcut = QtGui.QShortcut(QtGui.QKeySequence(f"Alt+{n + 1}"), self)
                shortcut.activated.connect(lambda n=n: self.nav.setCurrentRow(n))
        self.nav.currentRowChanged.connect(self._show_area)
        self.nav.setMaximumWidth(max(220, self.nav.sizeHintForColumn(0) + 32))
        self.nav.setMinimumWidth(self.nav.sizeHintForColumn(0) + 32)

        work = QtWidgets.QSplitter()
        work.addWidget(self.nav)
        work.addWidget(self.pages)
        work.setStretchFactor(1, 1)
        self.lock_screen = LockScreen()
        self.lock_screen.unlock_requested.connect(self._try_unlock)
        self.lock_screen.logout_requested.connect(lambda: self.logout("logged out"))
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(work)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)

        self._build_menu()
        self._build_status_bar()
        self.session.ended.connect(self._forced_logout)

        if idle_minutes is None:
            idle_minutes = int(SettingsService(session.ctx).get(self.actor, "idle_lock_minutes"))
        self.idle = IdleWatcher(max(1, idle_minutes) * 60_000, self)
        self.idle.idle.connect(lambda: self.lock("idle for too long"))
        self.idle.start()
        if self.areas:
            self.nav.setCurrentRow(0)

    # --- building -------------------------------------------------------------------------
    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&Session")
        self.lock_action = QtGui.QAction("&Lock", self)
        self.lock_action.setShortcut(QtGui.QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(lambda: self.lock("locked by you"))
        EverywhereKey(self, "Ctrl+L", lambda: self.lock("locked by you"))  # modal dialogs too
        menu.addAction(self.lock_action)
        change = QtGui.QAction("Change my &password...", self)
        change.triggered.connect(self.change_password)
        menu.addAction(change)
        logout = QtGui.QAction("Log &out", self)
        logout.triggered.connect(lambda: self.logout("logged out"))
        menu.addAction(logout)
        help_menu = self.menuBar().addMenu("&Help")
        about = QtGui.QAction("&About MASH Desktop", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def change_password(self) -> QtWidgets.QDialog:
        from ui.admin.change_password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.session.ctx, self.actor, self)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage("Your password is changed.", 10_000)
        )
        dialog.open()
        return dialog

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        a = self.actor
        self.user_label = QtWidgets.QLabel(
            f"User: {a.full_name} ({a.username})  |  Agency: {agency_words(a.agency_code)}  |  Role: {a.role.label}"
        )
        self.user_label.setObjectName("statusUser")
        bar.addWidget(self.user_label, 1)
        self.print_label = QtWidgets.QLabel()
        bar.addWidget(self.print_label)
        self.print_watch = PrintWatch(self.session, self.print_label, parent=self)
        QtCore.QTimer.singleShot(0, self.print_watch.check)
        marking = QtWidgets.QLabel("OFFICIAL-SENSITIVE")
        marking.setObjectName("marking")
        bar.addPermanentWidget(marking)
        self.lock_button = QtWidgets.QPushButton("Lock (Ctrl+L)")
        self.lock_button.setObjectName("lockButton")
        self.lock_button.clicked.connect(lambda: self.lock("locked by you"))
        bar.addPermanentWidget(self.lock_button)

    def _show_area(self, row: int) -> None:
        if row < 0:
            return
        if row not in self._built:
            holder = self.pages.widget(row)
            layout = holder.layout() if holder is not None else None
            assert layout is not None  # every page is made with a layout in __init__
            widget = self.areas[row].factory(self.session)
            layout.addWidget(widget)
            self._built[row] = widget
            tab_after(self, self.lock_button)  # the status bar's button comes last (issue 13)
        self.pages.setCurrentIndex(row)

    def area_widget(self, key: str) -> QtWidgets.QWidget:
        """The built widget of an area (built on first use); tests and deep links use this."""
        for n, area in enumerate(self.areas):
            if area.key == key:
                self.nav.setCurrentRow(n)
                self._show_area(n)
                return self._built[n]
        raise KeyError(key)

    # --- locking ----------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.stack.currentIndex() == LOCK_PAGE

    def lock(self, reason: str) -> None:
        if self.is_locked:
            return
        self.idle.pause()
        for dialog in self.findChildren(QtWidgets.QDialog):
            if dialog.isVisible():
                dialog.hide()
                dialog.setProperty("hiddenByLock", True)
        self.stack.setCurrentIndex(LOCK_PAGE)
        self.lock_screen.show_for(self.actor.full_name, reason)
        try:
            self.accounts.lock_session(self.actor, reason)
        except AccountUnusable as exc:
            self._forced_logout(str(exc))

    def _try_unlock(self, password: str) -> None:
        try:
            self.accounts.unlock_session(self.actor, password)
        except AccountUnusable as exc:  # suspended, locked, removed: the session ends
            self._forced_logout(str(exc))
            return
        except MashError as exc:
            self.lock_screen.show_error(str(exc))
            return
        self.stack.setCurrentIndex(WORK_PAGE)
        for dialog in self.findChildren(QtWidgets.QDialog):
            if dialog.property("hiddenByLock"):
                dialog.setProperty("hiddenByLock", False)
                dialog.show()
        self.idle.resume()

    # --- ending ---------------------------------------------------------------------------
    def logout(self, reason: str) -> None:
        """Log out; a form on screen with unsaved changes is asked about first, as Escape asks,
        and Keep editing keeps the session (SEC-9)."""
        if self._closing_reason is not None:
            return
        if ask_before_leaving(self, lambda: self.logout(reason)):
            return  # goes on once every form is saved or discarded
        with contextlib.suppress(MashError):  # suspended or withdrawn: it ends anyway
            self.accounts.logout(self.actor)
        self._end(reason)

    def _forced_logout(self, reason: str) -> None:
        self._end(reason)
        notify(None, "Session ended", reason)

    def _end(self, reason: str) -> None:
        if self._closing_reason is not None:
            return
        self._closing_reason = reason
        self.idle.stop()
        self.print_watch.stop()
        # Nothing with a child's details stays on screen; forms with a draft store keep their
        # typing as an encrypted draft as they close (SEC-9), then the session acts no more.
        close_dialogs(self)
        self.session.end()
        self.close()
        self.logged_out.emit(reason)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._closing_reason is None:
            self.logout("window closed")  # asks first about unsaved changes
        if self._closing_reason is None:  # asked: the window stays until every form is answered
            event.ignore()
            return
        self.print_watch.stop()  # a closed window asks the spooler and the store nothing more
        event.accept()

    def _about(self) -> None:
        from mash_desktop import __version__

        QtWidgets.QMessageBox.about(
            self,
            "About MASH Desktop",
            f"MASH Desktop {__version__}\n{self.session.ctx.store.describe()}",
        )
