"""Where users start printing: the contact view and the strategy discussion offer controlled
copies of their document, and the document is only built for someone who may view it."""

from __future__ import annotations

import pytest

from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.domain.roles import Role
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.printing import add_contact
from ui.contacts.contact_view import ContactDialog
from ui.kit.session import UiSession
from ui.strategy.dialog import StrategyDiscussionDialog


@pytest.fixture
def captured(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "ui.copies.print_flow.start_print", lambda session, parent, choices: calls.append(choices)
    )
    return calls


def test_contact_view_prints_the_contact_summary(qtbot, ctx, make_user, captured):
    # REQ: SEC-5
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    contact_id = add_contact(ctx, desk)
    dialog = ContactDialog(UiSession(ctx, desk), contact_id)
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    (choice,) = captured[0]
    document = choice.load(desk)
    assert document.kind == "contact_summary"
    assert document.object_id == str(contact_id)
    auditor = make_user("audit.board", Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        choice.load(auditor)


def test_strategy_dialog_prints_the_record(qtbot, ctx, make_user, captured):
    # REQ: SEC-5
    # REQ: SD-4
    chair = make_user("tom.harrowgate", Role.LA_MANAGER, "LA-POOLE", "Tom Harrowgate")
    contact_id = add_contact(ctx, chair)  # a Poole contact
    view = StrategyService(ctx).request(chair, contact_id, "Bruising", emergency_no_mash=True)
    dialog = StrategyDiscussionDialog(UiSession(ctx, chair), view.id)
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    (choice,) = captured[0]
    document = choice.load(chair)
    assert document.kind == "strategy_record"
    assert document.object_id == str(view.id)
