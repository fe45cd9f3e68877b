"""SEC-9: nothing typed is lost. Escape or Close with unsaved changes asks Save / Discard /
Keep editing; a draft is kept in the encrypted store and offered back after a restart or a
lock. Driven with real key and mouse events over the real services and store."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.drafts import DraftService
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.shift import (
    lock_by_walking_away,
    lock_with_keys,
    main_window,
    open_contact_from_queue,
    open_row,
    restart,
    store_bytes,
    unlock_with_keys,
)
from tests.helpers.shots import save_shot
from tests.helpers.strategy import make_contact
from ui.kit.dialogs import UnsavedChangesBox
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession
from ui.strategy.dialog import StrategyDiscussionDialog


@pytest.fixture
def la_manager(make_user: Callable[..., Actor]) -> Actor:
    return make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")


@pytest.fixture
def discussion_id(ctx: AppContext, la_manager: Actor) -> int:
    return StrategyService(ctx).request(la_manager, make_contact(ctx, la_manager), "Bruising").id


def _open(qtbot, ctx: AppContext, actor: Actor, discussion_id: int) -> StrategyDiscussionDialog:  # type: ignore[no-untyped-def]
    dialog = StrategyDiscussionDialog(UiSession(ctx, actor), discussion_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _type_record(qtbot, dialog: StrategyDiscussionDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.form.place, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.place, "MASH room 2")
    dialog.form.texts["information_shared"].setFocus()
    qtbot.keyClicks(dialog.form.texts["information_shared"], "Nursery saw bruising on Monday.")


def _unsaved_box(qtbot, dialog) -> UnsavedChangesBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.unsaved_box is not None and dialog.unsaved_box.isVisible())
    box = dialog.unsaved_box
    assert box is not None
    return box


# REQ: SEC-9
def test_escape_with_unsaved_changes_asks_and_keep_editing_keeps_everything(
    qtbot, ctx: AppContext, la_manager: Actor, discussion_id: int
) -> None:
    dialog = _open(qtbot, ctx, la_manager, discussion_id)
    _type_record(qtbot, dialog)
    qtbot.keyClick(dialog.form.place, Qt.Key.Key_Escape)
    box = _unsaved_box(qtbot, dialog)
    assert dialog.isVisible()
    assert "not saved" in box.text()
    save_shot(box, "unsaved-changes-box.png")
    qtbot.mouseClick(box.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.unsaved_box is None)
    assert dialog.isVisible()
    assert dialog.form.place.text() == "MASH room 2"
    assert "bruising" in dialog.form.texts["information_shared"].toPlainText()


# REQ: SEC-9
def test_close_then_save_saves_the_record_and_closes(
    qtbot, ctx: AppContext, la_manager: Actor, discussion_id: int
) -> None:
    dialog = _open(qtbot, ctx, la_manager, discussion_id)
    _type_record(qtbot, dialog)
    close = dialog.findChild(QtWidgets.QDialogButtonBox).button(
        QtWidgets.QDialogButtonBox.StandardButton.Close
    )
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    box = _unsaved_box(qtbot, dialog)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = StrategyService(ctx).get(la_manager, discussion_id).record
    assert saved.place == "MASH room 2"
    assert saved.information_shared == "Nursery saw bruising on Monday."
    assert DraftService(ctx).load(la_manager, "strategy.record", discussion_id) is None


# REQ: SEC-9
def test_discard_closes_without_saving_and_leaves_no_draft(
    qtbot, ctx: AppContext, la_manager: Actor, discussion_id: int
) -> None:
    dialog = _open(qtbot, ctx, la_manager, discussion_id)
    _type_record(qtbot, dialog)
    dialog.keep_draft()
    qtbot.keyClick(dialog.form.place, Qt.Key.Key_Escape)
    box = _unsaved_box(qtbot, dialog)
    qtbot.mouseClick(box.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert StrategyService(ctx).get(la_manager, discussion_id).record.place == ""
    assert DraftService(ctx).load(la_manager, "strategy.record", discussion_id) is None


def _open_from_strategy_area(qtbot, window) -> StrategyDiscussionDialog:  # type: ignore[no-untyped-def]
    view = window.area_widget("strategy")
    qtbot.waitUntil(lambda: view.table.model().rowCount() == 1)
    open_row(qtbot, view.table, 0, double_click=True)
    dialog = view.findChild(StrategyDiscussionDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


# REQ: SEC-9, SEC-1
def test_a_lock_keeps_an_encrypted_draft_offered_back_after_a_restart(
    qtbot, request, ctx: AppContext, la_manager: Actor, discussion_id: int
) -> None:
    window = main_window(qtbot, ctx, la_manager)
    dialog = _open_from_strategy_area(qtbot, window)
    _type_record(qtbot, dialog)
    # The person walks away with the record half typed: the idle lock (Ctrl+L from this
    # window-modal record is tested below).
    lock_by_walking_away(qtbot, window)
    assert not dialog.isVisible()
    assert DraftService(ctx).load(la_manager, "strategy.record", discussion_id) is not None
    # The draft is in the store, not in plain text beside it (SEC-1).
    assert b"MASH room 2" not in store_bytes(ctx)
    unlock_with_keys(qtbot, window)  # the password typed into the lock screen
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.place.text() == "MASH room 2"  # back as it was left
    lock_by_walking_away(qtbot, window)
    # Locked, the app is then closed (a restart, a terminal-server session ended) unsaved.
    ctx, la_manager = restart(request, ctx, window)
    window = main_window(qtbot, ctx, la_manager)
    again = _open_from_strategy_area(qtbot, window)
    assert again.draft_banner.isVisible()
    assert again.form.place.text() == ""
    save_shot(again, "strategy-draft-offered.png")
    qtbot.mouseClick(again.draft_banner.restore_button, Qt.MouseButton.LeftButton)
    assert again.form.place.text() == "MASH room 2"
    assert again.form.texts["information_shared"].toPlainText() == (
        "Nursery saw bruising on Monday."
    )
    assert again.has_unsaved_changes
    qtbot.keyClick(again.form.place, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert StrategyService(ctx).get(la_manager, discussion_id).record.place == "MASH room 2"
    assert not again.has_unsaved_changes
    assert again.last_status.endswith("saved.")


def test_ctrl_l_locks_from_a_window_modal_record(
    qtbot, ctx: AppContext, la_manager: Actor, discussion_id: int
) -> None:
    # REQ: SEC-2 (lock on demand), SEC-9
    window = main_window(qtbot, ctx, la_manager)
    dialog = _open_from_strategy_area(qtbot, window)
    _type_record(qtbot, dialog)
    qtbot.keyClick(
        QtWidgets.QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.wait(100)
    assert window.is_locked and not dialog.isVisible()  # nothing of the child on screen
    window.lock_screen.password.setFocus()
    qtbot.keyClicks(window.lock_screen.password, TEST_PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked and dialog.isVisible())
    assert dialog.form.place.text() == "MASH room 2"  # the typing is still there


# REQ: SEC-9
def test_a_draft_belongs_to_its_author(
    qtbot, ctx: AppContext, la_manager: Actor, discussion_id: int, make_user
) -> None:
    dialog = _open(qtbot, ctx, la_manager, discussion_id)
    _type_record(qtbot, dialog)
    dialog.keep_draft()
    other = make_user("ann.other", Role.LA_MANAGER, "LA-DORSET", "Ann Other")
    assert DraftService(ctx).load(other, "strategy.record", discussion_id) is None
    assert DraftService(ctx).load(la_manager, "strategy.record", discussion_id) is not None


# REQ: SEC-9
def test_escape_without_changes_just_closes(
    qtbot, ctx: AppContext, la_manager: Actor, discussion_id: int
) -> None:
    dialog = _open(qtbot, ctx, la_manager, discussion_id)
    assert not dialog.draft_banner.isVisible()
    qtbot.keyClick(dialog.form.place, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.unsaved_box is None


# --- the contact dialog: triage and the decision's 'why' -------------------------------------
@pytest.fixture
def desk(make_user: Callable[..., Actor]) -> Actor:
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


# REQ: SEC-9
def test_contact_escape_asks_and_save_saves_the_triage(
    qtbot, ctx: AppContext, clock, desk: Actor
) -> None:
    from mash_desktop.services.contacts.service import ContactService
    from tests.helpers.contacts import contact_input
    from ui.contacts.contact_view import ContactDialog

    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    dialog = ContactDialog(UiSession(ctx, desk), made.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.mouseClick(dialog.claim_button, Qt.MouseButton.LeftButton)
    dialog.rag_reason.setFocus()
    qtbot.keyClicks(dialog.rag_reason, "Disclosure of a slap")
    qtbot.keyClick(dialog.rag_reason, Qt.Key.Key_Escape)
    box = _unsaved_box(qtbot, dialog)
    assert box.save_button.text() == "&Save triage"
    qtbot.mouseClick(box.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    dialog.rationale.setFocus()
    qtbot.keyClicks(dialog.rationale, "Needs a strategy discussion")
    qtbot.mouseClick(
        dialog.findChild(QtWidgets.QPushButton, "closeButton"), Qt.MouseButton.LeftButton
    )
    box = _unsaved_box(qtbot, dialog)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ContactService(ctx).get(desk, made.id).rag_reason == "Disclosure of a slap"
    # Saving triage records no decision; the 'why' being typed waits as a draft.
    again = ContactDialog(UiSession(ctx, desk), made.id)
    qtbot.addWidget(again)
    assert not again.draft_banner.isHidden()
    qtbot.mouseClick(again.draft_banner.restore_button, Qt.MouseButton.LeftButton)
    assert again.rationale.toPlainText() == "Needs a strategy discussion"
    assert again.rag_reason.text() == "Disclosure of a slap"


# REQ: SEC-9, SEC-1, SEC-2
def test_contact_triage_typed_before_a_lock_is_back_after_unlock_and_after_a_restart(
    qtbot, request, ctx: AppContext, clock, desk: Actor
) -> None:
    from mash_desktop.services.contacts.service import ContactService
    from tests.helpers.contacts import contact_input

    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    window = main_window(qtbot, ctx, desk)
    dialog = open_contact_from_queue(qtbot, window, made.id)
    qtbot.mouseClick(dialog.claim_button, Qt.MouseButton.LeftButton)
    dialog.rag_reason.setFocus()
    qtbot.keyClicks(dialog.rag_reason, "Quokka disclosure at breakfast club")
    dialog.rationale.setFocus()
    qtbot.keyClicks(dialog.rationale, "Marmoset plan agreed with the school")
    lock_with_keys(qtbot, window)  # Ctrl+L, typed in the contact dialog
    assert not dialog.isVisible()
    raw = store_bytes(ctx)
    assert b"Quokka" not in raw and b"Marmoset" not in raw  # the draft is encrypted
    unlock_with_keys(qtbot, window)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.rag_reason.text() == "Quokka disclosure at breakfast club"
    lock_with_keys(qtbot, window)
    ctx, desk = restart(request, ctx, window)
    assert ContactService(ctx).get(desk, made.id).rag_reason == ""  # never saved
    window = main_window(qtbot, ctx, desk)
    again = open_contact_from_queue(qtbot, window, made.id)
    assert again.draft_banner.isVisible()
    assert again.rag_reason.text() == ""
    qtbot.mouseClick(again.draft_banner.restore_button, Qt.MouseButton.LeftButton)
    assert not again.draft_banner.isVisible()
    assert again.rag_reason.text() == "Quokka disclosure at breakfast club"
    assert again.rationale.toPlainText() == "Marmoset plan agreed with the school"
    assert again.has_unsaved_changes
