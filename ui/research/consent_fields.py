"""The share dialog's ISP-10 and ISP-12 questions: who consented and their capacity, other
people named in the information, and advice taken before sharing without consent. The service
decides what is required; these widgets ask in plain words and keep what was typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mash_desktop.domain.lawful_sharing import Advice, Capacity, ThirdParties
from mash_desktop.domain.sharing import SharingRequest
from ui.kit.qt import QtWidgets

Row = Callable[[str, QtWidgets.QWidget, str], None]


def _choices(options: list[tuple[str, str]]) -> QtWidgets.QComboBox:
    combo = QtWidgets.QComboBox()
    combo.addItem("(choose)", None)
    for label, value in options:
        combo.addItem(label, value)
    return combo


class ConsentFields:
    def __init__(self) -> None:
        self.given_by = QtWidgets.QLineEdit()
        self.given_by.setPlaceholderText("Name and relationship, e.g. Mother (Kerry Thornbury)")
        self.capacity = _choices([(c.label, c.value) for c in Capacity])
        self.capacity_note = QtWidgets.QLineEdit()
        self.capacity_note.setPlaceholderText(
            "If capacity was not assessed: the good reason (protocol paragraph 5.15.1)"
        )
        self.third_parties = _choices([(t.label, t.value) for t in ThirdParties])
        self.third_party_note = QtWidgets.QLineEdit()
        self.third_party_note.setPlaceholderText("If not sought: why (protocol paragraph 6.1.1)")
        self.advice = _choices([(a.label, a.value) for a in Advice])
        self.advice_note = QtWidgets.QLineEdit()
        self.advice_note.setPlaceholderText("Whose advice, and what it was")
        self.mental_illness = QtWidgets.QCheckBox(
            "This is about treatment for &mental illness (advice is then required)"
        )

    def add_consent_rows(self, row: Row) -> None:
        """ISP-10: shown under the consent question."""
        row("Consent &given by", self.given_by, "consent_given_by")
        row("Their capacit&y to consent", self.capacity, "capacity")
        row("Why capacity was not assessed", self.capacity_note, "capacity_note")
        row("Other people named in it", self.third_parties, "third_parties")
        row("Why their consent was not sought", self.third_party_note, "third_party_note")

    def add_advice_rows(self, form: QtWidgets.QFormLayout, row: Row) -> None:
        """ISP-12: shown with the duty-of-confidence questions."""
        form.addRow(self.mental_illness)
        row("Advice before sharing without consen&t", self.advice, "advice")
        row("Advice taken from", self.advice_note, "advice_note")

    def apply(self, request: SharingRequest) -> SharingRequest:
        capacity = self.capacity.currentData()
        third = self.third_parties.currentData()
        advice = self.advice.currentData()
        return replace(
            request,
            consent_given_by=self.given_by.text(),
            capacity=Capacity(capacity) if capacity else None,
            capacity_note=self.capacity_note.text(),
            third_parties=ThirdParties(third) if third else None,
            third_party_note=self.third_party_note.text(),
            advice=Advice(advice) if advice else None,
            advice_note=self.advice_note.text(),
            mental_illness_treatment=self.mental_illness.isChecked(),
        )
