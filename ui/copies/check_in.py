"""Check in printed copies (SEC-5): the officer scans each copy's QR code (or types its
reference) as it comes off the printer; only then is it paper in its cabinet."""

from __future__ import annotations

from mash_desktop.domain.errors import AuthenticationError, MashError
from mash_desktop.services.copies.tracking import CheckedIn, CopyTracking
from ui.kit.qt import QtWidgets, Signal
from ui.kit.session import UiSession


class CheckInBar(QtWidgets.QWidget):
    """One line: scan a printed copy, see where it was filed or why not."""

    checked_in = Signal(str)  # the reference

    def __init__(self, session: UiSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tracking = CopyTracking(session.ctx)
        self.field = QtWidgets.QLineEdit()
        self.field.setObjectName("checkInScan")
        self.field.setPlaceholderText("Scan each printed copy's QR code, or type its reference")
        self.field.setAccessibleName("Check in a printed copy")
        self.field.returnPressed.connect(self.check_in)
        caption = QtWidgets.QLabel("Check &in printed copies")
        caption.setBuddy(self.field)
        self.result = QtWidgets.QLabel()
        self.result.setObjectName("checkInResult")
        self.result.setWordWrap(True)
        self.result.setVisible(False)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.field, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)

    def check_in(self) -> CheckedIn | None:
        text = self.field.text()
        if not text.strip():
            return None
        try:
            done = self.tracking.check_in(self.session.actor, text)
        except AuthenticationError as exc:  # suspended meanwhile: the session ends
            self.session.ended.emit(str(exc))
            return None
        except MashError as exc:
            self._say(str(exc), error=True)
            self.field.selectAll()
            return None
        self.field.clear()
        message = (
            f"Copy {done.reference} ({done.copy_number} of {done.copy_count}) checked in to "
            f"{done.cabinet}."
        )
        if done.still_to_scan:
            message += " Still to scan from this print: " + ", ".join(done.still_to_scan) + "."
        self._say(message, error=False)
        self.checked_in.emit(done.reference)
        self.session.changed.emit()  # registers on screen refresh (ui/kit/changes.py)
        return done

    def _say(self, text: str, error: bool) -> None:
        self.result.setObjectName("errorLabel" if error else "checkInResult")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.setText(text)
        self.result.setVisible(True)
