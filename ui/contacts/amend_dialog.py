"""Correct a logged contact (RQ-7): referrer, consent, children and household, with the reason
for the correction. Escape with unsaved corrections asks first and a draft is kept (SEC-9);
Enter in the grids moves on, never saves."""

from __future__ import annotations

from typing import Any

from mash_desktop.domain.contact_codes import Channel
from mash_desktop.domain.triage import SubjectInput
from mash_desktop.services.contacts.amend import Amendment, ContactAmendments, amendment_of
from mash_desktop.services.contacts.queue import QueueService
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import ContactService
from ui.contacts.intake_form import CHILD_FIELDS, MEMBER_FIELDS, parse_dob
from ui.kit.dialogs import GuardedDialog
from ui.kit.field_errors import FieldErrors
from ui.kit.grid import enter_moves_to_next_cell
from ui.kit.prompts import ask_text
from ui.kit.qt import Qt, QtWidgets, Signal
from ui.kit.screen import fit_to_screen
from ui.kit.session import ActionFailed, UiSession

CHILD_HEADERS = (
    "First name",
    "Surname",
    "DOB",
    "Gender",
    "Address",
    "Postcode",
    "NHS no.",
    "School",
)
MEMBER_HEADERS = ("First name", "Surname", "Relationship", "DOB")


def _grid(headers: tuple[str, ...], name: str) -> QtWidgets.QTableWidget:
    table = QtWidgets.QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.setMinimumHeight(110)
    return table


def _cell(table: QtWidgets.QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text().strip() if item else ""


class AmendContactDialog(GuardedDialog):
    amended = Signal(object)
    draft_kind = "contact.amend"
    what = "The correction"
    save_label = "&Save correction"

    def __init__(
        self, session: UiSession, detail: ContactDetail, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(session, detail.id, parent)
        self.detail = detail
        self.service = ContactAmendments(ContactService(session.ctx))
        self.setWindowTitle(f"Correct contact {detail.reference} - OFFICIAL-SENSITIVE")
        self.referrer_agency = QtWidgets.QComboBox()
        self.referrer_agency.setAccessibleName("Referring agency")
        for code, name in session.run(
            parent, QueueService(session.ctx).referrer_agencies, session.actor
        ):
            self.referrer_agency.addItem(name, code)
        self.referrer_name = QtWidgets.QLineEdit()
        self.referrer_contact = QtWidgets.QLineEdit()
        self.channel = QtWidgets.QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)
        self.consent_yes = QtWidgets.QRadioButton("&Yes")
        self.consent_no = QtWidgets.QRadioButton("N&o")
        consent_row = QtWidgets.QHBoxLayout()
        consent_row.addWidget(self.consent_yes)
        consent_row.addWidget(self.consent_no)
        consent_row.addStretch(1)
        consent_box = QtWidgets.QWidget()
        consent_box.setLayout(consent_row)
        consent_box.setAccessibleName("Consent obtained")
        self.consent_reason = QtWidgets.QLineEdit()
        self.children_table = _grid(CHILD_HEADERS, "Children")
        self.household_table = _grid(MEMBER_HEADERS, "Household")
        add_child = QtWidgets.QPushButton("Add c&hild")
        add_child.clicked.connect(
            lambda: self.children_table.insertRow(self.children_table.rowCount())
        )
        add_member = QtWidgets.QPushButton("Add household &member")
        add_member.clicked.connect(
            lambda: self.household_table.insertRow(self.household_table.rowCount())
        )
        enter_moves_to_next_cell(self.children_table)
        enter_moves_to_next_cell(self.household_table)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText("e.g. the referrer rang back with the sibling's details")

        summary = QtWidgets.QLabel()
        self.errors = FieldErrors(summary)
        self.errors.add_grid("child", self.children_table, CHILD_FIELDS)
        form = QtWidgets.QFormLayout()
        self.errors.add_row(form, "Referring &agency", self.referrer_agency, "referrer_agency")
        self.errors.add_row(form, "&Referrer", self.referrer_name, "referrer_name")
        self.errors.add_row(form, "Referrer's con&tact details", self.referrer_contact, "x")
        self.errors.add_row(form, "How &referred", self.channel, "channel")
        self.errors.add_row(form, "Consent obtained", consent_box, "consent")
        self.errors.add_row(form, "Why no co&nsent", self.consent_reason, "consent_reason")
        form.addRow(QtWidgets.QLabel("Children"))
        form.addRow(self.children_table)
        form.addRow(self.errors.label_for("children"))
        form.addRow("", add_child)
        form.addRow(QtWidgets.QLabel("Household"))
        form.addRow(self.household_table)
        form.addRow("", add_member)
        self.errors.add_row(form, "Reason for the &correction", self.reason, "reason")
        content = QtWidgets.QWidget()
        inner = QtWidgets.QVBoxLayout(content)
        inner.addWidget(self.draft_banner)
        inner.addWidget(summary)
        inner.addLayout(form)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.errors.scroll = scroll
        buttons = QtWidgets.QDialogButtonBox()
        self.save_button = buttons.addButton(
            "&Save correction", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setAutoDefault(False)
        self.close_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setAutoDefault(False)
        buttons.accepted.connect(self.save_changes)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 980, 720)
        with self.loading():
            self.restore_draft(self.payload_of(amendment_of(detail)))
        self.watch(
            self.referrer_agency,
            self.referrer_name,
            self.referrer_contact,
            self.channel,
            self.consent_yes,
            self.consent_no,
            self.consent_reason,
            self.children_table,
            self.household_table,
            self.reason,
        )
        self.offer_draft()

    # --- the form as plain values (also the draft) -----------------------------------------
    @staticmethod
    def payload_of(a: Amendment) -> dict[str, Any]:
        def person(p: SubjectInput, fields: tuple[str, ...]) -> list[str]:
            values = {**p.__dict__, "dob": p.dob.strftime("%d/%m/%Y") if p.dob else ""}
            return [str(values.get(f) or "") for f in fields]

        return {
            "referrer_agency": a.referrer_agency_code,
            "referrer_name": a.referrer_name,
            "referrer_contact": a.referrer_contact,
            "channel": a.channel.value,
            "consent": "yes" if a.consent_obtained else "no",
            "consent_reason": a.consent_reason,
            "children": [person(c, CHILD_FIELDS) for c in a.children],
            "household": [person(p, MEMBER_FIELDS) for p in a.household],
            "reason": "",
        }

    def draft_payload(self) -> dict[str, Any]:
        def rows(table: QtWidgets.QTableWidget) -> list[list[str]]:
            return [
                [_cell(table, r, c) for c in range(table.columnCount())]
                for r in range(table.rowCount())
            ]

        return {
            "referrer_agency": self.referrer_agency.currentData(),
            "referrer_name": self.referrer_name.text(),
            "referrer_contact": self.referrer_contact.text(),
            "channel": self.channel.currentData(),
            "consent": "yes" if self.consent_yes.isChecked() else "no",
            "consent_reason": self.consent_reason.text(),
            "children": rows(self.children_table),
            "household": rows(self.household_table),
            "reason": self.reason.text(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        with self.loading():
            for combo, key in (
                (self.referrer_agency, "referrer_agency"),
                (self.channel, "channel"),
            ):
                index = combo.findData(payload.get(key))
                if index >= 0:
                    combo.setCurrentIndex(index)
            self.referrer_name.setText(payload.get("referrer_name", ""))
            self.referrer_contact.setText(payload.get("referrer_contact", ""))
            self.consent_yes.setChecked(payload.get("consent") == "yes")
            self.consent_no.setChecked(payload.get("consent") != "yes")
            self.consent_reason.setText(payload.get("consent_reason", ""))
            for table, key in (
                (self.children_table, "children"),
                (self.household_table, "household"),
            ):
                rows = payload.get(key, [])
                table.setRowCount(len(rows))
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        table.setItem(r, c, QtWidgets.QTableWidgetItem(value))
                table.resizeColumnsToContents()
            self.reason.setText(payload.get("reason", ""))

    def amendment(self) -> tuple[Amendment, dict[str, str]]:
        """What the form says, and the errors only the form can see (unreadable dates)."""
        errors: dict[str, str] = {}

        def people(
            table: QtWidgets.QTableWidget, fields: tuple[str, ...], is_child: bool, prefix: str
        ) -> tuple[SubjectInput, ...]:
            found = []
            for r in range(table.rowCount()):
                values = {f: _cell(table, r, c) for c, f in enumerate(fields)}
                if not any(values.values()):
                    continue  # an empty spare row is nobody
                try:
                    dob = parse_dob(values.pop("dob"))
                except ValueError:
                    errors[f"{prefix}.{r}.dob"] = (
                        f"Row {r + 1}: write the date of birth as dd/mm/yyyy."
                    )
                    dob = None
                found.append(SubjectInput(**values, dob=dob, is_child=is_child))
            return tuple(found)

        amendment = Amendment(
            referrer_agency_code=self.referrer_agency.currentData() or "",
            referrer_name=self.referrer_name.text(),
            referrer_contact=self.referrer_contact.text(),
            channel=Channel(self.channel.currentData()),
            consent_obtained=self.consent_yes.isChecked(),
            consent_reason=self.consent_reason.text(),
            children=people(self.children_table, CHILD_FIELDS, True, "child"),
            household=people(self.household_table, MEMBER_FIELDS, False, "household"),
        )
        return amendment, errors

    def save_changes(self) -> bool:
        amendment, form_errors = self.amendment()
        if form_errors:
            self.errors.show_fields(form_errors, "Some dates cannot be read: see the marked rows.")
            return False
        try:
            detail = self.errors.call(
                self.session,
                self,
                self.service.amend,
                self.session.actor,
                self.detail.id,
                self.detail.version,
                amendment,
                self.reason.text(),
            )
        except ActionFailed:
            return False  # the reasons show beside the fields; everything typed stays
        self.mark_saved()
        self.status_message(f"Correction to contact {detail.reference} saved.")
        self.amended.emit(detail)
        self.accept()
        return True


class CorrectionActions:
    """The contact dialog's Correct details / Reopen buttons (mixed into ContactDialog)."""

    def add_correction_buttons(self, row: QtWidgets.QHBoxLayout) -> None:
        self.correct_button = QtWidgets.QPushButton("Correct deta&ils...")
        self.correct_button.setToolTip("Correct the referrer, consent, children or household")
        self.correct_button.clicked.connect(self.correct_details)
        self.reopen_button = QtWidgets.QPushButton("Reo&pen...")
        self.reopen_button.setToolTip("Reopen the decided contact so that it can be corrected")
        self.reopen_button.clicked.connect(self.reopen)
        row.addWidget(self.correct_button)
        row.addWidget(self.reopen_button)

    def update_correction_buttons(self, mine: bool, is_open: bool, may_reopen: bool) -> None:
        self.correct_button.setEnabled(mine and is_open)
        self.reopen_button.setVisible(may_reopen and not is_open)

    def correct_details(self) -> AmendContactDialog:
        d: Any = self
        dialog = AmendContactDialog(d.session, d.detail, d)

        def amended(detail: ContactDetail) -> None:
            d.show_detail(detail, keep_edits=True)
            d.changed.emit()

        dialog.amended.connect(amended)
        dialog.open()
        return dialog

    def reopen(self) -> None:
        d: Any = self
        reason = ask_text(
            d, "Reopen contact", f"Why reopen {d.detail.reference}? (The decision is recorded.)"
        )
        if reason is not None and d._apply(
            ContactAmendments(d.service).reopen, d.actor, d.contact_id, reason
        ):
            d.status_message(f"Contact {d.detail.reference} reopened.")
