"""Dialogs of the research panels: choosing agencies, one item found, sharing an item.

Each dialog calls its service itself on OK; a rule it breaks is shown in plain words beside the
field concerned and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from mash_desktop.domain.consent_basis import consent_basis_conflicts
from mash_desktop.domain.sharing import (
    GATEWAYS,
    PUBLIC_INTEREST_QUESTIONS,
    SCHEDULE_2,
    SCHEDULE_3,
    SENSITIVITY_EXAMPLES,
    Basis,
    ConsentStatus,
    PartnerDecision,
    Relevance,
    SharingRequest,
)
from mash_desktop.services.accounts import AgencyRow
from mash_desktop.services.research.rows import FindingInput, FindingRow, SubjectRef
from ui.kit.dialogs import GuardedForm
from ui.kit.field_errors import MARK, FieldErrors, error_label
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.research.consent_fields import ConsentFields


def _buttons(dialog: QtWidgets.QDialog, ok_text: str) -> QtWidgets.QDialogButtonBox:
    box = QtWidgets.QDialogButtonBox(
        QtWidgets.QDialogButtonBox.StandardButton.Ok
        | QtWidgets.QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class AgencyChoiceDialog(GuardedForm):
    """ISP-1: the MASH manager ticks which agencies research this contact."""

    def __init__(
        self,
        agencies: Sequence[AgencyRow],
        already: set[str],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose agencies to research")
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName("Agencies")
        for agency in agencies:
            if not agency.active:
                continue
            item = QtWidgets.QListWidgetItem(agency.name)
            item.setData(Qt.ItemDataRole.UserRole, agency.code)
            if agency.code in already:
                item.setText(item.text() + " - already asked")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        label = QtWidgets.QLabel(
            "Decided case by case (protocol paragraph 5.4.1): only agencies with a need to know "
            "research."
        )
        label.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(_buttons(self, "&Ask to research"))
        self.watch(self.list)

    what = "This choice of agencies"
    save_label = "&Ask to research"

    def chosen(self) -> list[str]:
        result = []
        for n in range(self.list.count()):
            item = self.list.item(n)
            if (
                item.flags() & Qt.ItemFlag.ItemIsEnabled
                and item.checkState() == Qt.CheckState.Checked
            ):
                result.append(item.data(Qt.ItemDataRole.UserRole))
        return result


class FindingDialog(GuardedForm):
    """One item found: about whom, on which system, what, how relevant, how sensitive."""

    def __init__(
        self,
        session: UiSession,
        subjects: Sequence[SubjectRef],
        save: Callable[[FindingInput], FindingRow],
        existing: FindingRow | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._save = save
        self.result_row: FindingRow | None = None
        self.setWindowTitle("Research item" if existing is None else f"Research item {existing.id}")
        self.about = QtWidgets.QComboBox()
        self.about.addItem("Household (everyone on the contact)", None)
        for sub in subjects:
            who = "child" if sub.is_child else (sub.relationship or "adult")
            self.about.addItem(f"{sub.name} ({who})", sub.id)
        self.system = QtWidgets.QLineEdit()
        self.system.setPlaceholderText("e.g. PNC, GP record, SIMS")
        self.finding = QtWidgets.QPlainTextEdit()
        self.finding.setTabChangesFocus(True)
        self.relevance = QtWidgets.QComboBox()
        for rel in Relevance:
            self.relevance.addItem(rel.label, rel.value)
        self.sensitive = QtWidgets.QCheckBox("&Sensitive")
        self.sensitivity_note = QtWidgets.QComboBox()
        self.sensitivity_note.setEditable(True)
        self.sensitivity_note.addItem("")
        self.sensitivity_note.addItems(
            list(SENSITIVITY_EXAMPLES.get(session.actor.agency_kind, ()))
        )
        note_edit = self.sensitivity_note.lineEdit()
        if note_edit is not None:
            note_edit.setPlaceholderText("e.g. mental health; intelligence grading")
        self.sensitivity_note.setEnabled(False)
        self.sensitive.toggled.connect(self.sensitivity_note.setEnabled)
        self.general = error_label()
        self.errors = FieldErrors(self.general)

        form = QtWidgets.QFormLayout()
        for text, widget, key in (
            ("&About", self.about, "subject"),
            ("S&ystem", self.system, "system"),
            ("&Found", self.finding, "finding"),
            ("&Relevance", self.relevance, "relevance"),
            ("", self.sensitive, "sensitive"),
            ("&Why sensitive", self.sensitivity_note, "sensitivity_note"),
        ):
            box = QtWidgets.QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.errors.label_for(key))
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, box)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(_buttons(self, "&Save item"))
        if existing is not None:
            self.about.setCurrentIndex(max(0, self.about.findData(existing.subject_id)))
            self.system.setText(existing.system)
            self.finding.setPlainText(existing.finding)
            self.relevance.setCurrentIndex(self.relevance.findData(existing.relevance.value))
            self.sensitive.setChecked(existing.sensitive)
            self.sensitivity_note.setCurrentText(existing.sensitivity_note)
        self.watch(
            self.about,
            self.system,
            self.finding,
            self.relevance,
            self.sensitive,
            self.sensitivity_note,
        )
        self.resize(560, 420)

    what = "This research item"
    save_label = "&Save item"

    def value(self) -> FindingInput:
        return FindingInput(
            finding=self.finding.toPlainText(),
            relevance=Relevance(self.relevance.currentData()),
            subject_id=self.about.currentData(),
            system=self.system.text(),
            sensitive=self.sensitive.isChecked(),
            sensitivity_note=self.sensitivity_note.currentText(),
        )

    def accept(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.result_row = self.errors.call(self.session, self, self._save, self.value())
            super().accept()


class _BasisList(QtWidgets.QListWidget):
    def __init__(self, bases: Sequence[Basis], name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        for basis in bases:
            item = QtWidgets.QListWidgetItem(basis.label)  # words; where it comes from: tooltip
            item.setData(Qt.ItemDataRole.UserRole, basis.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(f"{basis.label}\n{basis.reference}")
            self.addItem(item)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        rows = min(len(bases), 8)
        self.setFixedHeight(rows * (self.fontMetrics().lineSpacing() + 6) + 2 * self.frameWidth())

    def codes(self) -> tuple[str, ...]:
        return tuple(
            self.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.count())
            if self.item(n).checkState() == Qt.CheckState.Checked
        )

    def tick(self, codes: Sequence[str]) -> None:
        for n in range(self.count()):
            if self.item(n).data(Qt.ItemDataRole.UserRole) in codes:
                self.item(n).setCheckState(Qt.CheckState.Checked)


class ShareDialog(GuardedForm):
    """ISP-2 and ISP-3: the lawful basis, consent, the six public-interest answers, and the
    duty of confidence, recorded before an item is shared with the MASH partners."""

    def __init__(
        self,
        session: UiSession,
        finding: FindingRow,
        share: Callable[[SharingRequest], Any],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._share = share
        self.result_value: Any = None
        self.setWindowTitle(f"Share item {finding.id} with the MASH partners")
        self.general = error_label()
        scroll = QtWidgets.QScrollArea()
        self.errors = FieldErrors(self.general, scroll)

        self.schedule2 = _BasisList(
            SCHEDULE_2, "Schedule 2 conditions of the Data Protection Act 1998"
        )
        self.schedule3 = _BasisList(
            SCHEDULE_3, "Schedule 3 conditions of the Data Protection Act 1998"
        )
        self.gateways = _BasisList(GATEWAYS, "Statutory gateways")
        self.consent = QtWidgets.QComboBox()
        self.consent.addItem("(choose)", None)
        for status in ConsentStatus:
            self.consent.addItem(status.label, status.value)
        self.consent_note = QtWidgets.QLineEdit()
        self.consent_note.setPlaceholderText("Why there is no consent (protocol paragraph 6.1.2)")
        self.answers: dict[str, QtWidgets.QLineEdit] = {}
        self.duty = QtWidgets.QCheckBox("A &duty of confidence is owed on this information")
        self.holder_representative = QtWidgets.QLineEdit()
        self.holder_views = QtWidgets.QPlainTextEdit()
        self.holder_views.setTabChangesFocus(True)
        self.holder_views.setMaximumHeight(70)
        self.partner_decision = QtWidgets.QComboBox()
        self.partner_decision.addItem("(not yet decided)", None)
        for decision in PartnerDecision:
            self.partner_decision.addItem(decision.label, decision.value)
        self.partner_decided_by = QtWidgets.QLineEdit()
        self.permit = QtWidgets.QCheckBox(
            "Our agency &permits dissemination outside the MASH (protocol paragraph 7.1.4)"
        )
        self.permission_note = QtWidgets.QLineEdit()
        self.permission_note.setPlaceholderText("Who agreed, and why it is within the principles")

        body = QtWidgets.QWidget()
        form = QtWidgets.QFormLayout(body)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        summary = QtWidgets.QLabel(
            f"Item {finding.id} about {finding.about}: {finding.finding}"
            + (f"  (sensitive: {finding.sensitivity_note})" if finding.sensitive else "")
        )
        summary.setWordWrap(True)
        form.addRow(summary)

        def row(text: str, widget: QtWidgets.QWidget, key: str) -> None:
            box = QtWidgets.QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.errors.label_for(key))
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            label.setWordWrap(True)
            form.addRow(label, box)
            self.watch(widget)

        row("Schedule &2 conditions (Data Protection Act 1998)", self.schedule2, "schedule2")
        row(
            "Schedule &3 conditions (sensitive information)"
            + (" - required" if finding.sensitive else ""),
            self.schedule3,
            "schedule3",
        )
        row("Statutory &gateways", self.gateways, "gateways")
        row("&Consent", self.consent, "consent")
        row("Why no c&onsent", self.consent_note, "consent_note")
        self.lawful = ConsentFields()
        self.lawful.add_consent_rows(row)
        heading = QtWidgets.QLabel(
            "Public-interest test (protocol paragraph 6.1.4): answer all six questions"
        )
        heading.setObjectName("dialogSubheading")
        form.addRow(heading)
        for n, question in enumerate(PUBLIC_INTEREST_QUESTIONS, start=1):
            edit = QtWidgets.QLineEdit()
            edit.setAccessibleName(question.label)
            self.answers[question.code] = edit
            row(f"&{n}. {question.label}", edit, question.code)
        form.addRow(self.errors.label_for("answers"))
        form.addRow(self.duty)
        row(
            "Holder's r&epresentative",
            self.holder_representative,
            "holder_representative",
        )
        row("Their &views", self.holder_views, "holder_views")
        row("Originating partner's decisio&n", self.partner_decision, "partner_decision")
        row("Decided &by", self.partner_decided_by, "partner_decided_by")
        self.lawful.add_advice_rows(form, row)
        form.addRow(self.permit)
        row("Permission &note", self.permission_note, "permission_note")
        form.addRow(self.errors.label_for("basis"))

        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general)
        layout.addWidget(_buttons(self, "S&hare"))
        self.watch(self.duty, self.permit, self.lawful.mental_illness)
        self.resize(820, 720)
        # ISP-10: consent cannot be ticked as the basis while consent was not given; said as
        # the user ticks or changes the consent, beside the condition.
        self.consent.currentIndexChanged.connect(lambda _i: self._check_consent_basis())
        self.schedule2.itemChanged.connect(lambda _i: self._check_consent_basis())
        self.schedule3.itemChanged.connect(lambda _i: self._check_consent_basis())

    def _check_consent_basis(self) -> None:
        consent = self.consent.currentData()
        conflicts = consent_basis_conflicts(
            self.schedule2.codes(),
            self.schedule3.codes(),
            ConsentStatus(consent) if consent else None,
        )
        for key in ("schedule2", "schedule3"):
            label = self.errors.label_for(key)
            if key in conflicts:
                label.setText(MARK + conflicts[key])
                label.setVisible(True)
            elif label.text().startswith(MARK + '"The data subject has given'):
                label.clear()
                label.setVisible(False)

    what = "This sharing decision"
    save_label = "S&hare the item"

    def value(self) -> SharingRequest:
        consent = self.consent.currentData()
        decision = self.partner_decision.currentData()
        return self.lawful.apply(self._base_value(consent, decision))

    def _base_value(self, consent: str | None, decision: str | None) -> SharingRequest:
        return SharingRequest(
            schedule2=self.schedule2.codes(),
            schedule3=self.schedule3.codes(),
            gateways=self.gateways.codes(),
            consent=ConsentStatus(consent) if consent else None,
            consent_note=self.consent_note.text(),
            answers={code: edit.text() for code, edit in self.answers.items()},
            duty_of_confidence=self.duty.isChecked(),
            holder_representative=self.holder_representative.text(),
            holder_views=self.holder_views.toPlainText(),
            partner_decision=PartnerDecision(decision) if decision else None,
            partner_decided_by=self.partner_decided_by.text(),
            permit_outside_mash=self.permit.isChecked(),
            permission_note=self.permission_note.text(),
        )

    def accept(self) -> None:
        try:
            self.result_value = self.errors.call(self.session, self, self._share, self.value())
        except ActionFailed:
            self._mark_unanswered()
            return
        super().accept()

    def _mark_unanswered(self) -> None:
        """The answers rule names the unanswered questions: mark each one beside its field."""
        answers = self.errors.labels["answers"].text()
        for question in PUBLIC_INTEREST_QUESTIONS:
            label = self.errors.labels.get(question.code)
            if label is not None and question.label in answers:
                label.setText(MARK + "Unanswered.")
                label.setVisible(True)
