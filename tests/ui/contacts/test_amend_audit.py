"""Corrections through the screens (RQ-7), as the MASH manager does them: a decided contact
reopened with the reason typed into the app's own prompt, the household and the consent
corrected in the correction dialog with real keys and clicks, and the audit trail, as the
Audit trail area shows it, holding the reason and the old and new values in plain words."""

from __future__ import annotations

from mash_desktop.domain.contact_codes import ContactStatus, Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import contact_input
from tests.helpers.shift import add_household_member, main_window, type_keys, when_modal
from tests.helpers.shots import save_shot
from ui.contacts.amend_dialog import AmendContactDialog
from ui.contacts.contact_view import ContactDialog
from ui.kit.prompts import TextPrompt
from ui.kit.qt import Qt, QtWidgets

LEFT = Qt.MouseButton.LeftButton
REOPEN_REASON = "Mother rang: her partner lives there too"
NO_CONSENT_WHY = "Asking would alert the partner"
MEMBER = ("Declan", "Roarke", "mother's partner", "02/02/1990")
CORRECTION_REASON = "Household and consent corrected after the mother's call"


def _reopen_by_typing_the_reason(qtbot, contact: ContactDialog) -> None:  # type: ignore[no-untyped-def]
    def answer(prompt: TextPrompt) -> None:
        assert contact.detail.reference in prompt.question.text()
        prompt.field.setFocus()
        type_keys(qtbot, REOPEN_REASON)
        qtbot.keyClick(prompt.field, Qt.Key.Key_Return)  # OK is the default button

    when_modal(TextPrompt, answer)
    qtbot.mouseClick(contact.reopen_button, LEFT)


def _correct_household_and_consent(qtbot, amend: AmendContactDialog) -> None:  # type: ignore[no-untyped-def]
    amend.activateWindow()
    qtbot.waitUntil(amend.isActiveWindow)
    assert amend.consent_yes.isChecked()
    qtbot.mouseClick(amend.consent_no, LEFT)
    amend.consent_reason.setFocus()
    type_keys(qtbot, NO_CONSENT_WHY)
    add_household_member(qtbot, amend, MEMBER)
    amend.reason.setFocus()
    type_keys(qtbot, CORRECTION_REASON)
    save_shot(amend, "correct-household-and-consent.png")
    qtbot.mouseClick(amend.save_button, LEFT)
    qtbot.waitUntil(lambda: not amend.isVisible())


def _audit_details(qtbot, window, reference: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The Audit trail area searched for the contact by typing its reference: the Details
    column of each action, as shown."""
    audit = window.area_widget("audit")
    audit.object_text.setFocus()
    qtbot.keyClicks(audit.object_text, reference)
    search = next(b for b in audit.findChildren(QtWidgets.QPushButton) if b.text() == "&Search")
    qtbot.mouseClick(search, LEFT)
    model = audit.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    action, details = headers.index("Action"), headers.index("Details")
    save_shot(window, "audit-trail-correction.png")
    return {
        model.index(r, action).data(): model.index(r, details).data()
        for r in range(model.rowCount())
    }


def test_a_decided_contact_is_reopened_corrected_and_the_audit_trail_reads_old_and_new(
    qtbot, ctx, clock, make_user
) -> None:
    # REQ: RQ-7, SEC-3
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    manager = make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    contacts = ContactService(ctx)
    made = contacts.claim(manager, contacts.intake(desk, contact_input(clock.now())).id)
    contacts.decide(manager, made.id, made.version, Outcome.EARLY_HELP, "Family agree to help")
    window = main_window(qtbot, ctx, manager)
    contact = window.area_widget("queue").open_contact(made.id)
    assert isinstance(contact, ContactDialog)
    qtbot.waitExposed(contact)
    contact.activateWindow()
    qtbot.waitUntil(contact.isActiveWindow)
    assert not contact.correct_button.isEnabled()  # decided: a manager reopens it first

    _reopen_by_typing_the_reason(qtbot, contact)
    assert contact.detail.status == ContactStatus.OPEN
    assert window.statusBar().currentMessage() == f"Contact {made.reference} reopened."
    qtbot.mouseClick(contact.claim_button, LEFT)
    qtbot.mouseClick(contact.correct_button, LEFT)
    amend = contact.findChild(AmendContactDialog)
    assert amend is not None
    _correct_household_and_consent(qtbot, amend)

    saved = contacts.get(manager, made.id)
    assert not saved.consent_obtained and saved.consent_reason == NO_CONSENT_WHY
    [member] = saved.household
    assert (member.full_name, member.relationship_to_child) == ("Declan Roarke", MEMBER[2])
    assert window.statusBar().currentMessage() == f"Correction to contact {made.reference} saved."

    shown = _audit_details(qtbot, window, made.reference)
    corrected = shown["Corrected a logged contact"]
    for words in (
        f"Reason: {CORRECTION_REASON}",
        "What changed: Consent obtained; Old: Yes; New: No",
        f"What changed: Why no consent; Old: -; New: {NO_CONSENT_WHY}",
        "What changed: Household member 1; Old: -; New: Declan Roarke",
    ):
        assert words in corrected, (words, corrected)
    reopened = next(v for k, v in shown.items() if k.startswith("Reopened"))
    assert REOPEN_REASON in reopened and "Early help" in reopened, reopened
    for code in ("consent_obtained", "early_help", "household", "{", "_"):
        assert code not in corrected + reopened  # plain words only
    # The Details column is cut at 1366 px: the selected entry reads whole below the table.
    audit = window.area_widget("audit")
    row = next(
        r
        for r in range(audit.table.model().rowCount())
        if audit.table.model().index(r, 4).data() == "Corrected a logged contact"
    )
    rect = audit.table.visualRect(audit.table.model().index(row, 1))
    qtbot.mouseClick(audit.table.viewport(), LEFT, pos=rect.center())
    full = audit.details.toPlainText()
    assert "Corrected a logged contact" in full and f"About: Contact {made.reference}" in full
    assert "What changed: Household member 1; Old: -; New: Declan Roarke" in full, full
    save_shot(window, "audit-trail-details.png")
