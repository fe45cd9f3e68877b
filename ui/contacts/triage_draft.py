"""The contact dialog's triage and decision fields as a draft (SEC-9): to JSON and back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from mash_desktop.domain.contact_codes import ContactStatus
from ui.kit.dialogs import GuardedDialog

# ``d`` is the ContactDialog (not imported: the dialog imports this module).


def triage_payload(d: Any) -> dict[str, Any]:
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


def restore_triage(d: Any, payload: dict[str, Any]) -> None:
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


def triage_widgets(d: Any) -> list[Any]:
    return [
        d.rag,
        d.rag_reason,
        d.concern,
        d.call_notes,
        d.hospital,
        d.csc_open,
        d.allocated_team,
    ]


class TriageDrafts:
    """The contact dialog's part of the GuardedDialog contract (mixed in before it)."""

    def draft_payload(self) -> dict[str, Any]:
        return triage_payload(self)

    def restore_draft(self, payload: dict[str, Any]) -> None:
        d: Any = self
        with d.loading():
            restore_triage(d, payload)

    def save_changes(self) -> bool:
        d: Any = self
        return bool(d.save())

    def triage_pending(self) -> bool:
        """The triage fields differ from the contact as last saved."""
        d: Any = self
        edit = d.current_edit()
        typed = {**asdict(edit), "rag": edit.rag.value}
        return bool(typed != d.detail.editable_values())

    def conclude(self, fn: Callable[..., Any], args: tuple[Any, ...], done: str) -> bool:
        """Record the decision or the routing (RQ-4, RQ-5). Triage typed but not saved is
        saved first, as part of it (SEC-9): nothing typed is lost, and a triage the service
        refuses stops the decision with the reason beside the field. The decision itself is
        recorded once, over the version the triage save left."""
        d: Any = self
        saved_triage = d.triage_pending()
        if saved_triage and not d.save():
            return False
        if not d._apply(fn, d.actor, d.contact_id, d.detail.version, *args):
            return False
        with d.loading():
            d.rationale.clear()
        GuardedDialog.mark_saved(d)
        d.status_message(("Triage saved. " if saved_triage else "") + done)
        return True

    def mark_saved(self) -> None:
        """Saving triage does not record the decision: a 'why' being typed stays a draft."""
        d: Any = self
        super().mark_saved()  # type: ignore[misc]
        if d.rationale.toPlainText().strip() and d.detail.status == ContactStatus.OPEN.value:
            d._dirty = True
            d.keep_draft()
            d._dirty = False
