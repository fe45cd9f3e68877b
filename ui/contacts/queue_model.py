"""The referral queue's item model: rows come from the queue service a page at a time
(fetchMore), sorting and filtering run in the database, time left is worked out on display."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import ContactStatus, Rag
from mash_desktop.domain.rag import format_time_left, is_overdue, time_left
from mash_desktop.domain.triage import age_on
from mash_desktop.services.contacts.queue import QueueFilter, QueuePage, QueueRow, QueueSort
from ui.kit.agency_words import agency_words
from ui.kit.qt import Qt, QtCore, QtGui, QtWidgets

PAGE_SIZE = 200
_ROOT = QtCore.QModelIndex()
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 10

RAG_COLOURS = {Rag.RED: "#c62828", Rag.AMBER: "#f9a825", Rag.GREEN: "#2e7d32"}
RAG_MARKS = {Rag.RED: "\u25cf Red", Rag.AMBER: "\u25b2 Amber", Rag.GREEN: "\u25a0 Green"}


@dataclass(frozen=True)
class QueueColumn:
    title: str
    sort: QueueSort | None
    text: Callable[[QueueRow, datetime], str]


def _child(row: QueueRow, _now: datetime) -> str:
    more = f" (+{row.child_count - 1})" if row.child_count > 1 else ""
    rights = f"  [{row.rights}]" if row.rights else ""  # ISP-14
    return row.child_name + more + rights


def _age(row: QueueRow, now: datetime) -> str:
    age = age_on(row.child_dob, now.date())
    return "" if age is None else str(age)


def _left(row: QueueRow, now: datetime) -> str:
    if row.status != ContactStatus.OPEN.value:
        return "decided" if row.status == ContactStatus.DECIDED.value else row.status
    return format_time_left(time_left(row.decision_due_at, now))


COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn("Reference", QueueSort.REFERENCE, lambda r, _n: r.reference),
    QueueColumn("Child", QueueSort.CHILD, _child),
    QueueColumn("Age", QueueSort.AGE, _age),
    QueueColumn("Referrer", QueueSort.AGENCY, lambda r, _n: agency_words(r.referrer_agency)),
    QueueColumn("Received", QueueSort.RECEIVED, lambda r, _n: format_london(r.received_at)),
    QueueColumn("RAG", QueueSort.RAG, lambda r, _n: RAG_MARKS[r.rag]),
    QueueColumn("Decision due", QueueSort.DUE, lambda r, _n: format_london(r.decision_due_at)),
    QueueColumn("Time left", QueueSort.DUE, _left),
    QueueColumn(
        "Status",
        QueueSort.STATUS,
        lambda r, _n: r.status.capitalize() + (" - open CSC case" if r.csc_case_open else ""),
    ),
    QueueColumn("Claimed by", QueueSort.CLAIMED, lambda r, _n: r.claimed_by or "-"),
)
TIME_LEFT_COLUMN = 7
RAG_COLUMN = 5


def _swatch(colour: str) -> QtGui.QIcon:
    pixmap = QtGui.QPixmap(14, 14)
    pixmap.fill(QtGui.QColor(colour))
    return QtGui.QIcon(pixmap)


class QueueModel(QtCore.QAbstractTableModel):
    """Holds plain QueueRow values; asks ``fetch`` for pages as the view scrolls."""

    def __init__(
        self,
        fetch: Callable[[QueueFilter, QueueSort, bool, int, int], QueuePage],
        now: Callable[[], datetime],
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._now = now
        self._rows: list[QueueRow] = []
        self.total = 0
        self.filter = QueueFilter()
        self.sort_key = QueueSort.DUE
        self.descending = False
        self._icons: dict[str, QtGui.QIcon] = {}
        self._loaded = False

    # --- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        page = self._fetch(self.filter, self.sort_key, self.descending, PAGE_SIZE, 0)
        self._loaded = True
        self.beginResetModel()
        self._rows = list(page.rows)
        self.total = page.total
        self.endResetModel()

    def shown_ids(self) -> frozenset[int]:
        """The contacts on screen now (a refresh is audited only for the others)."""
        return frozenset(row.id for row in self._rows)

    def set_filter(self, flt: QueueFilter) -> None:
        self.filter = flt
        self.reload()

    def canFetchMore(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _ROOT
    ) -> bool:
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _ROOT) -> None:
        if parent.isValid():
            return
        page = self._fetch(self.filter, self.sort_key, self.descending, PAGE_SIZE, len(self._rows))
        if not page.rows:
            self.total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(_ROOT, start, start + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded:  # before the first load (the view setting its sort), load once only
            self.reload()

    def tick(self) -> None:
        """The clock moved: time left and overdue marks change, nothing else."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    # --- reading ---------------------------------------------------------------------------
    def row_at(self, row: int) -> QueueRow:
        return self._rows[row]

    def row_of(self, contact_id: int) -> int:
        for n, row in enumerate(self._rows):
            if row.id == contact_id:
                return n
        return -1

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def _overdue(self, row: QueueRow) -> bool:
        return row.status == ContactStatus.OPEN.value and is_overdue(
            row.decision_due_at, self._now()
        )

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[col].text(row, self._now())
        if role == ROW_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole:
            if col == RAG_COLUMN:
                return self._icon(RAG_COLOURS[row.rag])
            if col == TIME_LEFT_COLUMN and self._overdue(row):
                return self._warning_icon()
            return None
        if role == Qt.ItemDataRole.FontRole and col == TIME_LEFT_COLUMN and self._overdue(row):
            font = QtGui.QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self._overdue(row):
            return QtGui.QBrush(QtGui.QColor("#fde7e7"))
        if role == Qt.ItemDataRole.ToolTipRole and col == TIME_LEFT_COLUMN:
            return (
                "Overdue: the decision was due " + format_london(row.decision_due_at)
                if self._overdue(row)
                else None
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return COLUMNS[col].text(row, self._now())
        return None

    def _icon(self, colour: str) -> QtGui.QIcon:
        if colour not in self._icons:
            self._icons[colour] = _swatch(colour)
        return self._icons[colour]

    def _warning_icon(self) -> QtGui.QIcon:
        # One icon for every overdue cell: a new QIcon per paint filled Qt's pixmap cache
        # (~50 KB a repaint of the queue, up to its limit) with copies of the same sign.
        if "warning" not in self._icons:
            style = QtWidgets.QApplication.style()
            self._icons["warning"] = style.standardIcon(
                QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning
            )
        return self._icons["warning"]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section].title
        return None
