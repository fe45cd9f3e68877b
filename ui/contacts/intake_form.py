"""The intake form's Designer file (``forms/intake.ui``), its grids' columns and the field
each message goes beside."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ui.kit.qt import QtCore, QtUiTools, QtWidgets

FORM = Path(__file__).resolve().parent / "forms" / "intake.ui"
CHILD_FIELDS = (
    "first_name",
    "last_name",
    "dob",
    "gender",
    "address",
    "postcode",
    "nhs_number",
    "school",
    "other_identifiers",  # RQ-1
)
MEMBER_FIELDS = ("first_name", "last_name", "relationship_to_child", "dob")
# Fields whose message goes beside the widget of the same object name.
FIELD_WIDGETS = {
    "referrer_agency": "referrerAgency",
    "referrer_name": "referrerName",
    "channel": "channel",
    "received_at": "receivedAt",
    "concern": "concern",
    "call_notes": "callNotes",
    "consent": "consentBox",
    "consent_reason": "consentReason",
    "rag": "rag",
    "allocated_team": "allocatedTeam",
}


def load_form(parent: QtWidgets.QWidget | None = None) -> QtWidgets.QWidget:
    loader = QtUiTools.QUiLoader()
    file = QtCore.QFile(str(FORM))
    if not file.open(QtCore.QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"missing form: {FORM}")
    try:
        form = loader.load(file, parent)
    finally:
        file.close()
    if form is None:
        raise RuntimeError(f"could not load {FORM.name}: {loader.errorString()}")
    return form


def parse_dob(text: str) -> date | None:
    """'07/03/2019' -> date; '' -> None; raises ValueError on anything else."""
    text = text.strip()
    if not text:
        return None
    return datetime.strptime(text, "%d/%m/%Y").date()
