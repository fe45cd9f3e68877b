"""Audit viewer (SEC-3): filter by user, action, object and date; verify the chain."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from mash_desktop.domain.clock import LONDON, format_london
from mash_desktop.domain.plain_words import action_words, details_words, object_type_words
from mash_desktop.services.audit import AuditFilter, AuditRow, AuditService
from ui.kit.agency_words import agency_words, known_agencies
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import UiSession, show_error
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.worker import run_in_background

COLUMNS: list[Column[AuditRow]] = [
    Column("#", lambda r: str(r.seq), lambda r: r.seq, align_right=True),
    Column("When (UK time)", lambda r: format_london(r.at, with_seconds=True), lambda r: r.at),
    Column("User", lambda r: r.actor),
    Column("Agency", lambda r: agency_words(r.agency)),
    Column("Action", lambda r: action_words(r.action)),
    Column(
        "About",
        lambda r: r.object_label or f"{object_type_words(r.object_type)} {r.object_id}".strip(),
    ),
    Column(
        "Details",
        lambda r: details_words(r.details, known_agencies()) if r.details != "{}" else "",
        tooltip=lambda r: details_words(r.details, known_agencies()),
    ),
]


def _london_midnight(qdate: QtCore.QDate) -> datetime:
    day = date(qdate.year(), qdate.month(), qdate.day())
    local = datetime.combine(day, time(0, 0), tzinfo=LONDON)
    return local.astimezone(UTC)


class AuditView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.service = AuditService(session.ctx)
        self.model: RowTableModel[AuditRow] = RowTableModel(COLUMNS, self)
        self.proxy = sortable_proxy(self.model, self)

        self.user = QtWidgets.QLineEdit()
        self.user.setPlaceholderText("user name")
        self.action = QtWidgets.QComboBox()
        self.action.setEditable(False)
        self.object_text = QtWidgets.QLineEdit()
        self.object_text.setPlaceholderText("what it is about, e.g. a contact reference")
        today = QtCore.QDate.currentDate()
        self.date_from = QtWidgets.QDateEdit(today.addDays(-30))
        self.date_from.setCalendarPopup(True)
        self.date_to = QtWidgets.QDateEdit(today)
        self.date_to.setCalendarPopup(True)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("dd/MM/yyyy")
        search = QtWidgets.QPushButton("&Search")
        search.setDefault(True)
        search.clicked.connect(self.refresh)
        self.verify_button = QtWidgets.QPushButton("&Verify chain")
        self.verify_button.clicked.connect(self.verify)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)

        filters = QtWidgets.QHBoxLayout()
        for label, widget in (
            ("U&ser", self.user),
            ("&Action", self.action),
            ("&Object", self.object_text),
            ("&From", self.date_from),
            ("&To", self.date_to),
        ):
            lab = QtWidgets.QLabel(label)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget)
        filters.addWidget(search)
        filters.addStretch(1)
        filters.addWidget(self.verify_button)

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit trail entries")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, QtCore.Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        # The Details column is cut at 1366 px; the selected entry's details read whole here.
        self.details = QtWidgets.QPlainTextEdit()
        self.details.setObjectName("auditDetails")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details of the selected entry")
        self.details.setPlaceholderText("Select an entry to read its details in full.")
        self.details.setMaximumHeight(5 * self.details.fontMetrics().lineSpacing() + 12)
        details_label = QtWidgets.QLabel("Details of the selected &entry")
        details_label.setBuddy(self.details)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())

        layout = QtWidgets.QVBoxLayout(self)
        heading = QtWidgets.QLabel("Audit trail")
        heading.setObjectName("areaHeading")
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(details_label)
        layout.addWidget(self.details)
        layout.addWidget(self.status)
        self._load_actions()
        self.refresh()

    def _load_actions(self) -> None:
        actions = self.session.fetch(self, self.service.actions)
        if actions is None:
            return
        self.action.clear()
        self.action.addItem("(any)", "")
        for name in sorted(actions, key=action_words):
            self.action.addItem(action_words(name), name)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            actor=self.user.text().strip().lower(),
            action=self.action.currentData() or "",
            object_text=self.object_text.text().strip(),
            date_from=_london_midnight(self.date_from.date()),
            date_to=_london_midnight(self.date_to.date()) + timedelta(days=1),
        )

    def _show_details(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.details.clear()
            return
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        about = COLUMNS[5].display(row)
        lines = [
            f"{format_london(row.at, with_seconds=True)}: {action_words(row.action)}",
            f"By: {row.actor}" + (f" ({agency_words(row.agency)})" if row.agency else ""),
            *([f"About: {about}"] if about else []),
            *([details_words(row.details, known_agencies())] if row.details != "{}" else []),
        ]
        self.details.setPlainText("\n".join(lines))

    def refresh(self) -> None:
        rows = self.session.fetch(self, self.service.search, self.current_filter())
        if rows is None:
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(rows)} entries shown (newest first, at most 500).")

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.status.setText("Verifying the whole chain...")
        actor = self.session.actor
        run_in_background(lambda: self.service.verify(actor), self._verified, self._verify_failed)

    def _verified(self, result: object) -> None:
        self.verify_button.setEnabled(True)
        ok = getattr(result, "ok", False)
        self.status.setText(("OK: " if ok else "BROKEN: ") + str(result))
        self.status.setProperty("state", "ok" if ok else "bad")

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.status.setText("Verification could not run.")
        show_error(self, exc)
