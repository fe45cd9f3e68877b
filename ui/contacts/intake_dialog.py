"""New contact intake (RQ-1): the Designer form ``forms/intake.ui``, checks beside each field,
and a draft kept in the encrypted store while typing, so an idle lock, a crash or a restart
loses nothing."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from mash_desktop.domain.clock import LONDON, to_london, to_utc
from mash_desktop.domain.contact_codes import Channel, Rag
from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.triage import ContactInput, SubjectInput, validate_contact
from mash_desktop.services.contacts.queue import QueueService
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import ContactService
from ui.contacts.intake_form import (
    CHILD_FIELDS,
    FIELD_WIDGETS,
    MEMBER_FIELDS,
    load_form,
    parse_dob,
)
from ui.kit.dialogs import GuardedForm
from ui.kit.field_errors import FieldErrors
from ui.kit.grid import enter_moves_to_next_cell
from ui.kit.qt import QtCore, QtWidgets, Signal
from ui.kit.session import ActionFailed, UiSession

DRAFT_DELAY_MS = 1500


class IntakeDialog(GuardedForm):
    """Wraps the loaded form; ``logged`` carries the new contact."""

    logged = Signal(object)
    what = "This new contact"
    save_label = "&Save as draft"
    saves_every_field = True  # its Save as draft keeps every field

    def __init__(self, session: UiSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.service = ContactService(session.ctx)
        self.form = load_form(self)
        self.setWindowTitle(self.form.windowTitle())
        self.resize(self.form.size())
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.form)
        self.w: dict[str, Any] = {}
        for child in self.form.findChildren(QtWidgets.QWidget):
            if child.objectName():
                self.w[child.objectName()] = child
        self.w["heading"].setObjectName("dialogHeading")
        self.errors = FieldErrors()
        self._draft_due = False  # typed since the draft was last kept
        self._edited = False  # typed since the dialog opened: Escape asks (SEC-9)
        self._restoring = False
        self._fill_choices()
        self._add_error_labels()
        self._connect()
        self.draft_timer = QtCore.QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.save_draft)
        self.add_child_row()
        self._edited = False  # the first empty row is not the user's typing
        self._update_enabled()

    # --- building --------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        agencies = self.session.run(
            self, QueueService(self.session.ctx).referrer_agencies, self.session.actor
        )
        self.w["referrerAgency"].addItem("(choose)", "")
        self.w["laAgency"].addItem("(not known)", "")
        for code, name in agencies:
            self.w["referrerAgency"].addItem(name, code)
            if code.startswith("LA-"):
                self.w["laAgency"].addItem(name, code)
        self.w["channel"].addItem("(choose)", "")
        for channel in Channel:
            self.w["channel"].addItem(channel.label, channel.value)
        for rag in Rag:
            self.w["rag"].addItem(rag.label, rag.value)
        self.w["rag"].setCurrentIndex(1)  # amber until triage says otherwise
        self.set_received(self.session.ctx.clock.now())
        for name in ("childrenTable", "householdTable"):
            table: QtWidgets.QTableWidget = self.w[name]
            table.horizontalHeader().setSectionResizeMode(
                QtWidgets.QHeaderView.ResizeMode.Interactive
            )
        for col, width in enumerate((95, 100, 120, 70, 160, 80, 105, 130)):
            self.w["childrenTable"].setColumnWidth(col, width)
        for col, width in enumerate((110, 110, 150, 120)):
            self.w["householdTable"].setColumnWidth(col, width)

    def set_received(self, at: datetime) -> None:
        """Show a UTC time as Europe/London wall time in the 'received at' field."""
        local = to_london(at)
        self.w["receivedAt"].setDateTime(
            QtCore.QDateTime(
                QtCore.QDate(local.year, local.month, local.day),
                QtCore.QTime(local.hour, local.minute),
            )
        )

    def received(self) -> datetime:
        qdt = self.w["receivedAt"].dateTime()
        d, t = qdt.date(), qdt.time()
        return to_utc(datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=LONDON))

    def _add_error_labels(self) -> None:
        for field, widget_name in FIELD_WIDGETS.items():
            widget = self.w[widget_name]
            form = widget.parentWidget().layout()
            label = self.errors.label_for(field)
            if isinstance(form, QtWidgets.QFormLayout):
                position: Any = form.getWidgetPosition(widget)  # (row, role); stubs say object
                form.insertRow(int(position[0]) + 1, "", label)
        children = self.errors.label_for("child", self.w["childrenError"])
        self.errors.labels["children"] = children
        self.errors.label_for("household", self.w["householdError"])
        self.errors.summary = self.errors.label_for("summary", self.w["summaryError"])
        self.errors.add_grid("child", self.w["childrenTable"], CHILD_FIELDS)

    def _connect(self) -> None:
        for name in (
            "referrerName",
            "referrerContact",
            "consentReason",
            "ragReason",
            "allocatedTeam",
        ):
            self.w[name].textChanged.connect(self._changed)
        for name in ("concern", "callNotes"):
            self.w[name].textChanged.connect(self._changed)
        for name in ("referrerAgency", "laAgency", "channel", "rag"):
            self.w[name].currentIndexChanged.connect(self._changed)
        for name in ("childInHospital", "cscCaseOpen", "consentYes", "consentNo"):
            self.w[name].toggled.connect(self._changed)
        self.w["receivedAt"].dateTimeChanged.connect(self._changed)
        self.w["childrenTable"].itemChanged.connect(self._changed)
        self.w["householdTable"].itemChanged.connect(self._changed)
        self.w["addChild"].clicked.connect(self.add_child_row)
        self.w["removeChild"].clicked.connect(lambda: self._remove_row("childrenTable"))
        self.w["addMember"].clicked.connect(self.add_member_row)
        self.w["removeMember"].clicked.connect(lambda: self._remove_row("householdTable"))
        self.w["saveButton"].clicked.connect(self.submit)
        # No default button: Enter in a field or the grids must never log a half-typed
        # contact (SEC-9). In the grids Enter moves to the next cell or a new row.
        self.w["saveButton"].setDefault(False)
        self.w["saveButton"].setAutoDefault(False)
        enter_moves_to_next_cell(self.w["childrenTable"], self.add_child_row)
        enter_moves_to_next_cell(self.w["householdTable"], self.add_member_row)
        self.w["draftButton"].clicked.connect(self.keep_draft_and_close)
        self.w["discardButton"].clicked.connect(self.discard)

    def _update_enabled(self) -> None:
        phone = self.w["channel"].currentData() == Channel.PHONE.value
        self.w["callNotesLabel"].setText(
            "Call no&tes (required: phone)" if phone else "Call no&tes (phone)"
        )
        self.w["consentReason"].setEnabled(not self.w["consentYes"].isChecked())
        self.w["allocatedTeam"].setEnabled(self.w["cscCaseOpen"].isChecked())

    def add_child_row(self) -> None:
        table = self.w["childrenTable"]
        table.insertRow(table.rowCount())
        self._changed()

    def add_member_row(self) -> None:
        table = self.w["householdTable"]
        table.insertRow(table.rowCount())
        self._changed()

    def _remove_row(self, name: str) -> None:
        table = self.w[name]
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)
            self._changed()

    # --- reading the form -----------------------------------------------------------------
    def _table_rows(self, name: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
        table: QtWidgets.QTableWidget = self.w[name]
        rows = []
        for r in range(table.rowCount()):
            row = {}
            for c, field in enumerate(fields):
                item = table.item(r, c)
                row[field] = item.text() if item else ""
            rows.append(row)
        return rows

    def payload(self) -> dict[str, Any]:
        """Everything typed, as plain strings: what a draft keeps."""
        return {
            "referrer_agency": self.w["referrerAgency"].currentData() or "",
            "referrer_name": self.w["referrerName"].text(),
            "referrer_contact": self.w["referrerContact"].text(),
            "channel": self.w["channel"].currentData() or "",
            "received_at": self.received().isoformat(),
            "la_agency": self.w["laAgency"].currentData() or "",
            "concern": self.w["concern"].toPlainText(),
            "call_notes": self.w["callNotes"].toPlainText(),
            "child_in_hospital": self.w["childInHospital"].isChecked(),
            "consent": "yes"
            if self.w["consentYes"].isChecked()
            else ("no" if self.w["consentNo"].isChecked() else ""),
            "consent_reason": self.w["consentReason"].text(),
            "rag": self.w["rag"].currentData(),
            "rag_reason": self.w["ragReason"].text(),
            "csc_case_open": self.w["cscCaseOpen"].isChecked(),
            "allocated_team": self.w["allocatedTeam"].text(),
            "children": self._table_rows("childrenTable", CHILD_FIELDS),
            "household": self._table_rows("householdTable", MEMBER_FIELDS),
        }

    def restore(self, payload: dict[str, Any]) -> None:
        """Put a draft back into the form."""
        self._restoring = True
        try:
            for name, key in (
                ("referrerAgency", "referrer_agency"),
                ("laAgency", "la_agency"),
                ("channel", "channel"),
                ("rag", "rag"),
            ):
                index = self.w[name].findData(payload.get(key, ""))
                if index >= 0:
                    self.w[name].setCurrentIndex(index)
            for name, key in (
                ("referrerName", "referrer_name"),
                ("referrerContact", "referrer_contact"),
                ("consentReason", "consent_reason"),
                ("ragReason", "rag_reason"),
                ("allocatedTeam", "allocated_team"),
            ):
                self.w[name].setText(payload.get(key, ""))
            self.w["concern"].setPlainText(payload.get("concern", ""))
            self.w["callNotes"].setPlainText(payload.get("call_notes", ""))
            self.w["childInHospital"].setChecked(bool(payload.get("child_in_hospital")))
            self.w["cscCaseOpen"].setChecked(bool(payload.get("csc_case_open")))
            self.w["consentYes"].setChecked(payload.get("consent") == "yes")
            self.w["consentNo"].setChecked(payload.get("consent") == "no")
            with contextlib.suppress(ValueError):
                self.set_received(datetime.fromisoformat(payload.get("received_at", "")))
            for name, key, fields in (
                ("childrenTable", "children", CHILD_FIELDS),
                ("householdTable", "household", MEMBER_FIELDS),
            ):
                table = self.w[name]
                rows = payload.get(key, [])
                table.setRowCount(len(rows))
                for r, row in enumerate(rows):
                    for c, field in enumerate(fields):
                        table.setItem(r, c, QtWidgets.QTableWidgetItem(row.get(field, "")))
        finally:
            self._restoring = False
        self._update_enabled()

    def contact_input(self) -> tuple[ContactInput, dict[str, str]]:
        """The service's input, plus the errors only the form can see (unreadable dates)."""
        p = self.payload()
        errors: dict[str, str] = {}
        children = []
        for n, row in enumerate(p["children"]):
            if not any(v.strip() for v in row.values()):
                continue  # an empty spare row is not a child
            try:
                dob = parse_dob(row["dob"])
            except ValueError:
                errors[f"child.{n}.dob"] = f"Child {n + 1}: write the date of birth as dd/mm/yyyy."
                dob = None
            children.append(SubjectInput(**{**row, "dob": dob}))
        household = []
        for n, row in enumerate(p["household"]):
            if not any(v.strip() for v in row.values()):
                continue
            try:
                dob = parse_dob(row["dob"])
            except ValueError:
                errors[f"household.{n}.dob"] = (
                    f"Household member {n + 1}: write the date of birth as dd/mm/yyyy."
                )
                dob = None
            household.append(SubjectInput(**{**row, "dob": dob}, is_child=False))
        data = ContactInput(
            referrer_agency_code=p["referrer_agency"],
            referrer_name=p["referrer_name"],
            referrer_contact=p["referrer_contact"],
            channel=Channel(p["channel"]) if p["channel"] else None,
            received_at=self.received(),
            children=tuple(children),
            household=tuple(household),
            concern=p["concern"],
            consent_obtained={"yes": True, "no": False}.get(p["consent"]),
            consent_reason=p["consent_reason"],
            child_in_hospital=p["child_in_hospital"],
            call_notes=p["call_notes"],
            la_agency_code=p["la_agency"],
            rag=p["rag"],
            rag_reason=p["rag_reason"],
            csc_case_open=p["csc_case_open"],
            allocated_team=p["allocated_team"],
        )
        return data, errors

    # --- actions ---------------------------------------------------------------------------
    def _changed(self, *_args: Any) -> None:
        self._update_enabled()
        if self._restoring:
            return
        self._draft_due = True
        self._edited = True
        self.w["draftStatus"].setText("Draft: unsaved changes")
        self.draft_timer.start()

    def save_draft(self) -> None:
        """Keep what is typed in the encrypted store (called shortly after each change)."""
        self.draft_timer.stop()
        if not self._draft_due:
            return
        try:
            at = self.session.run(self, self.service.save_draft, self.session.actor, self.payload())
        except ActionFailed:
            return
        self._draft_due = False
        self.w["draftStatus"].setText(f"Draft kept at {to_london(at):%H:%M:%S}")

    def keep_typed_text_here(self) -> bool:
        """Logging failed because the hub cannot be reached: keep the form on this computer,
        encrypted, until it can be logged (SEC-9)."""
        self.draft_timer.stop()
        if not self.service.keep_draft_here(self.payload()):
            return False
        self._draft_due = False
        self.w["draftStatus"].setText("Draft kept on this computer until the hub is back")
        return True

    def submit(self) -> ContactDetail | None:
        """Check and log the contact; on a failed check nothing typed is touched."""
        data, form_errors = self.contact_input()

        def attempt() -> ContactDetail | ValidationError:
            if form_errors:  # the service must not see a half-read form; check the rest here
                merged = {**validate_contact(data, self.session.ctx.clock.now()), **form_errors}
                return ValidationError(
                    "Some details are missing or wrong: see the marked fields.", merged
                )
            try:
                return self.service.intake(self.session.actor, data)
            except ValidationError as exc:
                if form_errors:
                    exc.fields.update(form_errors)
                return exc

        try:
            result = self.session.run(self, attempt)
        except ActionFailed:
            return None
        if isinstance(result, ValidationError):
            self.errors.show(result)
            self.save_draft()
            return None
        made = result
        self._draft_due = False
        self._edited = False
        self.draft_timer.stop()
        self.logged.emit(made)
        self.accept()
        return made

    @property
    def has_unsaved_changes(self) -> bool:
        return self._edited

    def save_and_close(self) -> None:
        """The unsaved-changes box's Save: keep the typing as a draft (nothing is logged)."""
        self.keep_draft_and_close()

    def discard_changes(self) -> None:
        self._drop_draft()

    def keep_draft_and_close(self) -> None:
        self._draft_due = True
        self.save_draft()
        self._edited = False
        self.close_without_asking()

    def discard(self) -> None:
        answer = QtWidgets.QMessageBox.question(
            self, "Discard contact", "Throw away everything typed in this new contact?"
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        self.discard_now()

    def discard_now(self) -> None:
        if self._drop_draft():
            self.close_without_asking()

    def _drop_draft(self) -> bool:
        self._draft_due = False
        self.draft_timer.stop()
        try:
            self.session.run(self, self.service.discard_draft, self.session.actor)
        except ActionFailed:
            return False
        self._edited = False
        return True

    def hideEvent(self, event: Any) -> None:  # locking the session hides dialogs: keep the draft
        if self._draft_due:
            self.save_draft()
        super().hideEvent(event)

    def reject(self) -> None:
        if self._draft_due:
            self.save_draft()
        super().reject()  # asks Save as draft / Discard / Keep editing when typed in
