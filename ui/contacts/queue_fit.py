"""The queue's columns fit the window (issue 13): the wide text columns give way first, down
to a readable minimum; whatever still cannot show is named under the table ("Scroll right
for: ..."). And the RAG legend, made from the same colours and marks as the cells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mash_desktop.domain.contact_codes import Rag
from ui.contacts.queue_model import COLUMNS, RAG_COLOURS, RAG_MARKS
from ui.kit.qt import QtCore, QtWidgets

SHRINKABLE = ("Claimed by", "Referrer", "Child")  # give way in this order, elided
MIN_WIDTH = 80
# Rows a column's width is measured on (Qt's default reads up to 1,000: every cell of a
# 200-row page twice at start-up, a fifth of a second). The rest are elided if wider.
SAMPLED_ROWS = 40


def legend_entries(hours: Mapping[Rag, Any]) -> list[tuple[str, str, str]]:
    """(swatch colour, mark as in the cells, clock) for each RAG, red first."""
    return [(RAG_COLOURS[rag], RAG_MARKS[rag], f"{hours[rag]} h") for rag in Rag]


def legend_html(hours: Mapping[Rag, Any]) -> str:
    parts = [
        f'<span style="background-color:{colour}; color:{colour}">&#9632;&#9632;</span>'
        f"&nbsp;{mark} {clock}"
        for colour, mark, clock in legend_entries(hours)
    ]
    return (
        "RAG clocks from receipt: "
        + ", &nbsp;".join(parts)
        + ". Overdue rows say OVERDUE and carry a warning sign."
    )


class ColumnFit(QtCore.QObject):
    """Fits ``table``'s columns on each resize and reload; ``note`` names what is hidden."""

    def __init__(self, table: QtWidgets.QTableView, note: QtWidgets.QLabel) -> None:
        super().__init__(table)
        self.table = table
        self.note = note
        self.hidden: list[str] = []
        self.timer = QtCore.QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.fit)
        table.viewport().installEventFilter(self)
        table.verticalHeader().setResizeContentsPrecision(SAMPLED_ROWS)
        note.setVisible(False)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Resize:
            self.timer.start()
        return False

    def fit_when_shown(self) -> None:
        """Fit now if the table shows, else at its first resize (a width measured before the
        window is shown is thrown away by the resize that showing it brings)."""
        if self.table.isVisible():
            self.fit()
        else:
            self.timer.start()

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        wanted = [
            max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(len(COLUMNS))
        ]
        room = self.table.viewport().width()
        excess = sum(wanted) - room
        for name in SHRINKABLE:
            c = next(n for n, col in enumerate(COLUMNS) if col.title == name)
            cut = max(0, min(excess, wanted[c] - MIN_WIDTH))
            wanted[c] -= cut
            excess -= cut
        for c, width in enumerate(wanted):
            header.resizeSection(c, width)
        self.hidden, right = [], 0
        for column, width in zip(COLUMNS, wanted, strict=True):
            right += width
            if right > room:
                self.hidden.append(column.title)
        self.note.setText(
            f"Scroll right for: {', '.join(self.hidden)} (or widen the window)."
            if self.hidden
            else ""
        )
        self.note.setVisible(bool(self.hidden))
