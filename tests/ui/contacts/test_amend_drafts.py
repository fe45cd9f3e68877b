"""A correction being typed is kept as an encrypted draft in the local store and offered back
after the app dies and is started again (SEC-9, RQ-7). Driven as a person does: the contact
opened from the queue with Return, Correct details clicked, the referrer, a household member
and the reason typed with keys, the app killed without saving, restarted, the same contact
opened, Restore draft clicked. The store's files hold none of the typed words in plain text."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.drafts import DraftService
from tests.helpers.contacts import contact_input
from tests.helpers.shift import (
    add_household_member,
    main_window,
    open_contact_from_queue,
    restart,
    store_bytes,
    type_keys,
)
from tests.helpers.shots import save_shot
from ui.contacts.amend_dialog import AmendContactDialog
from ui.kit.qt import Qt

LEFT = Qt.MouseButton.LeftButton
TYPED_NAME = "Xanthe Quillfeather"
TYPED_MEMBER = ("Oswin", "Brackenridge")
TYPED_REASON = "Referrer rang back from the Zanzibar ward"


def _open_correction(qtbot, contact) -> AmendContactDialog:  # type: ignore[no-untyped-def]
    if contact.claim_button.isEnabled():
        qtbot.mouseClick(contact.claim_button, LEFT)
    qtbot.mouseClick(contact.correct_button, LEFT)
    amend = contact.findChild(AmendContactDialog)
    assert amend is not None and amend.isVisible()
    amend.activateWindow()
    qtbot.waitUntil(amend.isActiveWindow)
    return amend


def test_a_correction_draft_is_offered_back_after_the_app_dies(
    qtbot, request, ctx, clock, make_user
) -> None:
    # REQ: SEC-9, RQ-7, SEC-1
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    window = main_window(qtbot, ctx, desk)
    amend = _open_correction(qtbot, open_contact_from_queue(qtbot, window, made.id))
    amend.referrer_name.setFocus()
    amend.referrer_name.selectAll()
    type_keys(qtbot, TYPED_NAME)
    add_household_member(qtbot, amend, TYPED_MEMBER)
    amend.reason.setFocus()
    type_keys(qtbot, TYPED_REASON)
    assert amend.isVisible()  # Enter in the grid never saved it
    # A moment after the typing stops the draft is kept; then the app dies unsaved.
    qtbot.waitUntil(
        lambda: DraftService(ctx).load(desk, "contact.amend", str(made.id)) is not None,
        timeout=5000,
    )
    raw = store_bytes(ctx)
    for word in (TYPED_NAME, *TYPED_MEMBER, "Zanzibar"):
        assert word.encode() not in raw  # SEC-1: the draft is in the encrypted store only
    ctx, desk = restart(request, ctx, window, crashed=True)
    assert ContactService(ctx).get(desk, made.id).referrer_name == "Eli Teacher"  # unsaved

    window = main_window(qtbot, ctx, desk)
    again = _open_correction(qtbot, open_contact_from_queue(qtbot, window, made.id))
    assert again.draft_banner.isVisible()
    assert again.referrer_name.text() == "Eli Teacher" and again.household_table.rowCount() == 0
    save_shot(again, "correction-draft-offered.png")
    qtbot.mouseClick(again.draft_banner.restore_button, LEFT)
    assert not again.draft_banner.isVisible()
    assert again.referrer_name.text() == TYPED_NAME
    member = [again.household_table.item(0, c).text() for c in range(2)]
    assert tuple(member) == TYPED_MEMBER
    assert again.reason.text() == TYPED_REASON
    assert again.has_unsaved_changes
    qtbot.mouseClick(again.save_button, LEFT)
    qtbot.waitUntil(lambda: not again.isVisible())
    saved = ContactService(ctx).get(desk, made.id)
    assert saved.referrer_name == TYPED_NAME
    assert [p.full_name for p in saved.household] == [" ".join(TYPED_MEMBER)]
    assert DraftService(ctx).load(desk, "contact.amend", str(made.id)) is None
