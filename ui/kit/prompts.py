"""A short answer asked for on its own (a reason, a note, a new password): the app's own
prompt in place of QInputDialog, so that Escape after typing asks Save / Discard / Keep
editing like every other form (SEC-9) instead of dropping the words."""

from __future__ import annotations

from ui.kit.dialogs import GuardedForm
from ui.kit.qt import QtWidgets


class TextPrompt(GuardedForm):
    what = "Your answer"
    save_label = "&OK"

    def __init__(
        self,
        parent: QtWidgets.QWidget | None,
        title: str,
        label: str,
        text: str = "",
        multiline: bool = False,
        password: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.question = QtWidgets.QLabel(label)
        self.question.setWordWrap(True)
        self.field: QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit
        if multiline:
            self.field = QtWidgets.QPlainTextEdit(text)
            self.field.setTabChangesFocus(True)
        else:
            self.field = QtWidgets.QLineEdit(text)
            if password:
                self.field.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(title)
        self.question.setBuddy(self.field)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.field, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.watch(self.field)

    def value(self) -> str:
        if isinstance(self.field, QtWidgets.QPlainTextEdit):
            return self.field.toPlainText()
        return self.field.text()


def ask_text(
    parent: QtWidgets.QWidget | None,
    title: str,
    label: str,
    text: str = "",
    *,
    multiline: bool = False,
    password: bool = False,
) -> str | None:
    """The typed answer, or None when the person cancelled (after being asked, if they had
    typed something)."""
    prompt = TextPrompt(parent, title, label, text, multiline, password)
    try:
        if prompt.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            return prompt.value()
        return None
    finally:
        prompt.deleteLater()
