"""Run in its own process by test_screen_fit.py, on an offscreen screen of a given size and
scale: opens every area and the main dialogs over a real encrypted store and prints, one per
line, each window whose frame, or each button outside a scrolling area whose rectangle, is not
inside the screen's available area. Prints "checked N" at the end.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python -m tests.ui.screen_fit_probe DIR
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.service import StrategyService
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.strategy import make_contact
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import UiSession

PASSWORD = "probe-words-kettle-1"


def _outside(name: str, window: QtWidgets.QWidget) -> list[str]:
    area = window.screen().availableGeometry()
    problems = []
    frame = window.frameGeometry()
    if not area.contains(frame):
        problems.append(f"{name}: window {frame.getRect()} not inside screen {area.getRect()}")
    for button in window.findChildren(QtWidgets.QAbstractButton):
        if not button.isVisible() or button.window() is not window:
            continue
        parent = button.parentWidget()
        scrolled = False
        while parent is not None and parent is not window:
            if isinstance(parent, QtWidgets.QAbstractScrollArea):
                scrolled = True  # reached by scrolling the content: allowed off screen
            parent = parent.parentWidget()
        if scrolled:
            continue
        rect = QtCore.QRect(button.mapToGlobal(QtCore.QPoint(0, 0)), button.size())
        if not area.contains(rect):
            problems.append(f"{name}: button '{button.text()}' at {rect.getRect()} off screen")
    return problems


def _shown(window: QtWidgets.QWidget) -> QtWidgets.QWidget:
    window.show()
    for _ in range(5):
        QtWidgets.QApplication.processEvents()
    return window


def main(folder: Path) -> int:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    clock = FixedClock(datetime(2026, 11, 24, 9, 30, tzinfo=UTC))
    store = open_store(folder / "fit.db", KeyMaterial.raw("ab" * 32), create=True)
    ctx = AppContext(store, clock)
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Ada Admin", PASSWORD)
    admin = accounts.login("admin", PASSWORD)

    def user(name: str, role: Role, agency: str) -> Actor:
        accounts.create_user(admin, name, name.title(), PASSWORD, agency, role)
        return accounts.login(name, PASSWORD)

    manager = user("mash.manager", Role.MASH_MANAGER, "LA-DORSET")
    chair = user("la.manager", Role.LA_MANAGER, "LA-DORSET")
    contact_id = make_contact(ctx, chair)
    discussion = StrategyService(ctx).request(chair, contact_id, "Bruising at nursery")

    from ui.admin.change_password import ChangePasswordDialog
    from ui.contacts.amend_dialog import AmendContactDialog
    from ui.contacts.chronology_view import ChronologyDialog
    from ui.contacts.contact_view import ContactDialog
    from ui.contacts.intake_dialog import IntakeDialog
    from ui.contacts.person_search import PersonSearchDialog
    from ui.contacts.read_only_view import ReadOnlyContactDialog
    from ui.login import LoginDialog
    from ui.main_window import MainWindow
    from ui.strategy.dialog import StrategyDiscussionDialog
    from ui.strategy.request import NewRequestDialog

    problems: list[str] = []
    checked = 0
    for actor in (admin, manager, chair):
        window = MainWindow(UiSession(ctx, actor), idle_minutes=60)
        _shown(window)
        for area in window.areas:
            window.area_widget(area.key)
            problems += _outside(f"{area.title} ({actor.role.label})", _shown(window))
            checked += 1
        window.lock("probe")
        problems += _outside("Lock screen", _shown(window))
        window.hide()
    session = UiSession(ctx, chair)
    parent = MainWindow(session, idle_minutes=60)
    _shown(parent)
    contact = ContactDialog(session, contact_id, parent)
    dialogs: list[tuple[str, Callable[[], QtWidgets.QWidget]]] = [
        ("Log in", lambda: LoginDialog(ctx)),
        ("New contact", lambda: IntakeDialog(session, parent)),
        ("Contact", lambda: contact),
        ("Correct contact", lambda: AmendContactDialog(session, contact.detail, contact)),
        ("Agency research", contact.open_research),
        ("Strategy discussion", lambda: StrategyDiscussionDialog(session, discussion.id, parent)),
        ("Strategy request", lambda: NewRequestDialog(session, "C-2026-0001", parent)),
        ("Change my password", lambda: ChangePasswordDialog(ctx, chair, parent)),
        ("Find a person", lambda: PersonSearchDialog(session, parent, name="Maisie Thornbury")),
        ("Earlier contact (read only)", lambda: ReadOnlyContactDialog(session, contact_id, parent)),
        ("Chronology", lambda: ChronologyDialog(session, contact.detail.children[0].id, parent)),
    ]
    for name, make in dialogs:
        problems += _outside(name, _shown(make()))
        checked += 1
    for line in problems:
        print(line)
    print(f"checked {checked}")
    store.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
