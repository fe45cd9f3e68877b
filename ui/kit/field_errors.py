"""Field errors, one way for every form: a plain message beside each field a ValidationError
names (or in the cell of a grid), the rest in one summary line, and the first problem
scrolled into view. Nothing typed is touched.

    errors = FieldErrors(summary_label, scroll_area)
    form.addRow("Name", name_edit); form.addRow("", errors.label_for("name"))
    errors.add_grid("child", children_table, ("first_name", "last_name", "dob"))
    result = errors.call(session, self, service.save, actor, data)   # shows and re-raises
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from mash_desktop.domain.errors import ValidationError
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession

T = TypeVar("T")
MARK = "\u26a0 "  # the warning sign, then the words: the sign alone would be colour-like


def error_label() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class FieldErrors:
    def __init__(
        self,
        summary: QtWidgets.QLabel | None = None,
        scroll: QtWidgets.QScrollArea | None = None,
    ) -> None:
        self.summary = summary or error_label()
        self.scroll = scroll
        self.labels: dict[str, QtWidgets.QLabel] = {}
        self._grids: dict[str, tuple[QtWidgets.QTableWidget, tuple[str, ...]]] = {}

    # --- where messages go -------------------------------------------------------------------
    def label_for(self, key: str, label: QtWidgets.QLabel | None = None) -> QtWidgets.QLabel:
        """The message label of one field (made on first use, or ``label`` from a form)."""
        if label is not None:
            label.setObjectName("errorLabel")
            label.setWordWrap(True)
            label.setVisible(False)
            self.labels[key] = label
        if key not in self.labels:
            self.labels[key] = error_label()
        self.labels[key].setAccessibleName(f"Problem with {key.replace('_', ' ')}")
        return self.labels[key]

    def add_row(
        self, form: QtWidgets.QFormLayout, text: str, widget: QtWidgets.QWidget, key: str
    ) -> None:
        """A labelled row in ``form`` with its message line beneath it."""
        label = QtWidgets.QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)
        form.addRow("", self.label_for(key))

    def add_grid(
        self, prefix: str, table: QtWidgets.QTableWidget, columns: tuple[str, ...]
    ) -> None:
        """Keys ``prefix.<row>.<column>`` mark that cell (tooltip and accessible text)."""
        self._grids[prefix] = (table, columns)

    # --- showing -----------------------------------------------------------------------------
    def clear(self) -> None:
        for label in (self.summary, *self.labels.values()):
            label.clear()
            label.setVisible(False)
        for table, _columns in self._grids.values():
            for r in range(table.rowCount()):
                for c in range(table.columnCount()):
                    item = table.item(r, c)
                    if item is not None and item.toolTip():
                        item.setToolTip("")

    def show(self, exc: ValidationError) -> None:
        self.show_fields(exc.fields, str(exc))

    def show_fields(self, fields: Mapping[str, str], summary: str) -> None:
        """Each message beside its field: a key's own label, else its group's label (the part
        before the first dot, e.g. ``child`` for ``child.0.dob``, also marking that grid cell),
        else in the summary line."""
        self.clear()
        unplaced: list[str] = []
        by_label: dict[int, tuple[QtWidgets.QLabel, list[str]]] = {}
        for key, message in fields.items():
            prefix = key.split(".", 1)[0]
            if prefix in self._grids:
                self._mark_cell(prefix, key, message)
            label = self.labels.get(key) or self.labels.get(prefix)
            if label is None:
                unplaced.append(message)
            else:
                by_label.setdefault(id(label), (label, []))[1].append(message)
        for label, messages in by_label.values():
            label.setText("\n".join(MARK + m for m in messages))
            label.setVisible(True)
        text = " ".join(unplaced) if unplaced else summary
        if text:
            self.summary.setText(MARK + text)
            self.summary.setVisible(True)
        self._scroll_to_first([label for label, _m in by_label.values()])

    def _mark_cell(self, prefix: str, key: str, message: str) -> None:
        table, columns = self._grids[prefix]
        parts = key.split(".")
        if len(parts) != 3 or parts[2] not in columns or not parts[1].isdigit():
            return
        row, col = int(parts[1]), columns.index(parts[2])
        if row >= table.rowCount():
            return
        item = table.item(row, col)
        if item is None:
            item = QtWidgets.QTableWidgetItem("")
            table.setItem(row, col, item)
        item.setToolTip(message)

    def _scroll_to_first(self, shown: list[QtWidgets.QWidget]) -> None:
        content = self.scroll.widget() if self.scroll is not None else None
        if self.scroll is None or content is None or not shown:
            return
        first = min(shown, key=lambda w: w.mapTo(content, w.rect().topLeft()).y())
        self.scroll.ensureWidgetVisible(first, 0, 60)

    def visible_messages(self) -> dict[str, str]:
        """The messages now on screen, by field."""
        return {k: v.text() for k, v in self.labels.items() if v.text()}

    # --- calling a service -------------------------------------------------------------------
    def call(
        self,
        session: UiSession,
        parent: QtWidgets.QWidget,
        fn: Callable[..., T],
        *args: Any,
    ) -> T:
        """Call ``fn``: a ValidationError goes beside the fields, any other user error through
        the session; either raises ``ActionFailed`` after it was shown."""
        self.clear()

        def guarded(*inner: Any) -> T:
            try:
                return fn(*inner)
            except ValidationError as exc:
                self.show(exc)
                raise ActionFailed(str(exc)) from exc

        return session.run(parent, guarded, *args)
