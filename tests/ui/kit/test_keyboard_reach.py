"""Issue 13: every actionable control has a name a screen reader reads out and is reached by
Tab in a sensible order. Opens every main area (with roles that together see them all), the
lock screen and every dialog of the catalogue (tests/ui/catalogue.py: ``dialogs`` and
``other_dialogs``; a dialog class missing there fails the Escape test), and each page of each
tab widget in them; presses Tab with real key events through full rounds and checks, in that
one walk (tests/ui/tab_walk.py defines "sensible" precisely):
- focus reaches each enabled button and field, and each has an accessible name (Qt's
  accessibility interface, which reads a button's text and a field's buddy label) or a
  visible buddy label;
- one round visits each control once and comes back, every step goes forward in reading
  order (down, right along a row, or to the top of a column further right) but the one
  wrap-around, and a dialog's bottom buttons come after all its fields."""

from __future__ import annotations

import pytest

from mash_desktop.domain.roles import Role
from tests.ui.catalogue import World, build_world, dialogs, other_dialogs
from tests.ui.tab_walk import problems as tab_problems
from ui.areas import all_areas
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow


@pytest.fixture
def world(ctx, admin) -> World:
    return build_world(ctx, admin)


def test_the_roles_used_here_see_every_area() -> None:
    seen = {a.key for role in ROLES for a in all_areas() if a.roles is None or role in a.roles}
    assert seen == {a.key for a in all_areas()}


ROLES = (Role.ADMINISTRATOR, Role.MASH_MANAGER, Role.LA_MANAGER, Role.DESK_OFFICER)


def test_tab_reaches_every_control_of_every_area_in_reading_order_and_each_has_a_name(qtbot, world) -> None:
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
            problems += tab_problems(qtbot, f"{area.title} ({role.label})", window)
        window.lock("keyboard test")
        qtbot.wait(20)
        problems += tab_problems(qtbot, f"Lock screen ({role.label})", window)
        window.close()
    assert problems == [], "\n".join(problems)


def test_tab_reaches_every_control_of_every_dialog_in_reading_order_and_each_has_a_name(qtbot, world) -> None:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    problems: list[str] = []
    for _cls, what, make in [*dialogs(world, parent), *other_dialogs(world, parent)]:
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += tab_problems(qtbot, what, dialog)
        dialog.close_without_asking() if hasattr(dialog, "close_without_asking") else dialog.close()
    assert problems == [], "\n".join(problems)
