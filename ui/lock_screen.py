"""Shown over the work area while the session is locked; the work area stays alive beneath,
so unsaved form input is kept (SEC-2)."""

from __future__ import annotations

from ui.kit.qt import Qt, QtWidgets, Signal


class LockScreen(QtWidgets.QWidget):
    unlock_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QtWidgets.QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password to unlock")
        self.password.setPlaceholderText("Your password")
        self.password.setMaximumWidth(320)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setVisible(False)
        unlock = QtWidgets.QPushButton("&Unlock")
        unlock.setDefault(True)
        logout = QtWidgets.QPushButton("Log &out")
        self.password.returnPressed.connect(self._unlock)
        unlock.clicked.connect(self._unlock)
        logout.clicked.connect(self.logout_requested)

        box = QtWidgets.QVBoxLayout(self)
        box.addStretch(1)
        title = QtWidgets.QLabel("Session locked")
        title.setObjectName("areaHeading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(title)
        box.addWidget(self.message)
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password)
        row.addWidget(unlock)
        row.addWidget(logout)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.error)  # the window's width, so a long message wraps whole
        box.addStretch(2)

    def show_for(self, user_label: str, reason: str) -> None:
        self.message.setText(
            f"{user_label}: your session was locked ({reason}). Your unsaved work is kept. "
            "Enter your password to carry on."
        )
        self.error.setVisible(False)
        self.password.clear()
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.password.clear()
        self.password.setFocus()

    def _unlock(self) -> None:
        self.unlock_requested.emit(self.password.text())
