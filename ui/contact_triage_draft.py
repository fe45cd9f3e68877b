"""The contact dialog's triage and decision fields as a draft (SEC-9): to JSON and back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.contact_view import ContactDialog


def triage_payload(d: ContactDialog) -> dict[str, Any]:
    edit = d.current_edit()
    return {
        "rag": edit.rag.value,
        "rag_reason": edit.rag_reason,
        "concern": edit.concern,
        "call_notes": edit.call_notes,
        "child_in_hospital": edit.child_in_hospital,
        "csc_case_open": edit.csc_case_open,
        "allocated_team": edit.allocated_team,
        "outcome": d.outcome.currentData(),
        "rationale": d.rationale.toPlainText(),
    }


def restore_triage(d: ContactDialog, payload: dict[str, Any]) -> None:
    d.rag.setCurrentIndex(max(0, d.rag.findData(payload.get("rag"))))
    d.rag_reason.setText(payload.get("rag_reason", ""))
    d.concern.setPlainText(payload.get("concern", ""))
    d.call_notes.setPlainText(payload.get("call_notes", ""))
    d.hospital.setChecked(bool(payload.get("child_in_hospital")))
    d.csc_open.setChecked(bool(payload.get("csc_case_open")))
    d.allocated_team.setText(payload.get("allocated_team", ""))
    index = d.outcome.findData(payload.get("outcome"))
    if index >= 0:
        d.outcome.setCurrentIndex(index)
    d.rationale.setPlainText(payload.get("rationale", ""))
