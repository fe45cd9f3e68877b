"""Issue 13: saves and decisions confirm themselves in the main window's status bar, and a
re-rating that makes a contact's decision overdue says so (RQ-2). Real clicks and keys."""

from __future__ import annotations

from datetime import timedelta

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.contacts import contact_input
from tests.helpers.shots import save_shot
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import filled_record
from ui.contacts.contact_view import ContactDialog
from ui.kit.qt import Qt
from ui.kit.session import UiSession
from ui.main_window import MainWindow
from ui.strategy.dialog import StrategyDiscussionDialog


def _window(qtbot, ctx, actor) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(UiSession(ctx, actor), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_re_rating_that_makes_a_contact_overdue_says_so(qtbot, ctx, clock, make_user) -> None:
    # REQ: RQ-2 (the decision is due 4 hours after receipt for a red contact)
    desk = make_user("desk.rae", Role.DESK_OFFICER, "POLICE", "Rae Desk")
    made = ContactService(ctx).intake(
        desk, contact_input(clock.now() - timedelta(hours=5), rag="amber")
    )
    window = _window(qtbot, ctx, desk)
    queue = window.area_widget("queue")
    dialog = queue.open_contact(made.id)
    assert isinstance(dialog, ContactDialog)
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.claim_button, Qt.MouseButton.LeftButton)
    dialog.rag.setFocus()
    qtbot.keyClick(dialog.rag, Qt.Key.Key_Home)  # Red is the first choice
    assert dialog.rag.currentText().lower().startswith("red")
    dialog.rag_reason.setFocus()
    qtbot.keyClicks(dialog.rag_reason, "Disclosure at school today")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert f"Triage of contact {made.reference} saved." in message
    assert "makes the decision OVERDUE" in message
    qtbot.wait(50)
    save_shot(window, "status-bar-overdue-after-re-rating.png")
    # Re-rated back to green, the decision is due later again: it says when.
    qtbot.keyClick(dialog.rag, Qt.Key.Key_End)
    assert dialog.rag.currentText().lower().startswith("green")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert "saved. The decision is now due by" in message and "OVERDUE" not in message


def test_completing_a_strategy_record_confirms_in_the_status_bar(qtbot, ctx, make_user) -> None:
    # REQ: SD-3
    chair = make_user("tom.chair", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    service = StrategyService(ctx)
    view = service.request(chair, make_contact(ctx, chair), "Bruising at nursery")
    service.save_record(chair, view.id, filled_record(), view.version)
    window = _window(qtbot, ctx, chair)
    dialog = StrategyDiscussionDialog(window.session, view.id, window.area_widget("strategy"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == (
        f"Strategy discussion record {view.reference} completed."
    )


def test_a_new_contact_logged_confirms_in_the_status_bar(qtbot, ctx, make_user, monkeypatch):
    # REQ: RQ-1 (issue 13: every save confirms itself)
    from tests.ui.contacts.test_intake_dialog import fill
    from ui.contacts.intake_dialog import IntakeDialog
    from ui.contacts.queue_view import QueueView

    desk = make_user("desk.rae", Role.DESK_OFFICER, "POLICE", "Rae Desk")
    window = _window(qtbot, ctx, desk)
    monkeypatch.setattr(QueueView, "offer_draft", lambda self, at: False)
    dialog = window.area_widget("queue").new_contact()
    assert isinstance(dialog, IntakeDialog)
    fill(qtbot, dialog)
    qtbot.mouseClick(dialog.w["saveButton"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    message = window.statusBar().currentMessage()
    queue = window.area_widget("queue")
    references = [r.reference for r in queue.model._rows]
    assert len(references) == 1, references
    assert message == f"Contact {references[0]} logged."
