"""Two desk officers saved the same contact (RQ-6): both versions side by side, so nothing
typed is lost whichever is kept."""

from __future__ import annotations

from typing import Any

from mash_desktop.domain.errors import ConflictError
from mash_desktop.services.contacts.rows import ContactDetail
from ui.kit.qt import Qt, QtWidgets

FIELD_LABELS = {
    "rag": "RAG",
    "rag_reason": "RAG reason",
    "concern": "Concern",
    "call_notes": "Call notes",
    "child_in_hospital": "Child in hospital",
    "csc_case_open": "Open CSC case",
    "allocated_team": "Allocated team",
    "outcome": "Outcome",
    "outcome_rationale": "Rationale",
}


class ConflictDialog(QtWidgets.QDialog):
    """Both versions side by side; the user keeps theirs or applies theirs-plus-mine."""

    APPLY_MINE, KEEP_THEIRS = 1, 2

    def __init__(self, exc: ConflictError, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Someone else saved this contact first")
        self.choice = 0
        message = QtWidgets.QLabel(str(exc))
        message.setWordWrap(True)
        theirs = exc.theirs.editable_values() if isinstance(exc.theirs, ContactDetail) else {}
        mine = exc.mine if isinstance(exc.mine, dict) else {}
        keys = [k for k in FIELD_LABELS if k in mine or k in theirs]
        self.table = QtWidgets.QTableWidget(len(keys), 3)
        self.table.setObjectName("conflictTable")
        self.table.setAccessibleName("Your version and the saved version, field by field")
        self.table.setHorizontalHeaderLabels(["Field", "Your version (not saved)", "Saved version"])
        for r, key in enumerate(keys):
            a, b = _show(mine.get(key, "")), _show(theirs.get(key, ""))
            marker = "" if a == b else " \u2260"
            for c, text in enumerate((FIELD_LABELS[key] + marker, a, b)):
                item = QtWidgets.QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        apply_button = QtWidgets.QPushButton("&Apply mine on top of the saved version")
        keep_button = QtWidgets.QPushButton("&Keep the saved version")
        apply_button.clicked.connect(lambda: self._done(self.APPLY_MINE))
        keep_button.clicked.connect(lambda: self._done(self.KEEP_THEIRS))
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(keep_button)
        row.addWidget(apply_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.resize(820, 360)

    def _done(self, choice: int) -> None:
        self.choice = choice
        self.accept()


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)
