"""The Management Board area (GOV-1): figures for a chosen period, each chart beside its table,
and the printed Board report (controlled copies).

The charts are the ReportLab drawings the PDF uses, shown through Qt's SVG widget: one drawing
for screen and paper, no charting package (README: Board figures)."""

from __future__ import annotations

import contextlib
from datetime import date

from mash_desktop.domain.clock import to_london
from mash_desktop.printing.charts import chart_svg
from mash_desktop.printing.document import Chart
from mash_desktop.services.governance.board import BoardFigures, BoardService
from ui.copies.print_flow import DocumentChoice, start_print
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import ActionFailed, UiSession

CHART_WIDTH = 300  # points; shown 1.5 times larger on screen
SCREEN_SCALE = 1.5
ROW_HEIGHT = 22


def _qdate(day: date) -> QtCore.QDate:
    return QtCore.QDate(day.year, day.month, day.day)


def _pydate(edit: QtWidgets.QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def chart_row(chart: Chart) -> QtWidgets.QWidget:
    """One chart with its figures beside it."""
    from PySide6 import QtSvgWidgets

    row = QtWidgets.QWidget()
    outer = QtWidgets.QVBoxLayout(row)
    outer.setContentsMargins(0, 6, 0, 0)
    title = QtWidgets.QLabel(f"<b>{chart.title}</b>")
    outer.addWidget(title)
    layout = QtWidgets.QHBoxLayout()
    outer.addLayout(layout)
    svg = QtSvgWidgets.QSvgWidget()
    svg.load(QtCore.QByteArray(chart_svg(chart, CHART_WIDTH).encode("utf-8")))
    size = svg.renderer().defaultSize() * SCREEN_SCALE
    svg.setFixedSize(size)
    table = QtWidgets.QTableWidget(len(chart.rows), 2)
    table.setHorizontalHeaderLabels(["", chart.value_header])
    table.setAccessibleName(f"{chart.title}: the figures")
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    for n, (label, value) in enumerate(chart.rows):
        table.setItem(n, 0, QtWidgets.QTableWidgetItem(label))
        number = QtWidgets.QTableWidgetItem(str(value))
        number.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        table.setItem(n, 1, number)
    table.resizeColumnsToContents()
    table.setFixedHeight(
        table.horizontalHeader().sizeHint().height() + ROW_HEIGHT * len(chart.rows) + 4
    )
    layout.addWidget(svg, 0, QtCore.Qt.AlignmentFlag.AlignTop)
    layout.addWidget(table, 1, QtCore.Qt.AlignmentFlag.AlignTop)
    return row


class BoardView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.service = BoardService(session.ctx)
        self.figures: BoardFigures | None = None
        today = to_london(session.ctx.clock.now()).date()
        self.start = QtWidgets.QDateEdit(_qdate(date(today.year, 1, 1)))
        self.end = QtWidgets.QDateEdit(_qdate(today))
        self.start.setAccessibleName("Figures from")
        self.end.setAccessibleName("Figures to")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        show = QtWidgets.QPushButton("&Show figures")
        show.clicked.connect(self.refresh)
        print_button = QtWidgets.QPushButton("&Print the Board report...")
        print_button.clicked.connect(self.print_report)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(QtWidgets.QLabel("From"))
        bar.addWidget(self.start)
        bar.addWidget(QtWidgets.QLabel("to"))
        bar.addWidget(self.end)
        bar.addWidget(show)
        bar.addStretch(1)
        bar.addWidget(print_button)
        self.body = QtWidgets.QWidget()
        self.body_layout = QtWidgets.QVBoxLayout(self.body)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.refresh()

    def refresh(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.figures = self.session.run(
                self,
                self.service.figures,
                self.session.actor,
                _pydate(self.start),
                _pydate(self.end),
            )
            self._show(self.figures)

    def _show(self, figures: BoardFigures) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for section in figures.sections:
            heading = QtWidgets.QLabel(f"<h3>{section.title}</h3>")
            self.body_layout.addWidget(heading)
            for label, value in section.facts:
                fact = QtWidgets.QLabel(f"{label}: {value}")
                fact.setWordWrap(True)
                self.body_layout.addWidget(fact)
            for chart in section.charts:
                self.body_layout.addWidget(chart_row(chart))
        self.body_layout.addStretch(1)

    def print_report(self) -> None:
        start, end = _pydate(self.start), _pydate(self.end)
        choice = DocumentChoice(
            "Management Board figures",
            lambda actor: self.service.printable_report(actor, start, end),
        )
        with contextlib.suppress(ActionFailed):
            start_print(self.session, self, [choice])
