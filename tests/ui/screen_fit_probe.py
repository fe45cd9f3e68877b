"""Run in its own process by test_screen_fit.py, on an offscreen screen of a given size and
scale: opens every area (four roles that together see all), the lock screen and every dialog
of tests/ui/catalogue.py over a real encrypted store and prints, one per
line, each window whose frame, or each button outside a scrolling area whose rectangle, is not
inside the screen's available area. Prints "checked N" at the end.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python -m tests.ui.screen_fit_probe DIR
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from mash_desktop.domain.clock import FixedClock
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.personas import TEST_PASSWORD as PASSWORD
from tests.ui.catalogue import NOT_FITTED, build_world, dialogs, every_dialog_class, other_dialogs
from ui.areas import all_areas
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import UiSession


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
    world = build_world(ctx, admin)

    from ui.main_window import MainWindow

    problems: list[str] = []
    checked = 0
    roles_seen: set[str] = set()
    for actor in (admin, world.hub.manager, world.chair, world.hub.health):
        window = MainWindow(UiSession(ctx, actor), idle_minutes=60)
        _shown(window)
        for area in window.areas:
            window.area_widget(area.key)
            roles_seen.add(area.key)
            problems += _outside(f"{area.title} ({actor.role.label})", _shown(window))
            checked += 1
        window.lock("probe")
        problems += _outside("Lock screen", _shown(window))
        window.hide()
    problems += [f"area never opened: {a.title}" for a in all_areas() if a.key not in roles_seen]
    parent = MainWindow(UiSession(ctx, world.chair), idle_minutes=60)
    _shown(parent)
    opened: set[str] = set()
    for cls, name, make in [*dialogs(world, parent), *other_dialogs(world, parent)]:
        problems += _outside(name, _shown(make()))
        opened.add(cls)
        checked += 1
    missing = set(every_dialog_class()) - opened - set(NOT_FITTED)
    problems += [f"dialog not opened here (add it to tests/ui/catalogue.py): {m}" for m in missing]
    for line in problems:
        print(line)
    print(f"checked {checked}")
    store.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
