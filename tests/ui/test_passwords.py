"""SEC-7 through the real dialogs: a password an administrator set is changed at log-in
before the user gets in; a user changes their own password from the Session menu."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.passwords import PasswordService
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.shots import save_shot
from ui.kit.qt import Qt
from ui.kit.session import UiSession
from ui.login import LoginDialog
from ui.main_window import MainWindow

NEW = "heron kettle lantern"


def _type(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


# REQ: SEC-7
def test_login_with_an_administrator_set_password_asks_for_a_new_one_first(qtbot, ctx, make_user):
    make_user("desk.police", Role.DESK_OFFICER, "POLICE", "Pat Police")
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(480, 200)
    dialog.show()
    _type(qtbot, dialog.username, "desk.police")
    _type(qtbot, dialog.password, TEST_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None and dialog.isVisible()  # not in yet
    assert dialog.change_page.isVisible() and not dialog.login_form.isVisible()
    form = dialog.change_form
    _type(qtbot, form.current, TEST_PASSWORD)
    _type(qtbot, form.new, "Password2026!")
    _type(qtbot, form.repeated, "Password2026!")
    qtbot.keyClick(form.repeated, Qt.Key.Key_Return)
    assert dialog.actor is None
    assert "commonly used" in form.errors["password"].text()
    qtbot.wait(20)
    save_shot(dialog, "login-change-password-refused.png")
    _type(qtbot, form.new, NEW)
    _type(qtbot, form.repeated, NEW)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and dialog.actor.username == "desk.police"
    assert AccountService(ctx).login("desk.police", NEW).username == "desk.police"


# REQ: SEC-7
def test_wrong_password_message_wraps_below_fields_that_keep_their_height(qtbot, ctx, admin):
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.username.height(), dialog.password.height(), dialog.login_form.height()
    _type(qtbot, dialog.username, "nobody.here")
    _type(qtbot, dialog.password, "whatever-it-is")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Wrong user name or password."
    qtbot.wait(20)
    _fields_whole_and_message_below(dialog, before)
    save_shot(dialog, "login-wrong-password.png")
    # The long lock-out message wraps below, whole, too. Five wrong passwords lock the
    # account; only its own password then hears why (SEC-7).
    for _ in range(5):
        _type(qtbot, dialog.username, "admin")
        _type(qtbot, dialog.password, "whatever-it-is")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Wrong user name or password."
    _type(qtbot, dialog.username, "admin")
    _type(qtbot, dialog.password, TEST_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert "locked" in dialog.error.text()
    qtbot.wait(20)
    _fields_whole_and_message_below(dialog, before)
    assert dialog.error.height() >= 2 * dialog.error.fontMetrics().height()  # wrapped
    save_shot(dialog, "login-locked-out.png")


def _fields_whole_and_message_below(dialog, before) -> None:
    assert (dialog.username.height(), dialog.password.height(), dialog.login_form.height()) == (
        before
    )
    assert dialog.password.geometry().top() >= dialog.username.geometry().bottom()
    error = dialog.error.geometry()
    assert error.top() >= dialog.login_form.geometry().bottom()
    assert error.height() >= dialog.error.heightForWidth(error.width())  # the message whole
    assert dialog.rect().contains(error)


# REQ: SEC-7
def test_change_my_password_from_the_session_menu(qtbot, ctx, admin):
    window = MainWindow(UiSession(ctx, admin), idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    dialog = window.change_password()
    form = dialog.form
    _type(qtbot, form.current, "not my password")
    _type(qtbot, form.new, NEW)
    _type(qtbot, form.repeated, NEW)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "not your current password" in form.errors["current"].text()
    save_shot(dialog, "change-my-password.png")
    _type(qtbot, form.current, TEST_PASSWORD)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.statusBar().currentMessage() == "Your password is changed."
    assert not PasswordService(ctx).must_change(admin)
    assert AccountService(ctx).login("admin", NEW).username == "admin"
