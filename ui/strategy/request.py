"""The Pan-Dorset Strategy Request Form as a dialog (SD-2, SD-0, SD-1, SD-11).

It starts from a contact reference (or number), so the area works before the contact view
exists; the contact view can open it with the reference filled in.
"""

from __future__ import annotations

from mash_desktop.domain.roles import AgencyKind
from mash_desktop.domain.strategy import EMERGENCY_STATEMENT, HOSPITAL_STATEMENT, Trigger
from mash_desktop.services.accounts import AccountService, AgencyRow
from mash_desktop.services.strategy.rules import out_of_hours_now
from mash_desktop.services.strategy.service import DiscussionView, StrategyService
from ui.kit.dialogs import GuardedForm
from ui.kit.field_errors import FieldErrors
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession

ALWAYS_INVITED = {AgencyKind.POLICE.value, AgencyKind.HEALTH.value}


class NewRequestDialog(GuardedForm):
    what = "This strategy request"
    save_label = "Send re&quest"

    def __init__(
        self,
        session: UiSession,
        contact_reference: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.service = StrategyService(session.ctx)
        self.result_view: DiscussionView | None = None
        self.setWindowTitle("Strategy request (Pan-Dorset Strategy Request Form)")
        self.errors = FieldErrors()

        self.contact = QtWidgets.QLineEdit(contact_reference)
        self.contact.setPlaceholderText("contact reference, e.g. C-2026-0042, or its number")
        self.trigger = QtWidgets.QComboBox()
        for trigger in Trigger:
            self.trigger.addItem(trigger.label, trigger.value)
        self.reason = QtWidgets.QPlainTextEdit()
        self.reason.setPlaceholderText(
            "What gives reasonable cause to suspect the child is suffering, or is likely to "
            "suffer, significant harm?"
        )
        self.reason.setTabChangesFocus(True)
        self.invite_boxes: dict[str, QtWidgets.QCheckBox] = {}
        invite_box = QtWidgets.QGroupBox("Agencies invited")
        grid = QtWidgets.QGridLayout(invite_box)
        agencies: list[AgencyRow] = []
        try:
            agencies = session.run(
                self, AccountService(session.ctx).list_agencies, session.actor, False
            )
        except ActionFailed:
            agencies = []
        for n, agency in enumerate(a for a in agencies if a.kind != AgencyKind.LA_CSC.value):
            box = QtWidgets.QCheckBox(agency.name)
            if agency.kind in ALWAYS_INVITED:
                box.setChecked(True)
                box.setEnabled(False)
                box.setText(f"{agency.name} (always invited)")
            self.invite_boxes[agency.code] = box
            grid.addWidget(box, n // 2, n % 2)
        self.paediatrician = QtWidgets.QCheckBox("A &paediatrician is needed")
        self.emergency = QtWidgets.QCheckBox(
            "&Emergency: no MASH discussion has taken place"
        )
        self.emergency_note = QtWidgets.QLabel(f"The record will state: {EMERGENCY_STATEMENT}")
        self.emergency_note.setWordWrap(True)
        self.emergency_note.setVisible(False)
        self.emergency.toggled.connect(self.emergency_note.setVisible)
        self.hospital_note = QtWidgets.QLineEdit()
        self.hospital_note.setPlaceholderText(
            "If the child is in hospital: ward and hospital staff to hold it with"
        )
        hospital_hint = QtWidgets.QLabel(
            "If the contact says the child is already in hospital: " + HOSPITAL_STATEMENT
        )
        hospital_hint.setWordWrap(True)
        self.looked_after = QtWidgets.QCheckBox(
            "The child is &looked after (the fostering service takes part)"
        )
        why_ooh = out_of_hours_now(session.ctx)
        self.ooh_note = QtWidgets.QLabel(
            f"Out of hours: {why_ooh}. This will be a telephone strategy discussion, recorded "
            "for the LA to pick up the next working morning."
            if why_ooh
            else "Within core operational hours: the discussion is held in the MASH."
        )
        self.ooh_note.setObjectName("oohNote")
        self.ooh_note.setWordWrap(True)

        form = QtWidgets.QFormLayout(self)
        form.addRow(self.errors.summary)
        form.addRow(self.ooh_note)
        contact_label = QtWidgets.QLabel("&Contact")
        contact_label.setBuddy(self.contact)
        form.addRow(contact_label, self.contact)
        form.addRow("", self.errors.label_for("contact"))
        trigger_label = QtWidgets.QLabel("&Following")
        trigger_label.setBuddy(self.trigger)
        form.addRow(trigger_label, self.trigger)
        reason_label = QtWidgets.QLabel("&Reason to suspect significant harm")
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        form.addRow("", self.errors.label_for("reason"))
        form.addRow(invite_box)
        form.addRow(self.paediatrician)
        form.addRow(self.looked_after)
        form.addRow(self.emergency)
        form.addRow(self.emergency_note)
        hospital_label = QtWidgets.QLabel("&Hospital")
        hospital_label.setBuddy(self.hospital_note)
        form.addRow(hospital_label, self.hospital_note)
        form.addRow(hospital_hint)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText("Send re&quest")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.watch(
            self.contact,
            self.trigger,
            self.reason,
            *self.invite_boxes.values(),
            self.paediatrician,
            self.looked_after,
            self.emergency,
            self.hospital_note,
        )
        self.resize(640, 560)

    def save_and_close(self) -> None:
        self.submit()

    def invited_codes(self) -> list[str]:
        return [code for code, box in self.invite_boxes.items() if box.isChecked()]

    def submit(self) -> None:
        try:
            self.result_view = self.errors.call(
                self.session,
                self,
                lambda: self.service.request(
                    self.session.actor,
                    self.contact.text(),
                    self.reason.toPlainText(),
                    self.invited_codes(),
                    self.paediatrician.isChecked(),
                    self.emergency.isChecked(),
                    self.hospital_note.text(),
                    Trigger(self.trigger.currentData()),
                    self.looked_after.isChecked(),
                ),
            )
        except ActionFailed:
            return  # the reason is on screen; what was typed stays
        if self.result_view is not None:
            confirm_in_status_bar(self, f"Strategy request {self.result_view.reference} sent.")
        self.accept()
