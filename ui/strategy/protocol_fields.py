"""The strategy record's protocol answers that sit beside the attendee checklist: the child
looked after (SD-13), the lead agencies and protection in force (SD-12), and, for a child in
hospital, why no hospital staff took part (SD-1). The service checks them; this box only
collects them in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from mash_desktop.domain.clock import LONDON, to_london
from mash_desktop.domain.roles import AgencyKind
from mash_desktop.domain.statutory_clocks import ClockState
from mash_desktop.domain.strategy_protocol import Protection
from mash_desktop.services.accounts import AgencyRow
from mash_desktop.services.strategy.service import (
    AttendeeInput,
    DiscussionRow,
    DiscussionView,
    RecordInput,
)
from ui.kit.agency_words import agency_words
from ui.kit.field_errors import FieldErrors
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.table_model import Column

# The attendee table of the record form, with SD-13 seniority and SD-1 hospital staff.
ATTENDEE_COLUMNS: list[Column[AttendeeInput]] = [
    Column("Name", lambda a: a.name),
    Column("Role", lambda a: a.role_title),
    Column("Agency", lambda a: agency_words(a.agency_code)),
    Column("Minimum attendee", lambda a: a.minimum_role.label if a.minimum_role else "-"),
    Column("Present", lambda a: "Yes" if a.present else "No (invited, absent)"),
    Column(
        "Senior enough to decide",
        lambda a: {True: "Yes", False: "No", None: "Not said"}[a.senior_enough],
    ),
    Column("Hospital staff", lambda a: "Yes" if a.hospital_staff else ""),
]


def fit_attendee_columns(table: QtWidgets.QTableView) -> None:
    """Name and role take the width (they were cut to "Tom ..." at 1366x768); the other
    columns are as wide as their header or their longest value, whichever is wider."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    mode = QtWidgets.QHeaderView.ResizeMode
    for n, column in enumerate(ATTENDEE_COLUMNS):
        stretch = column.title in ("Name", "Role")
        header.setSectionResizeMode(n, mode.Stretch if stretch else mode.ResizeToContents)


def attendee_entry_row(
    fields: Sequence[QtWidgets.QWidget], ticks_and_buttons: Sequence[QtWidgets.QWidget]
) -> QtWidgets.QWidget:
    """The new-attendee boxes on one line, their ticks and buttons on the next, so the name
    and role boxes keep a width to type in at 1366x768 (they were 28 px)."""
    row = QtWidgets.QWidget()
    row.setObjectName("addAttendeeRow")
    grid = QtWidgets.QGridLayout(row)
    grid.setContentsMargins(0, 0, 0, 0)
    for col, widget in enumerate(fields):
        grid.addWidget(widget, 0, col)
        if isinstance(widget, QtWidgets.QComboBox):  # an agency's long name may be cut
            policy = QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            widget.setSizeAdjustPolicy(policy)
            widget.setMinimumContentsLength(16)
        grid.setColumnStretch(col, 2 if isinstance(widget, QtWidgets.QComboBox) else 3)
    line = QtWidgets.QHBoxLayout()
    ticks = [w for w in ticks_and_buttons if not isinstance(w, QtWidgets.QPushButton)]
    for widget in ticks:
        line.addWidget(widget)
    line.addStretch(1)  # the buttons to the right
    for widget in ticks_and_buttons:
        if widget not in ticks:
            line.addWidget(widget)
    grid.addLayout(line, 1, 0, 1, len(fields))
    return row


def _agency_combo(agencies: list[AgencyRow], kind: AgencyKind, none: str) -> QtWidgets.QComboBox:
    combo = QtWidgets.QComboBox()
    combo.addItem(none, "")
    for a in agencies:
        if a.active and a.kind == kind.value:
            combo.addItem(a.name, a.code)
    return combo


def _select(combo: QtWidgets.QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class ProtocolFields(QtWidgets.QGroupBox):
    looked_after_changed = QtCore.Signal(bool)

    def __init__(self, agencies: list[AgencyRow], errors: FieldErrors, now: datetime) -> None:
        super().__init__("Lead agencies, protection and the child's situation")
        self.looked_after = QtWidgets.QCheckBox(
            "The child is &looked after (the fostering service is a minimum attendee)"
        )
        self.looked_after.toggled.connect(self.looked_after_changed)
        self.s47_lead = _agency_combo(agencies, AgencyKind.LA_CSC, "Not named yet")
        self.criminal_lead = _agency_combo(
            agencies, AgencyKind.POLICE, "No criminal investigation (say why above)"
        )
        self.protection = QtWidgets.QComboBox()
        self.protection.addItem("Not answered yet", None)
        for p in Protection:
            self.protection.addItem(p.label, p.value)
        local = to_london(now)
        self.protection_since = QtWidgets.QDateTimeEdit(
            QtCore.QDateTime(
                QtCore.QDate(local.year, local.month, local.day),
                QtCore.QTime(local.hour, local.minute),
            )
        )
        self.protection_since.setCalendarPopup(True)
        self.protection_since.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.protection.currentIndexChanged.connect(self._protection_changed)
        self.hospital_reason = QtWidgets.QLineEdit()
        self.hospital_reason.setPlaceholderText(
            "Only if no hospital staff took part: why (the discussion is held with them)"
        )
        form = QtWidgets.QFormLayout(self)

        def row(text: str, widget: QtWidgets.QWidget, key: str) -> None:
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            form.addRow("", errors.label_for(key))

        form.addRow(self.looked_after)
        row("Lead for the s47 enq&uiry", self.s47_lead, "s47_lead")
        row("Lead for the criminal in&vestigation", self.criminal_lead, "criminal_lead")
        row("EPO or police p&rotection in force?", self.protection, "protection")
        row("In force since (UK time)", self.protection_since, "protection_since")
        self.hospital_label = QtWidgets.QLabel("No hospital staff &because")
        self.hospital_label.setBuddy(self.hospital_reason)
        form.addRow(self.hospital_label, self.hospital_reason)
        form.addRow("", errors.label_for("hospital"))
        self._protection_changed()

    def _protection_changed(self) -> None:
        data = self.protection.currentData()
        self.protection_since.setEnabled(data not in (None, Protection.NONE.value))

    def load(self, view: DiscussionView) -> None:
        rec = view.record
        self.looked_after.setChecked(rec.child_looked_after)
        _select(self.s47_lead, rec.s47_lead_agency_code)
        _select(self.criminal_lead, rec.criminal_lead_agency_code)
        _select(self.protection, rec.protection.value if rec.protection else None)
        if rec.protection_since is not None:
            local = to_london(rec.protection_since)
            self.protection_since.setDateTime(
                QtCore.QDateTime(
                    QtCore.QDate(local.year, local.month, local.day),
                    QtCore.QTime(local.hour, local.minute),
                )
            )
        self.hospital_reason.setText(rec.hospital_absent_reason)
        self.hospital_label.setVisible(view.child_in_hospital)
        self.hospital_reason.setVisible(view.child_in_hospital)
        self._protection_changed()

    def apply(self, record: RecordInput) -> RecordInput:
        protection = self.protection.currentData()
        since = None
        if protection not in (None, Protection.NONE.value):
            qdt = self.protection_since.dateTime()
            d, t = qdt.date(), qdt.time()
            since = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=LONDON)
        return replace(
            record,
            child_looked_after=self.looked_after.isChecked(),
            s47_lead_agency_code=self.s47_lead.currentData() or "",
            criminal_lead_agency_code=self.criminal_lead.currentData() or "",
            protection=Protection(protection) if protection else None,
            protection_since=since,
            hospital_absent_reason=self.hospital_reason.text(),
        )


def clock_words(due: date | None, state: ClockState | None) -> str:
    """'Tue 15/12/2026 (due soon)' for a list cell or the form (SD-15)."""
    if due is None:
        return "-"
    return f"{due:%a %d/%m/%Y}" + (f" ({state.label.lower()})" if state else "")


def clocks_text(view: DiscussionView) -> str:
    """The child's two statutory clocks in words (SD-15): one date per child, whatever the
    number of discussions."""
    icpc = (
        clock_words(view.icpc_due, view.icpc_state)
        + " (15 working days from the child's first s47 discussion)"
        if view.icpc_due
        else "only once s47 enquiries start"
    )
    text = (
        f"Initial child protection conference by {icpc}; assessment decision by "
        f"{clock_words(view.assessment_due, view.assessment_state)} (45 working days from "
        "the referral)."
    )
    if view.conference_on:
        text += f" Conference date fed back: {view.conference_on:%a %d/%m/%Y}."
    return text


def child_clock_summary(rows: list[DiscussionRow]) -> str:
    """One line for the child's record (SD-15): the clocks shared by the child's discussions."""
    if not rows:
        return ""
    r = rows[0]
    icpc = (
        f"initial child protection conference by {clock_words(r.icpc_due, r.icpc_state)}; "
        if r.icpc_due
        else ""
    )
    return (
        f"Statutory clocks for this child: {icpc}assessment decision by "
        f"{clock_words(r.assessment_due, r.assessment_state)}."
    )
