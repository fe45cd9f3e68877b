"""Changing one's own password (SEC-7): from the Session menu, and at log-in when an
administrator set the password. The policy's reasons show beside the field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mash_desktop.domain.errors import MashError, ValidationError
from mash_desktop.domain.password_policy import MIN_LENGTH
from ui.kit.qt import QtWidgets, Signal
from ui.kit.screen import make_room

if TYPE_CHECKING:  # the login dialog shows this form before the store is open (issue 13)
    from mash_desktop.services.context import Actor, AppContext

POLICY_HINT = (
    f"At least {MIN_LENGTH} characters; longer is better. Three random words make a strong "
    "password that is easy to remember. Common passwords and your own name are refused."
)


def _error_label(name: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("errorLabel")
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _password_field(name: str) -> QtWidgets.QLineEdit:
    field = QtWidgets.QLineEdit()
    field.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class ChangePasswordForm(QtWidgets.QWidget):
    changed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = _password_field("Current password")
        self.new = _password_field("New password")
        self.repeated = _password_field("New password again")
        self.errors = {
            "current": _error_label("Current password problem"),
            "password": _error_label("New password problem"),
            "repeated": _error_label("New password again problem"),
        }
        hint = QtWidgets.QLabel(POLICY_HINT)
        hint.setWordWrap(True)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        grid = QtWidgets.QGridLayout()  # not a form layout: wrapped messages keep their height
        outer.addLayout(grid)
        rows = (
            ("C&urrent password", self.current, "current"),
            ("&New password", self.new, "password"),
            ("New password a&gain", self.repeated, "repeated"),
        )
        for n, (text, field, key) in enumerate(rows):
            grid.addWidget(self._label(text, field), n * 2, 0)
            grid.addWidget(field, n * 2, 1)
            grid.addWidget(self.errors[key], n * 2 + 1, 1)
        grid.setColumnStretch(1, 1)
        outer.addWidget(hint)  # below the form: a wrapped label in a form row gets clipped
        self.setMinimumWidth(460)

    @staticmethod
    def _label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text)
        label.setBuddy(buddy)
        return label

    def _make_room(self) -> None:
        make_room(self)

    def submit(self, ctx: AppContext, actor: Actor) -> bool:
        from mash_desktop.services.passwords import PasswordService

        for label in self.errors.values():
            label.setVisible(False)
        try:
            PasswordService(ctx).change_own(
                actor, self.current.text(), self.new.text(), self.repeated.text()
            )
        except ValidationError as exc:
            for field, message in exc.fields.items():
                if field in self.errors:
                    self.errors[field].setText("\u26a0 " + message)
                    self.errors[field].setVisible(True)
            first = next(iter(exc.fields), "password")
            {"current": self.current, "password": self.new, "repeated": self.repeated}.get(
                first, self.new
            ).setFocus()
            self._make_room()
            return False
        except MashError as exc:
            self.errors["password"].setText("\u26a0 " + str(exc))
            self.errors["password"].setVisible(True)
            self._make_room()
            return False
        for edit in (self.current, self.new, self.repeated):
            edit.clear()
        self.changed.emit()
        return True


class ChangePasswordDialog(QtWidgets.QDialog):
    """Session > Change my password."""

    def __init__(
        self, ctx: AppContext, actor: Actor, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.setWindowTitle("Change my password")
        self.form = ChangePasswordForm()
        buttons = QtWidgets.QDialogButtonBox()
        self.change_button = buttons.addButton(
            "&Change password", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def change(self) -> None:
        if self.form.submit(self.ctx, self.actor):
            self.accept()
