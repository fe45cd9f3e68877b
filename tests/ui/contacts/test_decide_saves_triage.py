"""Issue 13 (SEC-9, RQ-5): recording the decision, or routing, with triage typed but not saved
saves that triage first, as part of it: nothing typed is lost, the decision is recorded once,
and a triage the service refuses stops the decision with everything typed still there.
Real clicks and keys on the contact dialog inside the main window."""

from __future__ import annotations

import json

from sqlalchemy import select

from mash_desktop.domain.contact_codes import ContactStatus, Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.drafts import DraftService
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import contact_input
from tests.helpers.shift import main_window
from ui.contacts.contact_view import ContactDialog
from ui.kit.qt import Qt

LEFT = Qt.MouseButton.LeftButton


def _open(qtbot, ctx, actor, contact_id):  # type: ignore[no-untyped-def]
    window = main_window(qtbot, ctx, actor)
    dialog = window.area_widget("queue").open_contact(contact_id)
    assert isinstance(dialog, ContactDialog)
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.claim_button, LEFT)
    return window, dialog


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _audit(ctx, action: str, contact_id: int) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    with ctx.store.transaction() as s:
        rows = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == action, AuditEntry.object_id == str(contact_id)
            )
        )
        return [json.loads(e.details) for e in rows]


def test_record_decision_saves_the_triage_typed_first(qtbot, ctx, clock, make_user) -> None:
    # REQ: SEC-9 (nothing typed is lost), RQ-5 (the decision recorded once, with why)
    manager = make_user("mash.mgr", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    made = ContactService(ctx).intake(manager, contact_input(clock.now()))
    window, dialog = _open(qtbot, ctx, manager, made.id)
    _type(qtbot, dialog.rag_reason, "Second disclosure this week")
    dialog.outcome.setFocus()
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_Down)
    chosen = Outcome(dialog.outcome.currentData())
    _type(qtbot, dialog.rationale, "Family agree to early help")
    assert dialog.has_unsaved_changes
    qtbot.mouseClick(dialog.decide_button, LEFT)

    stored = ContactService(ctx).get(manager, made.id)
    assert stored.rag_reason == "Second disclosure this week"  # saved, not thrown away
    assert stored.status == ContactStatus.DECIDED
    assert stored.outcome == chosen.value
    assert stored.outcome_rationale == "Family agree to early help"
    assert dialog.rag_reason.text() == "Second disclosure this week"  # still on screen
    assert not dialog.has_unsaved_changes
    assert DraftService(ctx).load(manager, dialog.draft_kind, dialog.draft_ref) is None
    assert len(_audit(ctx, "contact.decide", made.id)) == 1
    assert [d["fields"] for d in _audit(ctx, "contact.update", made.id)] == [["rag_reason"]]
    assert window.statusBar().currentMessage() == (
        f"Triage saved. Decision recorded for contact {made.reference}: {chosen.label}."
    )


def test_a_triage_that_will_not_save_stops_the_decision(qtbot, ctx, clock, make_user) -> None:
    # REQ: SEC-9 (what was typed stays, the reason shows beside the field)
    manager = make_user("mash.mgr", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    made = ContactService(ctx).intake(manager, contact_input(clock.now()))
    _window, dialog = _open(qtbot, ctx, manager, made.id)
    dialog.concern.setFocus()
    qtbot.keyClick(dialog.concern, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.concern, Qt.Key.Key_Delete)  # the concern emptied: refused
    _type(qtbot, dialog.rag_reason, "Seen by the school nurse")
    _type(qtbot, dialog.rationale, "Family agree to early help")
    qtbot.mouseClick(dialog.decide_button, LEFT)

    stored = ContactService(ctx).get(manager, made.id)
    assert stored.status == ContactStatus.OPEN  # nothing decided over a refused triage
    assert stored.rag_reason == ""
    assert _audit(ctx, "contact.decide", made.id) == []
    assert "Describe the concern." in dialog.errors.labels["concern"].text()
    assert dialog.rag_reason.text() == "Seen by the school nurse"
    assert dialog.rationale.toPlainText() == "Family agree to early help"
    assert dialog.has_unsaved_changes


def test_routing_saves_the_csc_case_details_typed_first(qtbot, ctx, clock, make_user) -> None:
    # REQ: SEC-9, RQ-4 (an open CSC case goes to its allocated team)
    manager = make_user("mash.mgr", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    made = ContactService(ctx).intake(
        manager, contact_input(clock.now(), csc_case_open=True, allocated_team="Poole 1")
    )
    window, dialog = _open(qtbot, ctx, manager, made.id)
    dialog.allocated_team.setFocus()
    qtbot.keyClick(dialog.allocated_team, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.allocated_team, " (Locality 2)")
    _type(qtbot, dialog.rationale, "Known to the locality team.")
    qtbot.mouseClick(dialog.route_button, LEFT)

    stored = ContactService(ctx).get(manager, made.id)
    assert stored.status == ContactStatus.ROUTED
    assert stored.allocated_team == "Poole 1 (Locality 2)"
    assert stored.outcome_rationale == "Known to the locality team."
    assert len(_audit(ctx, "contact.route", made.id)) == 1
    assert window.statusBar().currentMessage() == (
        f"Triage saved. Contact {made.reference} routed to the allocated team."
    )
