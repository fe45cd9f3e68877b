"""The referral queue area (RQ-2): filters, the table, and a cheap poll so another
workstation's changes show without a restart."""

from __future__ import annotations

from typing import Any

from mash_desktop.domain.contact_codes import ContactStatus, Rag
from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.services.contacts.queue import (
    ANY,
    ChangeToken,
    QueueFilter,
    QueuePage,
    QueueService,
)
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.settings import SettingsService
from ui.contacts.queue_fit import ColumnFit, legend_html
from ui.contacts.queue_model import ROW_ID_ROLE, QueueModel
from ui.kit.changes import refresh_on_change
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import Qt, QtCore, QtGui, QtWidgets
from ui.kit.session import ActionFailed, UiSession

POLL_MS = 3_000
CHANGE_COALESCE_MS = 100
QUEUE_TABLES = frozenset({"contacts", "subjects", "reconnected"})
TICK_MS = 30_000
FILTER_DELAY_MS = 120


class QueueView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        refresh_on_change(self, session, self.reload)
        self.queue = QueueService(session.ctx)
        self.contacts = ContactService(session.ctx)
        self._token: ChangeToken | None = None

        heading = QtWidgets.QLabel("Referral queue")
        heading.setObjectName("areaHeading")
        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setPlaceholderText("part of a child's name")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)  # usable however many filters share the row
        self.rag = QtWidgets.QComboBox()
        self.rag.addItem("Any RAG", ANY)
        for rag in Rag:
            self.rag.addItem(rag.label, rag.value)
        self.status = QtWidgets.QComboBox()
        for status in ContactStatus:
            self.status.addItem(status.label, status.value)
        self.status.addItem("Any status", ANY)
        self.agency = QtWidgets.QComboBox()
        self.agency.addItem("Any referrer", ANY)
        self.agency.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.agency.setMinimumContentsLength(14)  # a long agency name does not crowd the search
        self.overdue = QtWidgets.QCheckBox("O&verdue only")
        self.count = QtWidgets.QLabel()
        self.count.setObjectName("queueCount")

        bar = QtWidgets.QHBoxLayout()
        for text, widget in (
            ("&Search", self.search),
            ("&RAG", self.rag),
            ("S&tatus", self.status),
            ("Re&ferrer", self.agency),
        ):
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget, 2 if widget is self.search else 0)
        bar.addWidget(self.overdue)
        bar.addStretch(1)
        bar.addWidget(self.count)

        self._timer_refresh = False
        self.model = QueueModel(self._fetch, session.ctx.clock.now, self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("queueTable")
        self.table.setAccessibleName("Referral queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.hidden_columns = QtWidgets.QLabel()
        self.hidden_columns.setObjectName("hiddenColumns")
        self.column_fit = ColumnFit(self.table, self.hidden_columns)

        buttons = QtWidgets.QHBoxLayout()
        self.new_button = QtWidgets.QPushButton("&New contact... (Ctrl+N)")
        self.new_button.clicked.connect(self.new_contact)
        self.open_button = QtWidgets.QPushButton("&Open contact (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        self.refresh_button = QtWidgets.QPushButton("Refresh (F5)")
        self.refresh_button.clicked.connect(self.reload)
        self.person_button = QtWidgets.QPushButton("Find a &person... (Ctrl+Shift+F)")
        self.person_button.clicked.connect(self.find_person)  # RQ-8
        self.person_button.setEnabled(session.actor.role in CASEWORKERS)
        for b in (self.new_button, self.open_button, self.refresh_button, self.person_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.legend = QtWidgets.QLabel()
        self.legend.setWordWrap(True)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hidden_columns)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)

        for seq, slot in (
            ("Ctrl+N", self.new_contact),
            ("F5", self.reload),
            ("Ctrl+F", self.search.setFocus),
            ("Ctrl+Shift+F", self.find_person),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(seq), self)
            shortcut.activated.connect(slot)
        for key in ("Return", "Enter"):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)

        self.filter_timer = QtCore.QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.filter_timer.start())
        for combo in (self.rag, self.status, self.agency):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.overdue.toggled.connect(lambda _b: self.apply_filter())

        self.poll_timer = QtCore.QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.tick_timer = QtCore.QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.model.tick)

        self.allowed = session.actor.role in CASEWORKERS
        if not self.allowed:
            for w in (self.table, self.new_button, self.open_button, self.search):
                w.setEnabled(False)
            self.count.setText("Your role has no access to the referral queue.")
            return
        try:
            agencies = session.run(self, self.queue.referrer_agencies, session.actor)
        except ActionFailed:
            agencies = []
        for code, name in agencies:
            self.agency.addItem(name, code)
        self.legend.setText(self._legend_text())
        self.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # the model sorts in the database
        self.reload()
        changes = session.changes()
        if changes is not None:  # a hub pushes changes: reload on them, no polling
            self.change_timer = QtCore.QTimer(self)
            self.change_timer.setSingleShot(True)
            self.change_timer.setInterval(CHANGE_COALESCE_MS)
            self.change_timer.timeout.connect(self.poll)
            changes.changed.connect(self._on_change)
        else:
            self.poll_timer.start()
        self.tick_timer.start()

    def _legend_text(self) -> str:
        settings = SettingsService(self.session.ctx)
        try:
            hours = {
                rag: self.session.run(
                    self, settings.get, self.session.actor, f"rag_hours_{rag.value}"
                )
                for rag in Rag
            }
        except ActionFailed:
            return ""
        self.legend_hours = hours
        return legend_html(hours)

    # --- data --------------------------------------------------------------------------------
    def _fetch(self, flt: QueueFilter, sort: Any, descending: bool, limit: int, offset: int) -> Any:
        refresh = self._timer_refresh and offset == 0
        try:
            return self.session.run(
                self,
                self.queue.page,
                self.session.actor,
                flt,
                sort,
                descending,
                limit,
                offset,
                refresh=refresh,
                shown=self.model.shown_ids() if refresh else (),
            )
        except ActionFailed:
            if offset:  # scrolling on: the user was told; just stop fetching
                return QueuePage([], offset)
            raise

    def current_filter(self) -> QueueFilter:
        return QueueFilter(
            text=self.search.text(),
            rag=self.rag.currentData(),
            status=self.status.currentData(),
            agency_code=self.agency.currentData(),
            overdue_only=self.overdue.isChecked(),
        )

    def apply_filter(self) -> None:
        self.filter_timer.stop()
        self._keep_selection(lambda: self.model.set_filter(self.current_filter()))

    def reload(self) -> None:
        if not self.allowed:
            return
        self._keep_selection(self.model.reload)
        try:
            self._token = self.session.run(self, self.queue.change_token, self.session.actor)
        except ActionFailed:
            self._token = None

    def _keep_selection(self, action: Any) -> None:
        selected = self.selected_id()
        try:
            action()
        except ActionFailed:
            return
        shown = self.model.rowCount()
        self.count.setText(f"{shown} shown of {self.model.total} contacts")
        if shown and not getattr(self, "_columns_sized", False):
            self.column_fit.fit_when_shown()  # once, and on resizes: reloads keep user widths
            self._columns_sized = True
        if selected is not None:
            row = self.model.row_of(selected)
            if row >= 0:
                self.table.selectRow(row)

    def poll(self) -> None:
        """Reload only when the store changed (another officer's save, claim or new contact).

        Skipped while hidden (another area shown, or the session locked): nothing is read or
        audited for a screen nobody can see; showing it again polls at once."""
        if not self.isVisible():
            return
        try:
            token = self.session.run(self, self.queue.change_token, self.session.actor)
        except ActionFailed:
            self.poll_timer.stop()
            return
        if token != self._token:
            self.refresh_automatically()

    def refresh_automatically(self) -> None:
        """Reload because the store changed, not because the person asked for a listing:
        the service audits it only if it shows contacts not already on screen."""
        self._timer_refresh = True
        try:
            self.reload()
        finally:
            self._timer_refresh = False

    def _on_change(self, table: str) -> None:
        if table in QUEUE_TABLES:
            self.change_timer.start()  # one reload for a burst of changes

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self.allowed:
            QtCore.QTimer.singleShot(0, self.poll)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return int(self.model.data(rows[0], ROW_ID_ROLE))

    # --- actions -----------------------------------------------------------------------------
    def new_contact(self) -> QtWidgets.QDialog | None:
        from ui.contacts.intake_dialog import IntakeDialog

        if not self.allowed:
            return None
        dialog = IntakeDialog(self.session, self)
        try:
            draft = self.session.run(self, self.contacts.load_draft, self.session.actor)
        except ActionFailed:
            return None
        if draft is not None and self.offer_draft(draft.updated_at):
            dialog.restore(draft.payload)
        dialog.logged.connect(self._after_intake)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def offer_draft(self, updated_at: Any) -> bool:
        """Ask whether to carry on with the unfinished contact; tests replace this."""
        from mash_desktop.domain.clock import format_london

        answer = QtWidgets.QMessageBox.question(
            self,
            "Unfinished contact",
            f"You have an unfinished contact kept at {format_london(updated_at)}. Carry on with it?",
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def find_person(self) -> QtWidgets.QDialog | None:
        """Person search (RQ-8), beside the queue: earlier contacts, read-only, chronology."""
        from ui.contacts.person_search import PersonSearchDialog

        if not self.allowed:
            return None
        dialog = PersonSearchDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_selected(self) -> None:
        contact_id = self.selected_id()
        if contact_id is not None:
            self.open_contact(contact_id)

    def _after_intake(self, made: ContactDetail) -> None:
        confirm_in_status_bar(self, f"Contact {made.reference} logged.")
        self.reload()
        self.open_contact(made.id)

    def open_contact(self, contact_id: int) -> QtWidgets.QWidget | None:
        from ui.contacts.contact_view import ContactDialog

        try:
            dialog = ContactDialog(self.session, contact_id, self)
        except ActionFailed:
            return None
        dialog.changed.connect(self.refresh_automatically)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
