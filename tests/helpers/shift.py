"""A shift as a person lives it, for UI tests: the main window at 1366x768, Ctrl+L to lock,
the password typed into the lock screen to unlock, the app closed and started again over the
same encrypted store, a row opened from a table with the keyboard or a double click."""

from __future__ import annotations

from typing import Any

from mash_desktop.services.context import Actor, AppContext
from tests.helpers.personas import TEST_PASSWORD
from ui.kit.qt import Qt, QtCore, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow


def main_window(qtbot: Any, ctx: AppContext, actor: Actor) -> MainWindow:
    window = MainWindow(UiSession(ctx, actor), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def lock_with_keys(qtbot: Any, window: MainWindow) -> None:
    """Ctrl+L from wherever the focus is (a dialog included), as a person leaving the desk."""
    focus = QtWidgets.QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.is_locked)


def lock_by_walking_away(qtbot: Any, window: MainWindow) -> None:
    """The idle lock, for real: no key or mouse for the (shortened) idle time, then locked.
    The idle time goes back to an hour once locked, so the test's own pauses never lock."""
    window.idle.set_timeout_ms(300)
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    window.idle.set_timeout_ms(60 * 60_000)


def unlock_with_keys(qtbot: Any, window: MainWindow, password: str = TEST_PASSWORD) -> None:
    field = window.lock_screen.password
    field.setFocus()
    qtbot.keyClicks(field, password)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked)


def restart(
    request: Any, ctx: AppContext, window: MainWindow, crashed: bool = False
) -> tuple[AppContext, Actor]:
    """The app closed (the window, then the store) and started again over the same store with
    the key from the keyring, the same person logging in: nothing survives in memory, only
    what the store holds. ``crashed``: the app dies instead of closing (no question asked,
    no form closed), as when it is killed."""
    from mash_desktop.services.accounts import AccountService
    from mash_desktop.store.engine import Store, open_store
    from mash_desktop.store.keys import load_keyring_key

    if crashed:  # killed, or the power cut: nothing more runs, nobody is asked anything
        window.idle.stop()
        window.session.end()
    else:
        window.close()
    store = ctx.store
    assert isinstance(store, Store)
    store.close()
    again = open_store(store.path, load_keyring_key(store.path, create=False))
    request.addfinalizer(again.close)
    restarted = AppContext(store=again, clock=ctx.clock)
    return restarted, AccountService(restarted).login(window.actor.username, TEST_PASSWORD)


def store_bytes(ctx: AppContext) -> bytes:
    """Every file of the local store (database, journal, WAL), as they lie on the disk."""
    store: Any = ctx.store
    return b"".join(p.read_bytes() for p in sorted(store.path.parent.glob("mash.db*")))


def open_row(qtbot: Any, table: QtWidgets.QTableView, row: int, double_click: bool) -> None:
    """Select ``row`` and open it: Return on the table, or a double click on the row."""
    index = table.model().index(row, 0)
    table.setFocus()
    table.setCurrentIndex(index)
    if double_click:
        centre = table.visualRect(index).center()
        # QTest's double click alone leaves the view without the press it pairs with.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    else:
        qtbot.keyClick(table, Qt.Key.Key_Return)


def open_contact_from_queue(qtbot: Any, window: MainWindow, contact_id: int) -> Any:
    """The contact's row selected in the queue and opened with Return; its dialog, shown."""
    from ui.contacts.contact_view import ContactDialog

    queue: Any = window.area_widget("queue")
    qtbot.waitUntil(lambda: queue.model.rowCount() >= 1)
    row = next(n for n in range(queue.model.rowCount()) if queue.model.row_at(n).id == contact_id)
    open_row(qtbot, queue.table, row, double_click=False)
    dialog = queue.findChild(ContactDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def when_modal(kind: type, act: Any) -> None:
    """Act on the next modal window of ``kind`` once it is up and its exec() loop runs (the
    key or click that opens it blocks until it closes, so the acting is queued first)."""

    def poll() -> None:
        widget = QtWidgets.QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            act(widget)
        else:
            QtCore.QTimer.singleShot(20, poll)

    QtCore.QTimer.singleShot(20, poll)


def type_keys(qtbot: Any, text: str) -> None:
    """Type ``text`` a key at a time into whatever has the focus (a grid's editor included)."""
    for char in text:
        qtbot.keyClicks(QtWidgets.QApplication.focusWidget(), char)


def add_household_member(qtbot: Any, dialog: Any, values: tuple[str, ...]) -> None:
    """Click "Add household member" in the intake or correction dialog and type the row,
    Enter after each cell moving to the next (it never saves the form)."""
    add = next(b for b in dialog.findChildren(QtWidgets.QPushButton) if "household" in b.text())
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    table = dialog.household_table
    table.setFocus()
    table.setCurrentCell(table.rowCount() - 1, 0)
    for column, value in enumerate(values):
        type_keys(qtbot, value)
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), Qt.Key.Key_Return)
        if column < len(values) - 1:
            qtbot.waitUntil(
                lambda c=column: (
                    table.currentColumn() == c + 1 and table.state() == table.State.EditingState
                )
            )
