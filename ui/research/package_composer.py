"""The MASH manager's composer for the final intelligence package (ISP-4, ISP-5)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.printing.document import PrintableDocument
from mash_desktop.services.research.packages import PackageItemRow, PackageRow, PackageService
from mash_desktop.services.research.permissions import PermissionRequests
from mash_desktop.services.research.rows import FindingRow
from ui.kit.dialogs import GuardedForm
from ui.kit.field_errors import FieldErrors, error_label
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import configure_columns
from ui.research.permission_dialogs import PermissionNoteDialog, ask_permission_dialog

SHARED_COLUMNS: list[Column[FindingRow]] = [
    Column("Source agency", lambda f: f.agency_name),
    Column("Item", lambda f: str(f.id), lambda f: f.id, align_right=True),
    Column("About", lambda f: f.about),
    Column("Information", lambda f: f.finding, tooltip=lambda f: f.finding),
    Column("Relevance", lambda f: f.relevance.label),
    Column(
        "May leave MASH",
        lambda f: "Permitted" if f.outside_permitted else "No: partner permission needed",
    ),
]

PACKAGE_COLUMNS: list[Column[PackageItemRow]] = [
    Column("Source agency", lambda i: i.finding.agency_name),
    Column("Item", lambda i: str(i.finding.id), lambda i: i.finding.id, align_right=True),
    Column("About", lambda i: i.finding.about),
    Column("Information", lambda i: i.finding.finding, tooltip=lambda i: i.finding.finding),
    Column("Lawful basis", lambda i: i.basis, tooltip=lambda i: i.basis),
]

# ISP-5: every item in the package still waiting for its partner's permission, and where its
# request stands ("not asked yet", "asked ... no answer yet", "refused ...: why").
WAITING_COLUMNS: list[Column[PackageItemRow]] = [
    Column("Source agency", lambda i: i.finding.agency_name),
    Column("Item", lambda i: str(i.finding.id), lambda i: i.finding.id, align_right=True),
    Column("About", lambda i: i.finding.about),
    Column("Where the permission stands", lambda i: i.waiting, tooltip=lambda i: i.waiting),
]


T = TypeVar("T")


class PackageComposer(GuardedForm):
    """Pick shared items into the package; each keeps its source agency."""

    what = "This package's team and summary"
    save_label = "Sa&ve details"

    def __init__(
        self, session: UiSession, contact_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.contact_id = contact_id
        self.service = PackageService(session.ctx)
        self.service_asks = PermissionRequests(session.ctx)
        self.package: PackageRow | None = None
        self.last_document: PrintableDocument | None = None
        self.setWindowTitle("Final intelligence package")

        self.packages = QtWidgets.QComboBox()
        self.packages.setAccessibleName("Packages on this contact")
        self.packages.currentIndexChanged.connect(self._package_chosen)
        self.recipient = QtWidgets.QLineEdit()
        self.recipient.setPlaceholderText("Operational team, e.g. Locality team West")
        self.summary = QtWidgets.QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(70)
        self.new_button = QtWidgets.QPushButton("&New package")
        self.new_button.clicked.connect(self.new_package)
        self.save_button = QtWidgets.QPushButton("Sa&ve details")
        self.save_button.clicked.connect(self.save_details)

        self.shared_model: RowTableModel[FindingRow] = RowTableModel(SHARED_COLUMNS, self)
        self.shared_table = self._table(self.shared_model, "sharedItems", (3,))
        self.items_model: RowTableModel[PackageItemRow] = RowTableModel(PACKAGE_COLUMNS, self)
        self.items_table = self._table(self.items_model, "packageItems", (3, 4))
        self.waiting_model: RowTableModel[PackageItemRow] = RowTableModel(WAITING_COLUMNS, self)
        self.waiting_table = self._table(self.waiting_model, "waitingItems", (3,))
        self.waiting_label = QtWidgets.QLabel()
        self.waiting_label.setBuddy(self.waiting_table)
        self.ask_button = QtWidgets.QPushButton("Ask the partners f&or permission...")
        self.ask_button.setToolTip(
            "One request to each item's originating partner: the selected waiting items, or all "
            "not yet asked"
        )
        self.ask_button.clicked.connect(self.ask_permission)
        self.ask_dialog: PermissionNoteDialog | None = None
        self.add_button = QtWidgets.QPushButton("&Add to package ↓")
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button = QtWidgets.QPushButton("↑ &Remove from package")
        self.remove_button.clicked.connect(self.remove_selected)
        self.issue_button = QtWidgets.QPushButton("&Issue to the team")
        self.issue_button.clicked.connect(self.issue)
        self.print_button = QtWidgets.QPushButton("&Print controlled copies...")
        self.print_button.clicked.connect(self.print_copies)
        self.error = error_label()
        self.errors = FieldErrors(self.error)
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)

        details = QtWidgets.QFormLayout()
        for text, widget in (
            ("Pac&kage", self.packages),
            ("For &team", self.recipient),
            ("S&ummary", self.summary),
        ):
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            details.addRow(label, widget)
        detail_buttons = QtWidgets.QHBoxLayout()
        detail_buttons.addWidget(self.new_button)
        detail_buttons.addWidget(self.save_button)
        detail_buttons.addStretch(1)
        details.addRow(detail_buttons)

        tables = QtWidgets.QVBoxLayout()
        shared_label = QtWidgets.QLabel("Items the agencies &shared")
        shared_label.setBuddy(self.shared_table)
        tables.addWidget(shared_label)
        tables.addWidget(self.shared_table, 1)
        middle = QtWidgets.QHBoxLayout()
        middle.addWidget(self.add_button)
        middle.addWidget(self.remove_button)
        middle.addWidget(self.error, 1)
        tables.addLayout(middle)
        items_label = QtWidgets.QLabel("In the package (each with its source agen&cy)")
        items_label.setBuddy(self.items_table)
        tables.addWidget(items_label)
        tables.addWidget(self.items_table, 1)
        waiting_row = QtWidgets.QHBoxLayout()
        waiting_row.addWidget(self.waiting_label, 1)
        waiting_row.addWidget(self.ask_button)
        tables.addLayout(waiting_row)
        tables.addWidget(self.waiting_table, 1)

        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.issue_button)
        close = QtWidgets.QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom.addWidget(close)

        layout = QtWidgets.QVBoxLayout(self)
        note = QtWidgets.QLabel(
            "Only authorised senior staff decide what goes into the final intelligence package "
            "(information security protocol, paragraph 2.1.2). An item leaves the MASH only "
            "with its originating partner's recorded permission (information sharing protocol, "
            "paragraph 7.1.4)."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(details)
        layout.addLayout(tables, 1)
        layout.addLayout(bottom)
        self.resize(1100, 700)
        self.watch(self.recipient, self.summary)
        self.reload()

    @staticmethod
    def _table(
        model: RowTableModel,  # type: ignore[type-arg]
        name: str,
        stretch: tuple[int, ...],
    ) -> QtWidgets.QTableView:
        table = QtWidgets.QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        configure_columns(table, stretch)
        return table

    # --- loading ---------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        actor = self.session.actor
        shared = self.session.run(self, self.service.shared_items, actor, self.contact_id)
        self.shared_model.set_rows(shared)
        packages = self.session.run(self, self.service.packages_for_contact, actor, self.contact_id)
        current = select_id or (self.package.id if self.package else None)
        self.packages.blockSignals(True)
        self.packages.clear()
        for p in packages:
            state = "draft" if p.status == "draft" else "issued"  # words, not the stored value
            self.packages.addItem(f"Package {p.id} for {p.recipient} ({state})", p.id)
        self.packages.blockSignals(False)
        if packages:
            index = self.packages.findData(current) if current else len(packages) - 1
            self.packages.setCurrentIndex(max(0, index))
            self._show(next(p for p in packages if p.id == self.packages.currentData()))
        else:
            self._show(None)

    def _package_chosen(self, _index: int) -> None:
        package_id = self.packages.currentData()
        if package_id is None:
            return
        with contextlib.suppress(ActionFailed):
            self._show(self.session.run(self, self.service.get, self.session.actor, package_id))

    def _show(self, package: PackageRow | None) -> None:
        self.package = package
        draft = package is not None and package.status == "draft"
        self.items_model.set_rows(package.items if package else [])
        waiting = [i for i in package.items if i.waiting] if package else []
        self.waiting_model.set_rows(waiting)
        self.waiting_label.setText(
            f"&Waiting for the partners' permission to leave the MASH: {len(waiting)} item(s)"
            if waiting
            else "&Waiting for the partners' permission: none"
        )
        self.ask_button.setEnabled(draft and bool(waiting))
        if package:
            with self.loading():
                self.recipient.setText(package.recipient)
                self.summary.setPlainText(package.summary)
            self._dirty = False
            names = {i.finding.agency_name for i in package.items}
            sources = ", ".join(sorted(names)) or "none yet"
            self.status.setText(
                f"Package {package.id}: {len(package.items)} item(s); source agencies: {sources}; "
                + ("draft" if draft else "issued")
            )
        else:
            self.status.setText("No package yet: name the team and choose New package.")
        for button in (self.add_button, self.remove_button, self.issue_button, self.save_button):
            button.setEnabled(draft)
        self.print_button.setEnabled(package is not None)

    # --- actions ---------------------------------------------------------------------------
    def _attempt(self, fn: Callable[..., T], *args: Any) -> T:
        """Rules the manager can act on (validation, an ISP-5 refusal) show beside the tables."""

        def refusals_here(*inner: Any) -> T:
            try:
                return fn(*inner)
            except PermissionDenied as exc:
                self.errors.show_fields({}, str(exc))
                raise ActionFailed(str(exc)) from exc

        return self.errors.call(self.session, self, refusals_here, *args)

    def new_package(self) -> None:
        with contextlib.suppress(ActionFailed):
            package_id = self._attempt(
                self.service.create,
                self.session.actor,
                self.contact_id,
                self.recipient.text(),
                self.summary.toPlainText(),
            )
            self._dirty = False
            self.reload(package_id)

    def save_details(self) -> None:
        if self.package is None:
            return
        with contextlib.suppress(ActionFailed):
            self._attempt(
                self.service.update_summary,
                self.session.actor,
                self.package.id,
                self.recipient.text(),
                self.summary.toPlainText(),
            )
            self._dirty = False
            self.reload(self.package.id)

    def save_and_close(self) -> None:
        if self.package is None:
            self.new_package()
        else:
            self.save_details()
        if not self._dirty:
            self.close_without_asking()

    def add_selected(self) -> None:
        if self.package is None:
            return
        rows = [i.row() for i in self.shared_table.selectionModel().selectedRows()]
        with contextlib.suppress(ActionFailed):
            for row in rows:
                finding = self.shared_model.row_at(row)
                self._attempt(
                    self.service.add_item, self.session.actor, self.package.id, finding.id
                )
            self.reload(self.package.id)

    def remove_selected(self) -> None:
        if self.package is None:
            return
        rows = [i.row() for i in self.items_table.selectionModel().selectedRows()]
        with contextlib.suppress(ActionFailed):
            for row in rows:
                item = self.items_model.row_at(row)
                self._attempt(
                    self.service.remove_item, self.session.actor, self.package.id, item.finding.id
                )
            self.reload(self.package.id)

    def ask_permission(self) -> PermissionNoteDialog | None:
        """ISP-5: one request per waiting item to its originating partner, with one note."""
        if self.package is None:
            return None
        chosen = [
            self.waiting_model.row_at(i.row())
            for i in self.waiting_table.selectionModel().selectedRows()
        ]
        if not chosen:  # none selected: every waiting item not already asked
            chosen = [
                self.waiting_model.row_at(r)
                for r in range(self.waiting_model.rowCount())
                if not self.waiting_model.row_at(r).waiting.startswith("asked ")
            ]
        if not chosen:
            self.errors.show_fields({}, "Every waiting item has been asked; no answer yet.")
            return None
        package_id = self.package.id
        ids = [i.finding.id for i in chosen]

        def submit(note: str) -> int:
            made = self.service_asks.ask(self.session.actor, package_id, ids, note)
            confirm_in_status_bar(self, f"Asked the partners for permission: {made} request(s).")
            return made

        def sent() -> None:
            self.reload(package_id)
            self.status.setText(
                f"{dialog.result_value} request(s) sent to the partners; each answers in its "
                "Research due area. " + self.status.text()
            )

        dialog = ask_permission_dialog(self.session, [i.finding for i in chosen], submit, self)
        dialog.accepted.connect(sent)
        self.ask_dialog = dialog
        dialog.open()
        return dialog

    def issue(self) -> None:
        if self.package is None:
            return
        # Refused before the confirmation: an empty package, or any item still waiting.
        try:
            self._attempt(self.service.check_issue, self.session.actor, self.package.id)
        except ActionFailed:
            return
        answer = QtWidgets.QMessageBox.question(
            self,
            "Issue package",
            f"Issue package {self.package.id} to {self.package.recipient}? Each item is logged "
            "as a disclosure and the package can no longer be changed.",
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        with contextlib.suppress(ActionFailed):
            self._attempt(self.service.issue, self.session.actor, self.package.id)
            confirm_in_status_bar(
                self, f"Package {self.package.id} issued to {self.package.recipient}."
            )
            self.reload(self.package.id)

    def prepare_print(self) -> None:
        if self.package is None:
            return
        with contextlib.suppress(ActionFailed):
            self.last_document = self._attempt(
                self.service.printable_package, self.session.actor, self.package.id
            )
            names = sorted({i.finding.agency_name for i in self.package.items})
            self.status.setText(
                f"Ready for controlled-copy printing: {self.last_document.title}, sources "
                f"{', '.join(names)}."
            )

    def print_copies(self) -> None:
        """Controlled paper copies (SEC-5): checked and prepared, registered, then printed."""
        from ui.copies.print_flow import DocumentChoice, start_print

        self.last_document = None
        self.prepare_print()
        if self.package is None or self.last_document is None:
            return
        package_id = self.package.id
        choice = DocumentChoice(
            self.last_document.title,
            lambda actor: self.service.printable_package(actor, package_id),
        )
        with contextlib.suppress(ActionFailed):
            start_print(self.session, self, [choice])
