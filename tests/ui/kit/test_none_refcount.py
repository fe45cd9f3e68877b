"""Painting and reading the item models must not drain ``None``'s reference count.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` every time C++ calls a Python
``data()`` override that returns ``None`` (a view painting, ``QModelIndex.data()``). A queue
repaint costs about 20, so a shift of repaints takes the count to zero and the interpreter
aborts ("deallocating None"), losing whatever the officer was typing. pyproject.toml keeps
the app off that release; this test is the proof, and it fails on the broken binding.

Every item view the app builds (every area of every role's main window, a contact with its
earlier-record matches, agency research, a strategy discussion) is exercised over a real
encrypted store with demo rows: ``QModelIndex.data()`` from the C++ side for every role a
view or screen reader asks, then forced repaints of the shown view and its headers.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

import ui
from mash_desktop.demo import DEMO_PASSWORD, fill_demo_data
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.store import passwords as stored_passwords
from ui.contacts.queue_model import ROW_ID_ROLE
from ui.kit.qt import Qt, QtCore, QtWidgets, is_alive
from ui.kit.session import UiSession
from ui.kit.table_model import ROW_ROLE, SORT_ROLE
from ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None is immortal on Python 3.12+ (PEP 683): its reference count never changes, "
    "so the binding cannot drain it and sys.getrefcount cannot show the bug",
)

R = Qt.ItemDataRole
# What QStyledItemDelegate, QHeaderView, tooltips, "What's this" and screen readers ask,
# plus the app's own roles (row id, sort key, the row itself).
ROLES = (
    R.DisplayRole,
    R.DecorationRole,
    R.EditRole,
    R.ToolTipRole,
    R.StatusTipRole,
    R.WhatsThisRole,
    R.FontRole,
    R.TextAlignmentRole,
    R.BackgroundRole,
    R.ForegroundRole,
    R.CheckStateRole,
    R.AccessibleTextRole,
    R.AccessibleDescriptionRole,
    R.SizeHintRole,
    ROW_ID_ROLE,
    SORT_ROLE,
    ROW_ROLE,
)
MIN_NONE_CALLS_PER_VIEW = 1_000  # None-returning data() calls per view that has rows
REPAINTS = 5
# Nothing here should lower the count (6.11.3: exactly 0 for every view); allow a few
# references going with objects Qt frees meanwhile. The broken binding drops thousands.
SLACK = 5


def item_model_classes() -> set[type]:
    """Every item model class defined under ui/ (a new one is covered or this test fails)."""
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found: set[type] = set()
    todo = [QtCore.QAbstractItemModel]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] == "ui":
                found.add(sub)
    return found


def python_source(model: QtCore.QAbstractItemModel) -> QtCore.QAbstractItemModel:
    while isinstance(model, QtCore.QAbstractProxyModel):
        model = model.sourceModel()
    return model


def app_views() -> list[QtWidgets.QAbstractItemView]:
    """Item views (not headers) whose rows come from a Python data() override."""
    return list(_app_views())


def _app_views() -> Iterator[QtWidgets.QAbstractItemView]:
    for top in QtWidgets.QApplication.topLevelWidgets():
        if not is_alive(top):
            continue
        for view in top.findChildren(QtWidgets.QAbstractItemView):
            if isinstance(view, QtWidgets.QHeaderView) or view.model() is None:
                continue
            if type(python_source(view.model())).__module__.split(".")[0] == "ui":
                yield view


def reveal(widget: QtWidgets.QWidget) -> None:
    """Bring the widget's page forward in every stacked widget or tab above it, then show."""
    child: QtWidgets.QWidget = widget
    parent = child.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QStackedWidget):
            parent.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()
    child.show()
    QtWidgets.QApplication.processEvents()


def drain_of(view: QtWidgets.QAbstractItemView) -> tuple[int, int]:
    """(how far None's count fell, how many C++-side data() calls returned None)."""
    model = view.model()
    indexes = [
        model.index(r, c)
        for r in range(min(model.rowCount(), 25))
        for c in range(model.columnCount())
    ]
    reveal(view)
    gc.collect()
    before = sys.getrefcount(None)
    nones = 0
    if indexes:
        while nones < MIN_NONE_CALLS_PER_VIEW:
            for index in indexes:
                for role in ROLES:
                    if index.data(role) is None:
                        nones += 1
    for _ in range(REPAINTS):
        view.viewport().repaint()
        if isinstance(view, QtWidgets.QTableView):
            view.horizontalHeader().viewport().repaint()
    gc.collect()
    return before - sys.getrefcount(None), nones


def open_everything(ctx: AppContext) -> list[MainWindow]:
    """Each role's main window with every area built, plus the app's dialogs with tables."""
    accounts = AccountService(ctx)
    windows = []
    # A desk officer and a MASH manager between them see every area but administration.
    for username in ("desk.police", "mash.manager", "admin"):
        window = MainWindow(UiSession(ctx, accounts.login(username, DEMO_PASSWORD)), 60)
        window.show()
        for area in window.areas if username != "admin" else ():
            window.area_widget(area.key)
        windows.append(window)
    windows[2].area_widget("admin")
    desk, manager = windows[0], windows[1]
    queue = desk.area_widget("queue")
    for row in range(queue.model.rowCount()):  # a contact with earlier records about the child
        dialog = queue.open_contact(queue.model.row_at(row).id)
        if dialog.matches.rowCount():
            dialog.open_research()
            break
        dialog.close()
    research = desk.area_widget("research")
    research.open_contact(research.model.row_at(0).contact_id)
    strategy = manager.area_widget("strategy")
    strategy.open_discussion(strategy.discussions.row_at(0).id)
    QtWidgets.QApplication.processEvents()
    QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    return windows


def test_item_models_keep_none_alive_through_reads_and_repaints(qtbot, ctx, monkeypatch):
    # Password hashing at test strength: it only speeds up the demo users' creation.
    monkeypatch.setattr(stored_passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64))
    fill_demo_data(ctx, contacts=40)
    windows = open_everything(ctx)
    for window in windows:
        qtbot.addWidget(window)

    gc.collect()
    gc.freeze()  # what exists now is never collected: each view's gc.collect() stays cheap
    drained: list[str] = []
    exercised: set[type] = set()
    none_calls = 0
    seen: set[tuple[str, type]] = set()
    for view in app_views():
        model = view.model()
        kind = (view.objectName(), type(python_source(model)))
        if kind in seen:  # the same table in another role's window
            continue
        seen.add(kind)
        drop, nones = drain_of(view)
        none_calls += nones
        exercised.update({type(model), type(python_source(model))})
        if drop > SLACK:
            drained.append(
                f"{view.objectName() or type(view).__name__} over "
                f"{type(python_source(model)).__name__} ({model.rowCount()} rows): None lost "
                f"{drop} references in {nones} data() calls returning None and {REPAINTS} repaints"
            )
    gc.unfreeze()
    for window in windows:
        window.close()

    assert not drained, "\n".join(drained)
    assert item_model_classes() <= exercised  # every model class in ui/ was exercised
    assert QtCore.QSortFilterProxyModel in exercised  # C++ proxy calling the Python source
    assert none_calls >= 10 * MIN_NONE_CALLS_PER_VIEW  # enough calls to show the bug
