"""ISP-9.1.1 on a hub, from the desktop: a user suspended while working (their role loses
LOGIN and the server ends their connections) is told so in plain words at their next
action, and their window closes; no stack trace, no driver error, reaches them."""

from __future__ import annotations

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import Actor, AppContext
from tests.helpers.hub_roles import AsUser
from tests.helpers.shots import save_shot
from tests.ui.conftest import notifications
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow

pytestmark = pytest.mark.hub


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def test_a_user_suspended_mid_shift_gets_a_plain_message(
    qtbot, ctx: AppContext, admin: Actor, as_user: AsUser
) -> None:
    # REQ: ISP-9.1.1, SEC-8
    own_ctx, desk = as_user("desk.la", Role.DESK_OFFICER, "LA-DORSET")
    window = MainWindow(UiSession(own_ctx, desk))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    AccountService(ctx).suspend(admin, desk.user_id, "Left the MASH (synthetic)")
    with qtbot.waitSignal(window.logged_out, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    shown = notifications()
    assert any("suspended" in text for text in shown), shown
    for text in shown:
        for leak in ("Traceback", "psycopg", "sqlalchemy", "terminat", "FATAL", "desk.la"):
            assert leak not in text, text
    box = next(
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()
    )
    save_shot(box, "issue-12-hub-suspended-mid-shift.png")
