"""RQ-7 through the real dialogs: correct a logged contact's referrer and children from the
contact view, with a reason; a decided contact is corrected only after a manager reopens it.
SEC-9: Escape with an unsaved correction asks first."""

from __future__ import annotations

import pytest

from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import contact_input
from tests.helpers.shift import when_modal
from tests.helpers.shots import save_shot
from ui.contacts.amend_dialog import AmendContactDialog
from ui.contacts.contact_view import ContactDialog
from ui.kit.prompts import TextPrompt
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


@pytest.fixture
def manager(make_user):
    return make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")


def _type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(QtWidgets.QApplication.focusWidget(), char)


def _open_contact(qtbot, ctx, actor, contact_id) -> ContactDialog:
    dialog = ContactDialog(UiSession(ctx, actor), contact_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


# REQ: RQ-7, SEC-9
def test_correct_the_referrer_and_add_a_sibling_from_the_contact_view(qtbot, ctx, clock, desk):
    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    contact = _open_contact(qtbot, ctx, desk, made.id)
    assert not contact.correct_button.isEnabled()  # claim it first (RQ-6)
    qtbot.mouseClick(contact.claim_button, Qt.MouseButton.LeftButton)
    assert contact.correct_button.isEnabled() and not contact.reopen_button.isVisible()
    qtbot.mouseClick(contact.correct_button, Qt.MouseButton.LeftButton)
    amend = contact.findChild(AmendContactDialog)
    assert amend is not None and amend.isVisible()
    qtbot.waitUntil(amend.isActiveWindow)
    amend.referrer_name.selectAll()
    amend.referrer_name.setFocus()
    _type(qtbot, "Eli Teacher (deputy head)")
    qtbot.keyClick(amend.referrer_name, Qt.Key.Key_Escape)  # unsaved: asks first
    qtbot.waitUntil(lambda: amend.unsaved_box is not None and amend.unsaved_box.isVisible())
    qtbot.mouseClick(amend.unsaved_box.keep_button, Qt.MouseButton.LeftButton)
    assert amend.isVisible()
    qtbot.wait(50)  # the box is deleted; offscreen, no window manager hands activation back
    amend.activateWindow()
    qtbot.waitUntil(amend.isActiveWindow)
    table = amend.children_table
    add_child = next(
        b for b in amend.findChildren(QtWidgets.QPushButton) if b.text() == "Add c&hild"
    )
    qtbot.mouseClick(add_child, Qt.MouseButton.LeftButton)
    table.setFocus()
    table.setCurrentCell(1, 0)
    _type(qtbot, "Rowan")
    qtbot.keyClick(QtWidgets.QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    _type(qtbot, "Ashdown")
    qtbot.keyClick(QtWidgets.QApplication.focusWidget(), Qt.Key.Key_Return)
    assert amend.isVisible()  # Enter in the grid never saves
    amend.reason.setFocus()
    _type(qtbot, "Referrer rang back with the sibling")
    save_shot(amend, "correct-contact.png")
    qtbot.mouseClick(amend.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not amend.isVisible())
    saved = ContactService(ctx).get(desk, made.id)
    assert saved.referrer_name == "Eli Teacher (deputy head)"
    assert [c.full_name for c in saved.children] == ["Amelia Ashdown", "Rowan Ashdown"]
    assert "Rowan Ashdown" in contact.details.toPlainText()
    assert amend.last_status == f"Correction to contact {made.reference} saved."


# REQ: RQ-7
def test_a_correction_without_a_reason_is_refused_beside_the_field(qtbot, ctx, clock, desk):
    contacts = ContactService(ctx)
    made = contacts.claim(desk, contacts.intake(desk, contact_input(clock.now())).id)
    amend = AmendContactDialog(UiSession(ctx, desk), made)
    qtbot.addWidget(amend)
    amend.show()
    qtbot.keyClicks(amend.referrer_contact, " ext 4")
    qtbot.mouseClick(amend.save_button, Qt.MouseButton.LeftButton)
    assert amend.isVisible()
    assert "Say why" in amend.errors.visible_messages()["reason"]
    assert amend.referrer_contact.text().endswith(" ext 4")  # nothing typed is lost


# REQ: RQ-7
def test_a_decided_contact_is_reopened_by_a_manager_then_corrected(
    qtbot, ctx, clock, desk, manager
):
    contacts = ContactService(ctx)
    made = contacts.claim(manager, contacts.intake(desk, contact_input(clock.now())).id)
    contacts.decide(manager, made.id, made.version, Outcome.EARLY_HELP, "Family agree to help")
    as_desk = _open_contact(qtbot, ctx, desk, made.id)
    assert not as_desk.reopen_button.isVisible() and not as_desk.correct_button.isEnabled()
    contact = _open_contact(qtbot, ctx, manager, made.id)
    assert contact.reopen_button.isVisible()

    def answer(prompt: TextPrompt) -> None:  # the app's own prompt, typed into
        prompt.field.setFocus()
        _type(qtbot, "The referrer's name was wrong")
        qtbot.keyClick(prompt.field, Qt.Key.Key_Return)

    when_modal(TextPrompt, answer)
    qtbot.mouseClick(contact.reopen_button, Qt.MouseButton.LeftButton)
    assert contact.detail.status == "open" and not contact.reopen_button.isVisible()
    assert contact.last_status.endswith("reopened.")
    qtbot.mouseClick(contact.claim_button, Qt.MouseButton.LeftButton)
    assert contact.correct_button.isEnabled()
