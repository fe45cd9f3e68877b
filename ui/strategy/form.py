"""The strategy discussion form (SD-3, SD-5, SD-8; SD-9 telephone mode): date, time, place or
telephone, the attendee checklist with the four minimum attendees, the discussion's tasks,
the flow chart 4 outcome and the allocated social worker or team."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from mash_desktop.domain.clock import LONDON, to_london
from mash_desktop.domain.strategy import Flow4Outcome, MinimumRole, Mode
from mash_desktop.services.accounts import AgencyRow
from mash_desktop.services.strategy.service import AttendeeInput, DiscussionView, RecordInput
from ui.kit.field_errors import FieldErrors
from ui.kit.qt import Qt, QtCore, QtWidgets
from ui.kit.style import readable_when_disabled
from ui.kit.table_model import RowTableModel
from ui.strategy import protocol_fields
from ui.strategy.protocol_fields import ATTENDEE_COLUMNS, ProtocolFields, clocks_text

TEXT_FIELDS = (
    ("information_shared", "&Information shared"),
    ("criminal_investigation", "Criminal in&vestigation: conduct and timing"),
    ("further_information", "F&urther information needed"),
    ("immediate_actions", "I&mmediate and short-term actions (who, what, by when)"),
    ("legal_action", "Le&gal action"),
    ("shared_with_family", "What is shared with the child and &family"),
)


def _tri_state(combo: QtWidgets.QComboBox) -> bool | None:
    value = combo.currentData()
    return value if isinstance(value, bool) else None


def _yes_no_combo() -> QtWidgets.QComboBox:
    combo = QtWidgets.QComboBox()
    combo.addItem("Not decided", None)
    combo.addItem("Yes", True)
    combo.addItem("No", False)
    return combo


def _set_combo(combo: QtWidgets.QComboBox, value: object) -> None:
    for n in range(combo.count()):
        if combo.itemData(n) == value:
            combo.setCurrentIndex(n)
            return


class StrategyRecordForm(QtWidgets.QWidget):
    """The form itself; the dialog around it saves and completes."""

    read_only = False

    def __init__(
        self, agencies: list[AgencyRow], now: datetime, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.telephone_only = False
        self.banner = QtWidgets.QLabel()
        self.banner.setObjectName("oohBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.request_note = QtWidgets.QLabel()
        self.request_note.setObjectName("requestNote")
        self.request_note.setWordWrap(True)
        self.request_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- when and where --------------------------------------------------------------
        local = to_london(now)
        self.held_at = QtWidgets.QDateTimeEdit(
            QtCore.QDateTime(
                QtCore.QDate(local.year, local.month, local.day),
                QtCore.QTime(local.hour, local.minute),
            )
        )
        self.held_at.setCalendarPopup(True)
        self.held_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.mode = QtWidgets.QComboBox()
        for mode in Mode:
            self.mode.addItem(mode.label, mode.value)
        self.place = QtWidgets.QLineEdit()
        self.place.setPlaceholderText("Room, or the numbers called for a telephone discussion")

        # --- attendees -------------------------------------------------------------------
        self.attendees: RowTableModel[AttendeeInput] = RowTableModel(ATTENDEE_COLUMNS, self)
        self.attendee_table = QtWidgets.QTableView()
        self.attendee_table.setObjectName("attendeeTable")
        self.attendee_table.setAccessibleName("Attendees")
        self.attendee_table.setModel(self.attendees)
        self.attendee_table.setSelectionBehavior(
            QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows
        )
        protocol_fields.fit_attendee_columns(self.attendee_table)
        self.attendee_table.verticalHeader().setVisible(False)
        self.attendee_table.setMinimumHeight(150)
        self.att_name = QtWidgets.QLineEdit()
        self.att_name.setPlaceholderText("Name")
        self.att_name.setAccessibleName("Attendee's name")
        self.att_role = QtWidgets.QLineEdit()
        self.att_role.setPlaceholderText("Role, e.g. Detective sergeant")
        self.att_role.setAccessibleName("Attendee's role")
        self.att_agency = QtWidgets.QComboBox()
        for a in agencies:
            if a.active:
                self.att_agency.addItem(a.name, a.code)
        self.att_minimum = QtWidgets.QComboBox()
        self.att_minimum.addItem("Other attendee", None)
        for role in MinimumRole:
            self.att_minimum.addItem(role.label, role.value)
        self.att_present = QtWidgets.QCheckBox("Pre&sent")
        self.att_present.setChecked(True)
        # SD-13: "sufficiently senior to make decisions on behalf of their agencies".
        self.att_senior = QtWidgets.QCheckBox("Senior enough to &decide")
        self.att_senior.setChecked(True)
        self.att_hospital = QtWidgets.QCheckBox("Hospital sta&ff")  # SD-1
        add = QtWidgets.QPushButton("&Add attendee")
        add.clicked.connect(self.add_attendee)
        remove = QtWidgets.QPushButton("Remove selected")
        remove.clicked.connect(self.remove_attendee)
        self.add_attendee_row = protocol_fields.attendee_entry_row(  # hidden once completed
            (self.att_name, self.att_role, self.att_agency, self.att_minimum),
            (self.att_present, self.att_senior, self.att_hospital, add, remove),
        )

        # The four minimum attendees (SD-3): who covers each, or why nobody did.
        self.minimum_status: dict[MinimumRole, QtWidgets.QLabel] = {}
        self.minimum_reason: dict[MinimumRole, QtWidgets.QLineEdit] = {}
        checklist = QtWidgets.QGroupBox("Minimum attendees (Working Together 2015)")
        grid = QtWidgets.QGridLayout(checklist)
        for n, role in enumerate(MinimumRole):
            status = QtWidgets.QLabel()
            status.setObjectName("minimumStatus")
            reason = QtWidgets.QLineEdit()
            reason.setPlaceholderText(f"Why no {role.label} took part")
            reason.setAccessibleName(f"Reason {role.label} missing")
            self.minimum_status[role] = status
            self.minimum_reason[role] = reason
            grid.addWidget(QtWidgets.QLabel(role.label), n * 2, 0)
            grid.addWidget(status, n * 2, 1)
            grid.addWidget(reason, n * 2, 2)
            grid.addWidget(self.errors.label_for(f"missing:{role.value}"), n * 2 + 1, 1, 1, 2)
        grid.setColumnStretch(2, 1)

        self.protocol = ProtocolFields(agencies, self.errors, now)
        self.protocol.looked_after_changed.connect(lambda _on: self._refresh_checklist())

        # --- the discussion's tasks (SD-5) and outcome (SD-8) -------------------------------
        self.texts: dict[str, QtWidgets.QPlainTextEdit] = {}
        for key, _label in TEXT_FIELDS:
            edit = QtWidgets.QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(56)
            self.texts[key] = edit
        self.s47 = _yes_no_combo()
        self.legal_needed = _yes_no_combo()
        self.outcome = QtWidgets.QComboBox()
        self.outcome.addItem("Not decided", None)
        for outcome in Flow4Outcome:
            self.outcome.addItem(outcome.label, outcome.value)
        self.social_worker = QtWidgets.QLineEdit()
        self.team = QtWidgets.QLineEdit()
        self.due_dates = QtWidgets.QLabel()
        self.due_dates.setObjectName("dueDates")
        self.due_dates.setWordWrap(True)

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def row(text: str, widget: QtWidgets.QWidget, key: str | None = None) -> None:
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            if key:
                form.addRow("", self.errors.label_for(key))

        row("&When held (UK time)", self.held_at, "held_at")
        row("M&ode", self.mode, "mode")
        row("&Place", self.place, "place")
        form.addRow(QtWidgets.QLabel("Attendees"))
        form.addRow(self.attendee_table)
        form.addRow(self.add_attendee_row)
        form.addRow(checklist)
        form.addRow("", self.errors.label_for("seniority"))
        form.addRow(self.protocol)
        form.addRow(
            QtWidgets.QLabel(
                "Once s47 enquiries start, each decision below is required: write it, or "
                '"None:" and the reason.'
            )
        )
        for key, text in TEXT_FIELDS[:2]:
            row(text, self.texts[key], key)
        row("Section &47 enquiries start?", self.s47, "s47_started")
        for key, text in TEXT_FIELDS[2:4]:
            row(text, self.texts[key], key)
        row("Legal action nee&ded?", self.legal_needed, "legal_action_needed")
        for key, text in TEXT_FIELDS[4:]:
            row(text, self.texts[key], key)
        row("Outcome (f&low chart 4)", self.outcome, "outcome")
        row("Allocated social wor&ker", self.social_worker, "allocated")
        row("Allocated t&eam", self.team)
        form.addRow("Due dates", self.due_dates)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.request_note)
        layout.addWidget(self.errors.summary)
        layout.addLayout(form)
        self._refresh_checklist()

    # --- attendees ---------------------------------------------------------------------
    def add_attendee(self) -> None:
        name = self.att_name.text().strip()
        if not name:
            self.att_name.setFocus()
            return
        self.attendees.set_rows(
            [
                *self.attendees.rows(),
                AttendeeInput(
                    name,
                    self.att_role.text().strip(),
                    self.att_agency.currentData(),
                    MinimumRole(self.att_minimum.currentData())
                    if self.att_minimum.currentData()
                    else None,
                    self.att_present.isChecked(),
                    self.att_senior.isChecked(),
                    self.att_hospital.isChecked(),
                ),
            ]
        )
        self.att_name.clear()
        self.att_role.clear()
        self.att_minimum.setCurrentIndex(0)
        self.att_present.setChecked(True)
        self.att_senior.setChecked(True)
        self.att_hospital.setChecked(False)
        self.att_name.setFocus()
        self._refresh_checklist()
        self.attendee_table.resizeColumnsToContents()

    def remove_attendee(self) -> None:
        selected = {i.row() for i in self.attendee_table.selectionModel().selectedRows()}
        self.attendees.set_rows(
            [a for n, a in enumerate(self.attendees.rows()) if n not in selected]
        )
        self._refresh_checklist()

    def _refresh_checklist(self) -> None:
        looked_after = self.protocol.looked_after.isChecked()
        for role in MinimumRole:
            who = [
                a.name
                for a in self.attendees.rows()
                if a.minimum_role is role and a.present and a.senior_enough is not False
            ]
            status = self.minimum_status[role]
            reason = self.minimum_reason[role]
            if role is MinimumRole.FOSTERING and not looked_after:
                status.setText("Only when the child is looked after")
                reason.setEnabled(False)
            elif role is MinimumRole.LA_MANAGER and not who:
                status.setText("\u2718 MISSING: the LA manager chairs and must take part")
                reason.setEnabled(False)
            elif who:
                status.setText("\u2714 Present: " + ", ".join(who))
                reason.setEnabled(False)
            else:
                status.setText("\u2718 MISSING: give the reason")
                reason.setEnabled(True)

    # --- in and out ----------------------------------------------------------------------
    def set_telephone_only(self, on: bool) -> None:
        """Out of hours the OOH manager records a telephone discussion (SD-9)."""
        self.telephone_only = on
        if on:
            _set_combo(self.mode, Mode.TELEPHONE.value)
            self.banner.setText(
                "TELEPHONE MODE - out of hours by the clock (outside core operational hours or "
                "on a bank holiday): a telephone strategy discussion, whoever records it. The "
                "LA sees it from the next working morning."
            )
        self.mode.setEnabled(not on and not self.read_only)
        self.banner.setVisible(on)

    def load(self, view: DiscussionView) -> None:
        rec = view.record
        if rec.held_at is not None:
            local = to_london(rec.held_at)
            self.held_at.setDateTime(
                QtCore.QDateTime(
                    QtCore.QDate(local.year, local.month, local.day),
                    QtCore.QTime(local.hour, local.minute),
                )
            )
        _set_combo(self.mode, rec.mode.value)
        self.place.setText(rec.place)
        self.attendees.set_rows(list(rec.attendees))
        self.attendee_table.resizeColumnsToContents()
        for role, edit in self.minimum_reason.items():
            edit.setText(rec.missing_reasons.get(role, ""))
        for key, text_edit in self.texts.items():
            text_edit.setPlainText(getattr(rec, key))
        _set_combo(self.s47, rec.s47_started)
        _set_combo(self.legal_needed, rec.legal_action_needed)
        _set_combo(self.outcome, rec.outcome.value if rec.outcome else None)
        self.social_worker.setText(rec.allocated_social_worker)
        self.team.setText(rec.allocated_team)
        self.show_due_dates(view)
        self.protocol.load(view)
        self.set_telephone_only(view.out_of_hours)
        # The request's reason and the SD-1 / SD-11 statements are part of the record.
        lines = [f"Reason to suspect significant harm: {view.reason}", *view.statements]
        if view.hospital_note:
            lines.append(f"Hospital: {view.hospital_note}")
        self.request_note.setText("\n".join(lines))
        self._refresh_checklist()

    def show_due_dates(self, view: DiscussionView) -> None:
        self.due_dates.setText(clocks_text(view))

    def held_at_value(self) -> datetime:
        qdt = self.held_at.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=LONDON)

    def value(self) -> RecordInput:
        return self.protocol.apply(self._base_value())

    def _base_value(self) -> RecordInput:
        return RecordInput(
            held_at=self.held_at_value(),
            mode=Mode(self.mode.currentData()),
            place=self.place.text(),
            attendees=tuple(self.attendees.rows()),
            missing_reasons={
                role: edit.text() for role, edit in self.minimum_reason.items() if edit.text()
            },
            information_shared=self.texts["information_shared"].toPlainText(),
            criminal_investigation=self.texts["criminal_investigation"].toPlainText(),
            s47_started=_tri_state(self.s47),
            further_information=self.texts["further_information"].toPlainText(),
            immediate_actions=self.texts["immediate_actions"].toPlainText(),
            legal_action_needed=_tri_state(self.legal_needed),
            legal_action=self.texts["legal_action"].toPlainText(),
            shared_with_family=self.texts["shared_with_family"].toPlainText(),
            outcome=Flow4Outcome(self.outcome.currentData())
            if self.outcome.currentData()
            else None,
            allocated_social_worker=self.social_worker.text(),
            allocated_team=self.team.text(),
        )

    def set_read_only(self, read_only: bool) -> None:
        """A completed record stays readable: text fields become read-only, not greyed out."""
        self.read_only = read_only
        for widget in self.findChildren(QtWidgets.QWidget):
            if isinstance(
                widget, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit | QtWidgets.QDateTimeEdit
            ):
                widget.setReadOnly(read_only)
                widget.setEnabled(True)
            elif isinstance(
                widget, QtWidgets.QComboBox | QtWidgets.QCheckBox | QtWidgets.QPushButton
            ):
                widget.setEnabled(not read_only)
                readable_when_disabled(widget)  # a choice made reads, never greyed
        self.add_attendee_row.setVisible(not read_only)
        for reason in self.minimum_reason.values():  # only a reason given is shown
            reason.setVisible(not read_only or bool(reason.text().strip()))
        if not read_only:
            self.set_telephone_only(self.telephone_only)
            self._refresh_checklist()

    # --- drafts (SEC-9) ------------------------------------------------------------------
    def editable_widgets(self) -> list[QtWidgets.QWidget | QtCore.QAbstractItemModel]:
        return [
            self.held_at,
            self.mode,
            self.place,
            self.attendees,
            *self.minimum_reason.values(),
            *self.texts.values(),
            self.s47,
            self.legal_needed,
            self.outcome,
            self.social_worker,
            self.team,
        ]

    def draft_payload(self) -> dict[str, object]:
        """The form as typed, in plain JSON values."""
        return {
            "held_at": self.held_at_value().isoformat(),
            "mode": self.mode.currentData(),
            "place": self.place.text(),
            "attendees": [
                [
                    a.name,
                    a.role_title,
                    a.agency_code,
                    a.minimum_role.value if a.minimum_role else None,
                    a.present,
                ]
                for a in self.attendees.rows()
            ],
            "missing": {role.value: e.text() for role, e in self.minimum_reason.items()},
            "texts": {key: e.toPlainText() for key, e in self.texts.items()},
            "s47": self.s47.currentData(),
            "legal_needed": self.legal_needed.currentData(),
            "outcome": self.outcome.currentData(),
            "social_worker": self.social_worker.text(),
            "team": self.team.text(),
        }

    def restore_draft(self, p: dict[str, Any]) -> None:
        with contextlib.suppress(ValueError, TypeError):
            local = to_london(datetime.fromisoformat(p["held_at"]))
            self.held_at.setDateTime(
                QtCore.QDateTime(
                    QtCore.QDate(local.year, local.month, local.day),
                    QtCore.QTime(local.hour, local.minute),
                )
            )
        _set_combo(self.mode, p.get("mode"))
        self.place.setText(p.get("place", ""))
        self.attendees.set_rows(
            [
                AttendeeInput(
                    name, role, agency, MinimumRole(minimum) if minimum else None, bool(present)
                )
                for name, role, agency, minimum, present in p.get("attendees", [])
            ]
        )
        for role, reason in self.minimum_reason.items():
            reason.setText(p.get("missing", {}).get(role.value, ""))
        for key, text in self.texts.items():
            text.setPlainText(p.get("texts", {}).get(key, ""))
        _set_combo(self.s47, p.get("s47"))
        _set_combo(self.legal_needed, p.get("legal_needed"))
        _set_combo(self.outcome, p.get("outcome"))
        self.social_worker.setText(p.get("social_worker", ""))
        self.team.setText(p.get("team", ""))
        self._refresh_checklist()
