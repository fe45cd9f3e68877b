"""Log-in, first administrator and passphrase dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mash_desktop.domain.errors import MashError, ValidationError
from ui.admin.change_password import ChangePasswordForm
from ui.kit.qt import QtWidgets
from ui.kit.screen import make_room

# The services (and the store beneath them) load on first use: the login dialog shows before
# the store is open, which happens on a worker thread while the person types (issue 13).
if TYPE_CHECKING:
    from mash_desktop.services.context import Actor, AppContext


def _error_label() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _heading(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setObjectName("dialogHeading")
    return label


class LoginDialog(QtWidgets.QDialog):
    """Asks for user name and password; ``actor`` is set when the dialog is accepted.

    ``ctx`` may be None while the store is still opening: ``opened`` then waits for it when
    the person presses Log in (and returns None when it could not be opened: the dialog is
    rejected, the reason already shown)."""

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QtWidgets.QWidget | None = None,
        opened: Callable[[], AppContext | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opened = opened
        self.actor: Actor | None = None
        self.setWindowTitle("MASH Desktop - log in")
        self.setMinimumWidth(420)

        self.username = QtWidgets.QLineEdit()
        self.username.setObjectName("username")
        self.username.setAccessibleName("User name")
        self.password = QtWidgets.QLineEdit()
        self.password.setObjectName("password")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.error = _error_label()

        form = QtWidgets.QFormLayout()
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)
        # After a password set by an administrator: the user chooses their own (SEC-7).
        self.change_note = QtWidgets.QLabel(
            "An administrator set your password. Choose your own before you start."
        )
        self.change_note.setWordWrap(True)
        self.change_form = ChangePasswordForm()
        self.change_page = QtWidgets.QWidget()
        change_layout = QtWidgets.QVBoxLayout(self.change_page)
        change_layout.setContentsMargins(0, 0, 0, 0)
        change_layout.addWidget(self.change_note)
        change_layout.addWidget(self.change_form)
        self.change_page.setVisible(False)
        self._pending: Actor | None = None
        buttons = QtWidgets.QDialogButtonBox()
        self.login_button = buttons.addButton(
            "&Log in", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setDefault(True)
        buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(_heading("Multi-Agency Safeguarding Hub"))
        notice = QtWidgets.QLabel(
            "OFFICIAL-SENSITIVE. Authorised users only; every action is recorded in the audit trail."
        )
        notice.setWordWrap(True)
        layout.addWidget(notice)
        self.login_form = QtWidgets.QWidget()
        self.login_form.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.login_form)
        layout.addWidget(self.error)
        layout.addWidget(self.change_page)
        layout.addStretch(1)
        layout.addWidget(buttons)
        # A message below the fields makes the window taller (make_room), never the fields
        # thinner.
        for field in (self.username, self.password):
            field.setMinimumHeight(field.sizeHint().height())
        self.username.setFocus()

    def try_login(self) -> None:
        if self._pending is not None:
            self._change_then_enter(self._pending)
            return
        if self.ctx is None and self.opened is not None:
            self.ctx = self.opened()  # first: the worker may still be importing these
        if self.ctx is None:
            self.reject()
            return
        from mash_desktop.services.accounts import AccountService
        from mash_desktop.services.passwords import PasswordService

        try:
            self.actor = AccountService(self.ctx).login(self.username.text(), self.password.text())
        except MashError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            make_room(self)
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        actor = self.actor
        if actor is not None and PasswordService(self.ctx).must_change(actor):
            self.actor = None  # not in until the password is the user's own
            self._pending = actor
            self.error.setVisible(False)
            self.login_form.setVisible(False)
            self.change_page.setVisible(True)
            self.login_button.setText("&Change password and log in")
            self.change_form.current.setFocus()
            self.adjustSize()
            return
        self.accept()

    def _change_then_enter(self, actor: Actor) -> None:
        assert self.ctx is not None  # the store was open to log in
        if self.change_form.submit(self.ctx, actor):
            self.actor = actor
            self._pending = None
            self.accept()


class FirstAdministratorDialog(QtWidgets.QDialog):
    """First run: make the first administrator account (and the partner list)."""

    def __init__(self, ctx: AppContext, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.setWindowTitle("MASH Desktop - first administrator")
        self.username = QtWidgets.QLineEdit("admin")
        self.full_name = QtWidgets.QLineEdit()
        self.password = QtWidgets.QLineEdit()
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.again = QtWidgets.QLineEdit()
        self.again.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.error = _error_label()
        form = QtWidgets.QFormLayout()
        form.addRow("&User name", self.username)
        form.addRow("&Full name", self.full_name)
        form.addRow("&Password", self.password)
        form.addRow("Password &again", self.again)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(_heading("Set up this MASH Desktop database"))
        layout.addWidget(
            QtWidgets.QLabel("Create the first administrator. They add everyone else.")
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def create(self) -> None:  # type: ignore[override]  # QWidget.create is unused here
        if self.password.text() != self.again.text():
            self._fail("The two passwords differ.")
            return
        from mash_desktop.services.accounts import AccountService

        try:
            self.actor = AccountService(self.ctx).create_first_administrator(
                self.username.text(), self.full_name.text(), self.password.text()
            )
        except (ValidationError, MashError) as exc:
            self._fail(str(exc))
            return
        self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        make_room(self)


class PassphraseDialog(QtWidgets.QDialog):
    """Asked when no secure OS keyring is available: the store is keyed with a passphrase."""

    def __init__(
        self, reason: str, creating: bool, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("MASH Desktop - database passphrase")
        self.creating = creating
        self.passphrase = QtWidgets.QLineEdit()
        self.passphrase.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.again = QtWidgets.QLineEdit()
        self.again.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.error = _error_label()
        info = QtWidgets.QLabel(reason)
        info.setWordWrap(True)
        form = QtWidgets.QFormLayout()
        form.addRow("&Passphrase", self.passphrase)
        if creating:
            form.addRow("Passphrase &again", self.again)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> None:
        if len(self.passphrase.text()) < 8:
            self.error.setText("At least 8 characters.")
            self.error.setVisible(True)
            return
        if self.creating and self.passphrase.text() != self.again.text():
            self.error.setText("The two passphrases differ.")
            self.error.setVisible(True)
            return
        self.accept()
