"""Tables of the app: columns fitted to their content, a compact table that grows with its rows,
and one way to read the selection (``selected``, ``require_selected``) through the model's
``ROW_ROLE``, whatever proxy sits between."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.kit.messages import Icon, notify
from ui.kit.qt import QtCore, QtGui, QtWidgets
from ui.kit.table_model import ROW_ROLE


def configure_columns(table: QtWidgets.QTableView, stretch: tuple[int, ...]) -> None:
    """Short columns sized to their content; the text columns share the rest and wrap."""
    table.setWordWrap(True)
    table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(table.model().columnCount()):
        header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Stretch)


class FittedTable(QtWidgets.QTableView):
    """A compact table that grows with its (wrapped) rows up to ``max_rows``, then scrolls;
    the text columns stretch and wrap so a finding reads in full at 125-150% scaling."""

    def __init__(
        self,
        model: QtCore.QAbstractItemModel,
        name: str,
        stretch: tuple[int, ...],
        max_rows: int = 6,
    ) -> None:
        super().__init__()
        self.max_rows = max_rows
        self.setObjectName(name)
        self.setModel(model)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        configure_columns(self, stretch)
        header = self.horizontalHeader()
        # Wrapped rows change height when the columns change width: fit again once the
        # layout has settled (coalesced on a zero-time timer).
        self._refit = QtCore.QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        header.sectionResized.connect(lambda *_a: self._refit.start())
        model.modelReset.connect(self._refit.start)
        self.fit()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._refit.start()

    def fit(self) -> None:
        count = min(self.max_rows, self.model().rowCount())
        line = self.fontMetrics().lineSpacing() + 8
        self.resizeRowsToContents()
        body = sum(self.rowHeight(r) for r in range(count)) if count else line
        header = max(self.horizontalHeader().height(), self.horizontalHeader().sizeHint().height())
        self.setFixedHeight(header + body + 2 * self.frameWidth() + 2)


def selected_rows(view: QtWidgets.QAbstractItemView) -> list[Any]:
    """The selected rows' objects (the model's ``ROW_ROLE``), through any proxy, in view order."""
    selection = view.selectionModel()
    if selection is None:
        return []
    indexes = sorted(selection.selectedRows(), key=lambda i: i.row())
    return [i.data(ROW_ROLE) for i in indexes if i.data(ROW_ROLE) is not None]


def selected(view: QtWidgets.QAbstractItemView) -> Any | None:
    """The one selected row's object, or None."""
    rows = selected_rows(view)
    return rows[0] if rows else None


def require_selected(view: QtWidgets.QAbstractItemView, what: str) -> Any | None:
    """The selected row's object; with nothing selected, says "Select <what> first." (without
    blocking) and gives None."""
    row = selected(view)
    if row is None:
        notify(view.window(), "MASH Desktop", f"Select {what} first.", Icon.Information)
    return row


def fill(table: QtWidgets.QTableView, rows: Sequence[Any] | None) -> None:
    """Put freshly read rows in the table's model and size its columns; None (a read that
    failed and was already shown) leaves the table as it was."""
    if rows is None:
        return
    model = table.model()
    while isinstance(model, QtCore.QSortFilterProxyModel):
        model = model.sourceModel()
    model.set_rows(list(rows))  # type: ignore[attr-defined]
    table.resizeColumnsToContents()


def fill_or_explain(
    table: QtWidgets.QTableView, note: QtWidgets.QLabel, result: Sequence[Any] | str | None
) -> None:
    """Rows into the table, or, where the reader was refused, an empty table with the reason
    in ``note`` (from ``UiSession.fetch_or_refusal``)."""
    if result is None:
        return
    if isinstance(result, str):
        fill(table, [])
        note.setText(result)
    else:
        fill(table, result)
        note.setText("")


def text_table(headers: list[str], select_rows: bool = False) -> QtWidgets.QTableWidget:
    """A read-only table of plain texts (fill it with ``fill_texts``)."""
    table = QtWidgets.QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    if select_rows:
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    return table


def fill_texts(table: QtWidgets.QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for n, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(n, c, QtWidgets.QTableWidgetItem(value))
    table.resizeColumnsToContents()
