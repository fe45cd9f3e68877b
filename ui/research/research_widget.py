"""The agency research on one contact: one panel per agency asked to research it.

A standalone widget taking (session, contact_id), so the contact view can embed it. What it
shows comes from ResearchService, which applies need to know (ISP-2): another agency's panel
shows its state and only the items that agency shared.
"""

from __future__ import annotations

import contextlib

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import ResearchState
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.research.rows import (
    ContactResearch,
    DisclosureRow,
    FindingRow,
    PanelRow,
)
from mash_desktop.services.research.service import ResearchService
from ui.kit.messages import confirm_in_status_bar
from ui.kit.prompts import ask_text
from ui.kit.qt import QtGui, QtWidgets, Signal
from ui.kit.session import ActionFailed, UiSession
from ui.kit.tab_order import tab_after
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import FittedTable, require_selected, selected
from ui.research.dialogs import AgencyChoiceDialog, FindingDialog, ShareDialog
from ui.research.item_actions import correct_shared_item, found_text, reverse_do_not_disclose

STATE_MARKS = {
    ResearchState.REQUESTED: "○",
    ResearchState.DRAFT: "✎",
    ResearchState.SUBMITTED: "✔",
    ResearchState.SHARED: "⇄",
}

FINDING_COLUMNS: list[Column[FindingRow]] = [
    Column("Item", lambda f: str(f.id), lambda f: f.id, align_right=True),
    Column("About", lambda f: f.about),
    Column("System", lambda f: f.system),
    Column("Found", found_text, tooltip=found_text),
    Column("Relevance", lambda f: f.relevance.label),
    Column("Sensitive", lambda f: f"Yes: {f.sensitivity_note}" if f.sensitive else "No"),
    Column(
        "Shared", lambda f: "Shared " + format_london(f.shared_at) if f.shared else "Not shared"
    ),
    Column("May leave MASH", lambda f: "Permitted" if f.outside_permitted else "No"),
]

DISCLOSURE_COLUMNS: list[Column[DisclosureRow]] = [
    Column("When (UK time)", lambda d: format_london(d.at), lambda d: d.at),
    Column("By", lambda d: d.by),
    Column("From", lambda d: d.from_agency),
    Column("To", lambda d: d.to_party),
    Column("What", lambda d: d.what, tooltip=lambda d: d.what),
    Column("Basis", lambda d: d.basis, tooltip=lambda d: d.basis),
]


class AgencyPanel(QtWidgets.QGroupBox):
    """One agency's research. Editable by that agency until submitted; read-only otherwise."""

    changed = Signal()

    def __init__(
        self,
        session: UiSession,
        research: ContactResearch,
        panel: PanelRow,
        unsaved_systems: str | None = None,
    ) -> None:
        super().__init__(panel.agency_name)
        self.setObjectName(f"panel_{panel.agency_code}")
        self.session = session
        self.service = ResearchService(session.ctx)
        self.research = research
        self.panel = panel
        editable = panel.own and panel.state in (ResearchState.REQUESTED, ResearchState.DRAFT)

        self.state_label = QtWidgets.QLabel(f"{STATE_MARKS[panel.state]}  {panel.state.label}")
        self.state_label.setObjectName("researchState")
        self.state_label.setProperty("state", panel.state.value)
        facts = [f"Due {format_london(panel.due_at)}"]
        if panel.researcher:
            facts.append(f"researcher {panel.researcher}")
        if panel.submitted_at:
            facts.append(f"submitted {format_london(panel.submitted_at)}")
        header = QtWidgets.QHBoxLayout()
        header.addWidget(self.state_label)
        header.addStretch(1)
        header.addWidget(QtWidgets.QLabel("; ".join(facts)))

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(header)
        self.systems: QtWidgets.QPlainTextEdit | None = None
        if panel.own:
            self.systems = QtWidgets.QPlainTextEdit(
                unsaved_systems if unsaved_systems is not None else panel.systems_checked
            )
            self.systems.setObjectName("systemsChecked")
            self.systems.setTabChangesFocus(True)
            self.systems.setReadOnly(not editable)
            self.systems.setMaximumHeight(60)
            self.systems.setPlaceholderText("Which of your agency's systems were checked")
            label = QtWidgets.QLabel("S&ystems checked")
            label.setBuddy(self.systems)
            layout.addWidget(label)
            layout.addWidget(self.systems)
        else:
            note = QtWidgets.QLabel(
                f"Need to know: only items {panel.agency_name} has shared are shown here."
            )
            note.setWordWrap(True)
            layout.addWidget(note)

        self.model: RowTableModel[FindingRow] = RowTableModel(FINDING_COLUMNS, self)
        self.model.set_rows(panel.findings)
        self.table = FittedTable(self.model, "findingsTable", stretch=(3,))
        if not panel.findings:
            self.table.hide()
            empty = QtWidgets.QLabel(
                "No items recorded yet." if panel.own else "Nothing shared by this agency yet."
            )
            layout.addWidget(empty)
        layout.addWidget(self.table)

        if panel.own:
            buttons = QtWidgets.QHBoxLayout()
            self.buttons: dict[str, QtWidgets.QPushButton] = {}
            for key, text, slot, enabled in (
                ("add", "&Add item...", self.add_item, editable),
                ("edit", "&Edit item...", self.edit_item, editable),
                ("delete", "&Delete item", self.delete_item, editable),
                ("save", "Save &draft", self.save_draft, editable),
                ("submit", "Su&bmit", self.submit, editable),
                ("share", "S&hare item...", self.share_item, not editable),
                ("permit", "&Permit outside MASH...", self.permit_item, not editable),
                ("correct", "Co&rrect shared...", self.correct_item, not editable),
                ("reverse", "Re&verse 'do not disclose'...", self.reverse_item, not editable),
            ):
                button = QtWidgets.QPushButton(text)
                button.setObjectName(f"research_{key}")
                button.setEnabled(enabled)
                button.clicked.connect(slot)
                buttons.addWidget(button)
                self.buttons[key] = button
            buttons.addStretch(1)
            layout.addLayout(buttons)

    # --- helpers ---------------------------------------------------------------------------
    def unsaved_systems(self) -> str | None:
        """Typed text not yet saved, kept across a refresh so nothing typed is lost."""
        if self.systems is None or self.systems.isReadOnly():
            return None
        text = self.systems.toPlainText()
        return text if text != self.panel.systems_checked else None

    def selected(self) -> FindingRow | None:
        if selected(self.table) is None and self.model.rowCount() == 1:
            return self.model.row_at(0)
        row: FindingRow | None = require_selected(self.table, "an item")
        return row

    def _save_systems_if_changed(self) -> None:
        if self.unsaved_systems() is not None and self.systems is not None:
            self.session.run(
                self,
                self.service.save_panel,
                self.session.actor,
                self.panel.request_id,
                self.systems.toPlainText(),
                self.panel.version,
            )

    def _confirm(self, text: str) -> None:
        """Say what was done to which item of whose research, in the status bar (issue 13)."""
        confirm_in_status_bar(self, text)

    @property
    def _where(self) -> str:
        return f"the research of {self.panel.agency_name} on contact {self.research.reference}"

    # --- actions ---------------------------------------------------------------------------
    def add_item(self) -> None:
        actor = self.session.actor
        dialog = FindingDialog(
            self.session,
            self.research.subjects,
            lambda data: self.service.add_finding(actor, self.panel.request_id, data),
            parent=self,
        )
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            if dialog.result_row is not None:
                self._confirm(f"Item {dialog.result_row.id} added to {self._where}.")
            self.changed.emit()

    def edit_item(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        actor = self.session.actor
        dialog = FindingDialog(
            self.session,
            self.research.subjects,
            lambda data: self.service.update_finding(actor, finding.id, data),
            existing=finding,
            parent=self,
        )
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self._confirm(f"Item {finding.id} in {self._where} changed.")
            self.changed.emit()

    def delete_item(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        answer = QtWidgets.QMessageBox.question(self, "Research", f"Delete item {finding.id}?")
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(self, self.service.delete_finding, self.session.actor, finding.id)
            self._confirm(f"Item {finding.id} deleted from {self._where}.")
            self.changed.emit()

    def save_draft(self) -> None:
        if self.systems is None:
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self,
                self.service.save_panel,
                self.session.actor,
                self.panel.request_id,
                self.systems.toPlainText(),
                self.panel.version,
            )
            confirm_in_status_bar(self, f"{self.panel.agency_name}'s research draft saved.")
            self.changed.emit()

    def submit(self) -> None:
        with contextlib.suppress(ActionFailed):
            self._save_systems_if_changed()
            self.session.run(self, self.service.submit, self.session.actor, self.panel.request_id)
            confirm_in_status_bar(self, f"{self.panel.agency_name}'s research submitted.")
            self.changed.emit()

    def share_item(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        if finding.shared:
            QtWidgets.QMessageBox.information(self, "Research", f"Item {finding.id} is shared.")
            return
        actor = self.session.actor
        dialog = ShareDialog(
            self.session,
            finding,
            lambda req: self.service.share(actor, finding.id, req),
            parent=self,
        )
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            result = dialog.result_value
            if result is not None and not result.shared:
                QtWidgets.QMessageBox.information(self, "Not shared", result.message)
            else:
                self._confirm(f"Item {finding.id} in {self._where} shared with the MASH partners.")
            self.changed.emit()

    def correct_item(self) -> None:
        finding = self.selected()
        if finding is not None and correct_shared_item(self.session, self, finding):
            self._confirm(
                f"Item {finding.id} in {self._where} corrected: partners see it marked amended."
            )
            self.changed.emit()

    def reverse_item(self) -> None:
        finding = self.selected()
        if finding is not None and reverse_do_not_disclose(self.session, self, finding):
            self._confirm(f"'Do not disclose' reversed on item {finding.id} in {self._where}.")
            self.changed.emit()

    def permit_item(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        note = ask_text(
            self,
            "Dissemination outside the MASH",
            f"Item {finding.id}: who in your agency permits it to leave the MASH, and why it is "
            "within the agreed principles (protocol paragraph 7.1.4)?",
        )
        if note is None:
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self,
                self.service.set_outside_permission,
                self.session.actor,
                finding.id,
                True,
                note,
            )
            self._confirm(f"Item {finding.id} in {self._where} may now leave the MASH: permitted.")
            self.changed.emit()


class ContactResearchWidget(QtWidgets.QWidget):
    """Every agency's panel on the contact, the manager's tools and the disclosure log."""

    def __init__(self, session: UiSession, contact_id: int) -> None:
        super().__init__()
        self.session = session
        self.contact_id = contact_id
        self.service = ResearchService(session.ctx)
        self.panels: dict[str, AgencyPanel] = {}
        self.research: ContactResearch | None = None

        self.heading = QtWidgets.QLabel("Agency research")
        self.heading.setObjectName("areaHeading")
        self.choose_button = QtWidgets.QPushButton("&Choose agencies...")
        self.choose_button.clicked.connect(self.choose_agencies)
        self.package_button = QtWidgets.QPushButton("Compose intelligence pac&kage...")
        self.package_button.clicked.connect(self.compose_package)
        is_manager = session.actor.role is Role.MASH_MANAGER
        self.choose_button.setVisible(is_manager)
        self.package_button.setVisible(is_manager)
        refresh = QtGui.QAction("Refresh", self)
        refresh.setShortcut(QtGui.QKeySequence("F5"))
        refresh.triggered.connect(self.refresh)
        self.addAction(refresh)

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.choose_button)
        top.addWidget(self.package_button)

        self.panel_holder = QtWidgets.QWidget()
        self.panel_layout = QtWidgets.QVBoxLayout(self.panel_holder)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.panel_holder)

        self.log_model: RowTableModel[DisclosureRow] = RowTableModel(DISCLOSURE_COLUMNS, self)
        self.log_table = FittedTable(self.log_model, "disclosureLog", stretch=(4, 5), max_rows=3)
        log_label = QtWidgets.QLabel("Disclosure &log (who shared what, with whom, on what basis)")
        log_label.setBuddy(self.log_table)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(log_label)
        layout.addWidget(self.log_table)
        self.refresh()

    def refresh(self) -> None:
        kept = {
            code: text
            for code, panel in self.panels.items()
            if (text := panel.unsaved_systems()) is not None
        }
        with contextlib.suppress(ActionFailed):
            research = self.session.run(
                self, self.service.contact_research, self.session.actor, self.contact_id
            )
            log = self.session.run(
                self, self.service.disclosures, self.session.actor, self.contact_id
            )
            self.research = research
            self.heading.setText(
                f"Agency research - contact {research.reference} (RAG: {research.rag.capitalize()})"
            )
            self.panels = {}
            while self.panel_layout.count():
                item = self.panel_layout.takeAt(0)
                if item is not None and (widget := item.widget()) is not None:
                    widget.hide()
                    widget.deleteLater()
            if not research.panels:
                self.panel_layout.addWidget(
                    QtWidgets.QLabel("No agency has been asked to research this contact yet.")
                )
            ordered = sorted(research.panels, key=lambda p: (not p.own, p.agency_name))
            for row in ordered:
                panel = AgencyPanel(self.session, research, row, kept.get(row.agency_code))
                panel.changed.connect(self.refresh)
                self.panels[row.agency_code] = panel
                self.panel_layout.addWidget(panel)
            self.panel_layout.addStretch(1)
            tab_after(self.panel_holder, self.log_table)  # the log shows below the panels
            self.log_model.set_rows(log)

    def choose_agencies(self) -> None:
        with contextlib.suppress(ActionFailed):
            agencies = self.session.run(
                self, AccountService(self.session.ctx).list_agencies, self.session.actor, False
            )
            dialog = AgencyChoiceDialog(agencies, set(self.panels), self)
            if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted or not dialog.chosen():
                return
            self.session.run(
                self,
                self.service.request_research,
                self.session.actor,
                self.contact_id,
                dialog.chosen(),
            )
            self.refresh()

    def compose_package(self) -> None:
        from ui.research.package_composer import PackageComposer

        with contextlib.suppress(ActionFailed):
            dialog = PackageComposer(self.session, self.contact_id, self)
            dialog.exec()
            self.refresh()
