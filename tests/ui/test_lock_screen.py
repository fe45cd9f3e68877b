"""SEC-2/SEC-3: a locked session shows and reads nothing; the queue stops polling."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.audit import AuditFilter, AuditService
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import contact_input
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.shots import save_shot
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow


def queue_reads(ctx, admin) -> int:
    rows = AuditService(ctx).search(admin, AuditFilter(actor="desk.dee", action="queue.view"))
    return len(rows)


def test_locked_session_does_not_poll_the_queue(qtbot, ctx, admin, make_user, clock):
    # REQ: SEC-2
    desk = make_user("desk.dee", Role.DESK_OFFICER, "LA-DORSET")
    other = make_user("desk.other", Role.DESK_OFFICER, "POLICE")
    window = MainWindow(UiSession(ctx, desk))
    qtbot.addWidget(window)
    window.show()
    queue = window.area_widget("queue")
    qtbot.waitUntil(lambda: queue_reads(ctx, admin) >= 1, timeout=5000)
    window.lock("locked by you")
    before = queue_reads(ctx, admin)
    ContactService(ctx).intake(other, contact_input(clock.now()))
    queue.poll()
    assert queue_reads(ctx, admin) == before
    assert queue.model.rowCount() == 0
    window.lock_screen.password.setText(TEST_PASSWORD)
    window.lock_screen.password.returnPressed.emit()
    assert not window.is_locked
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=5000)
    assert queue_reads(ctx, admin) > before


def _type_and_enter(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_lock_screen_wrong_password_names_no_user_name_and_the_message_wraps_below(
    qtbot, ctx, make_user
):
    """SEC-2, SEC-7 (issue 13): the lock screen has only a password field, so its message
    never speaks of a user name; the field keeps its height, the message wraps below it
    inside a 1366x768 window, up to the long lock-out message."""
    desk = make_user("desk.lee", Role.DESK_OFFICER, "POLICE", "Lee Desk")
    window = MainWindow(UiSession(ctx, desk), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.lock("locked by you")
    screen = window.lock_screen
    field = screen.password
    height = field.height()
    _type_and_enter(qtbot, field, "not-my-password")
    qtbot.waitUntil(screen.error.isVisible)
    assert screen.error.text() == "Wrong password. Try again, or log out."
    shown = " ".join(label.text() for label in screen.findChildren(QtWidgets.QLabel)).lower()
    assert "user name" not in shown and "username" not in shown
    assert field.height() == height
    save_shot(window, "lock-screen-wrong-password.png")
    for _ in range(4):
        _type_and_enter(qtbot, field, "not-my-password")
        if not window.isVisible():
            break
    # Five wrong passwords lock the account and end the session (SEC-2): a message says so.
    qtbot.waitUntil(lambda: not window.isVisible())


def test_lock_screen_long_message_wraps_within_the_window(qtbot, ctx, make_user):
    """Issue 13: a message longer than the screen is wide wraps below the field."""
    desk = make_user("desk.lin", Role.DESK_OFFICER, "POLICE", "Lin Desk")
    window = MainWindow(UiSession(ctx, desk), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.lock("locked by you")
    screen = window.lock_screen
    height = screen.password.height()
    long_text = "Wrong password. Try again, or log out. " * 8
    screen.show_error(long_text.strip())
    qtbot.wait(20)
    error = screen.error
    assert screen.password.height() == height
    top_left = error.mapTo(window, error.rect().topLeft())
    field_bottom = screen.password.mapTo(window, screen.password.rect().bottomLeft()).y()
    assert top_left.y() > field_bottom
    assert top_left.x() >= 0 and top_left.x() + error.width() <= window.width()
    assert error.height() >= 2 * error.fontMetrics().height()  # wrapped onto several lines
    assert error.height() >= error.heightForWidth(error.width())  # and shown whole
    save_shot(window, "lock-screen-long-message.png")
