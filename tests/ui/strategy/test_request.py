"""SD-2 / SD-0 from the contact view: the LA manager requests a strategy discussion for the
contact in front of them; an open CSC case is refused beside the field."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.contacts import contact_input
from ui.contacts.contact_view import ContactDialog
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession
from ui.strategy.dialog import StrategyDiscussionDialog


def open_dialogs(kind):
    return [
        w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
    ]


def test_la_manager_requests_from_the_contact(qtbot, ctx, make_user, clock):
    # REQ: SD-2
    manager = make_user("la.lou", Role.LA_MANAGER, "LA-POOLE")
    desk = make_user("desk.dee", Role.DESK_OFFICER, "LA-POOLE")
    contact = ContactService(ctx).intake(desk, contact_input(clock.now()))
    view = ContactDialog(UiSession(ctx, manager), contact.id)
    qtbot.addWidget(view)
    view.show()
    assert view.strategy_button.isVisible()
    request = view.request_strategy_discussion()
    assert request.contact.text() == contact.reference
    request.reason.setPlainText("Bruising to both arms; explanation inconsistent.")
    request.submit()
    assert request.result_view is not None
    qtbot.waitUntil(lambda: bool(open_dialogs(StrategyDiscussionDialog)), timeout=5000)
    discussions = StrategyService(ctx).discussions(manager)
    assert [d.id for d in discussions] == [request.result_view.id]


def test_open_csc_case_is_refused_from_the_contact(qtbot, ctx, make_user, clock):
    # REQ: SD-0
    manager = make_user("la.lou", Role.LA_MANAGER, "LA-POOLE")
    desk = make_user("desk.dee", Role.DESK_OFFICER, "LA-POOLE")
    data = contact_input(
        clock.now(), csc_case_open=True, allocated_team="Poole Children in Need Team"
    )
    contact = ContactService(ctx).intake(desk, data)
    view = ContactDialog(UiSession(ctx, manager), contact.id)
    qtbot.addWidget(view)
    request = view.request_strategy_discussion()
    request.reason.setPlainText("Typed reason stays")
    request.submit()
    assert request.result_view is None
    assert request.isVisible()
    assert request.reason.toPlainText() == "Typed reason stays"
    assert StrategyService(ctx).discussions(manager) == []


def test_desk_officer_has_no_request_button(qtbot, ctx, make_user, clock):
    # REQ: SD-4 (the LA manager chairs and records it)
    desk = make_user("desk.dee", Role.DESK_OFFICER, "LA-POOLE")
    contact = ContactService(ctx).intake(desk, contact_input(clock.now()))
    view = ContactDialog(UiSession(ctx, desk), contact.id)
    qtbot.addWidget(view)
    view.show()
    assert not view.strategy_button.isVisible()
