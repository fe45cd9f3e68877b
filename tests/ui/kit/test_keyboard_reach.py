"""Issue 13: every actionable control has a name a screen reader reads out and is reached by
Tab. Opens every main area (with roles that together see them all) and every dialog of the
catalogue (tests/ui/catalogue.py; a dialog class missing there fails the Escape test), presses
Tab with real key events and checks that focus reaches each enabled button and field, and
that each has an accessible name (Qt's accessibility interface, which reads a button's text
and a field's buddy label) or a visible buddy label."""

from __future__ import annotations

import pytest

from mash_desktop.domain.roles import Role
from tests.ui.catalogue import World, build_world, dialogs
from ui.areas import all_areas
from ui.kit.qt import Qt, QtGui, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow

CONTROLS = (
    QtWidgets.QAbstractButton,
    QtWidgets.QLineEdit,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QComboBox,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QTextEdit,
    QtWidgets.QAbstractItemView,
)


@pytest.fixture
def world(ctx, admin) -> World:
    return build_world(ctx, admin)


def _inside(widget: QtWidgets.QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def _controls(window: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """What a keyboard user must reach: visible, enabled, takes Tab focus."""
    found = []
    for w in window.findChildren(QtWidgets.QWidget):
        if not isinstance(w, CONTROLS) or w.window() is not window:
            continue
        if not (w.isVisible() and w.isEnabled()):
            continue
        if not w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        # parts of another control: a spin box's or combo's own line edit, an item editor
        if _inside(w, (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)):
            continue
        if _inside(w, (QtWidgets.QAbstractItemView,)) and not isinstance(
            w.parentWidget(), QtWidgets.QScrollArea
        ):
            continue
        found.append(w)
    return found


def _owner(widget: QtWidgets.QWidget | None) -> QtWidgets.QWidget | None:
    while widget is not None and _inside(widget, (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)):
        widget = widget.parentWidget()
    return widget


def _name(widget: QtWidgets.QWidget) -> str:
    face = QtGui.QAccessible.queryAccessibleInterface(widget)
    name = face.text(QtGui.QAccessible.Text.Name).strip() if face is not None else ""
    if name:
        return name
    for label in widget.window().findChildren(QtWidgets.QLabel):
        if label.buddy() is widget and label.isVisible() and label.text().strip():
            return label.text()
    return ""


def _reached_by_tab(qtbot, window: QtWidgets.QWidget, presses: int) -> set[int]:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    reached: set[int] = set()
    for _ in range(presses):
        focus = QtWidgets.QApplication.focusWidget()
        if focus is None or focus.window() is not window:
            focus = window
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        owner = _owner(QtWidgets.QApplication.focusWidget())
        if owner is not None:
            reached.add(id(owner))
    return reached


def _radio_group_reached(widget: QtWidgets.QWidget, reached: set[int]) -> bool:
    """Tab reaches one radio button of a group; the arrow keys move within it."""
    if not isinstance(widget, QtWidgets.QRadioButton) or not widget.autoExclusive():
        return False
    parent = widget.parentWidget()
    group = [
        b
        for b in (parent.findChildren(QtWidgets.QRadioButton) if parent is not None else [])
        if b.parentWidget() is parent
    ]
    return any(id(b) in reached for b in group)


def _problems(qtbot, where: str, window: QtWidgets.QWidget) -> list[str]:  # type: ignore[no-untyped-def]
    """Every page of every tab widget in the window, each checked as it shows."""
    problems = _page_problems(qtbot, where, window)
    for tabs in window.findChildren(QtWidgets.QTabWidget):
        for n in range(tabs.count()):
            if tabs.isVisible() and tabs.isTabEnabled(n):
                tabs.setCurrentIndex(n)
                qtbot.wait(10)
                page = f"{where}, tab {tabs.tabText(n).replace('&', '')!r}"
                problems += _page_problems(qtbot, page, window)
    return list(dict.fromkeys(problems))


def _page_problems(qtbot, where: str, window: QtWidgets.QWidget) -> list[str]:  # type: ignore[no-untyped-def]
    controls = _controls(window)
    assert controls, f"{where}: nothing to reach?"
    for table in window.findChildren(QtWidgets.QAbstractItemView):
        table.setTabKeyNavigation(False)  # one Tab leaves a table; arrows move inside it
    reached = _reached_by_tab(qtbot, window, 2 * len(controls) + 10)
    problems = []
    for w in controls:
        label = _name(w) or "(no name)"
        if id(w) not in reached and not _radio_group_reached(w, reached):
            problems.append(f"{where}: Tab never reaches {type(w).__name__} {label!r}")
        if label == "(no name)":
            hint = w.objectName() or getattr(w, "placeholderText", lambda: "")()
            problems.append(f"{where}: {type(w).__name__} {hint!r} has no accessible name")
    return problems


def test_the_roles_used_here_see_every_area() -> None:
    seen = {a.key for role in ROLES for a in all_areas() if a.roles is None or role in a.roles}
    assert seen == {a.key for a in all_areas()}


ROLES = (Role.ADMINISTRATOR, Role.MASH_MANAGER, Role.LA_MANAGER, Role.DESK_OFFICER)


def test_tab_reaches_every_control_of_every_area_and_each_has_a_name(qtbot, world) -> None:
    actors = {
        Role.ADMINISTRATOR: world.admin,
        Role.MASH_MANAGER: world.hub.manager,
        Role.LA_MANAGER: world.chair,
        Role.DESK_OFFICER: world.hub.health,
    }
    problems: list[str] = []
    for role in ROLES:
        window = MainWindow(UiSession(world.ctx, actors[role]), idle_minutes=60)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        for area in window.areas:
            window.area_widget(area.key)
            qtbot.wait(20)
            problems += _problems(qtbot, f"{area.title} ({role.label})", window)
        window.lock("keyboard test")
        qtbot.wait(20)
        problems += _problems(qtbot, f"Lock screen ({role.label})", window)
        window.close()
    assert problems == [], "\n".join(problems)


def test_tab_reaches_every_control_of_every_dialog_and_each_has_a_name(qtbot, world) -> None:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    problems: list[str] = []
    from ui.admin.change_password import ChangePasswordDialog
    from ui.contacts.person_search import PersonSearchDialog
    from ui.login import LoginDialog

    exempt_but_typed = [
        ("LoginDialog", "Log in", lambda: LoginDialog(world.ctx)),
        (
            "PersonSearchDialog",
            "Find a person",
            lambda: PersonSearchDialog(UiSession(world.ctx, world.hub.health), parent),
        ),
        (
            "ChangePasswordDialog",
            "Change my password",
            lambda: ChangePasswordDialog(world.ctx, world.chair, parent),
        ),
    ]
    for _cls, what, make in [*dialogs(world, parent), *exempt_but_typed]:
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += _problems(qtbot, what, dialog)
        dialog.close_without_asking() if hasattr(dialog, "close_without_asking") else dialog.close()
    assert problems == [], "\n".join(problems)
