"""The protocol's new answers and refusals as a person sees them, at 1366x768: out of hours by
the clock on the request form (SD-14), the conference request and answer (SD-18), the record
form's lead agencies and protection (SD-12), and an open case found on another contact
(RQ-3, RQ-4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.contacts import child, contact_input
from tests.helpers.shots import save_shot
from tests.helpers.strategy import make_contact, reference_of
from tests.helpers.strategy_fixtures import filled_record
from ui.contacts.contact_view import ContactDialog
from ui.kit.session import UiSession
from ui.strategy.dialog import StrategyDiscussionDialog
from ui.strategy.request import NewRequestDialog

SCREEN = (1366, 768)


@pytest.fixture
def la_manager(make_user: Callable[..., Actor]) -> Actor:
    return make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")


def test_sd14_request_form_says_out_of_hours_by_the_clock(
    qtbot, ctx: AppContext, la_manager: Actor, clock: FixedClock
) -> None:
    # REQ: SD-14
    clock.set(datetime(2026, 11, 24, 22, 0, tzinfo=UTC))
    cid = make_contact(ctx, la_manager)
    dialog = NewRequestDialog(UiSession(ctx, la_manager), reference_of(ctx, la_manager, cid))
    qtbot.addWidget(dialog)
    assert "22:00 is outside core hours" in dialog.ooh_note.text()
    assert "telephone" in dialog.ooh_note.text()
    dialog.reason.setPlainText("Child found alone at night by police")
    dialog.looked_after.setChecked(True)
    dialog.show()
    save_shot(dialog, "issue14-request-ooh.png")
    dialog.submit()
    assert dialog.result_view is not None and dialog.result_view.out_of_hours
    assert dialog.result_view.record.child_looked_after
    assert cid == dialog.result_view.contact_id


def test_sd18_partner_asks_for_a_conference_and_la_answers_on_screen(
    qtbot, ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor]
) -> None:
    # REQ: SD-18 SD-12
    service = StrategyService(ctx)
    d = service.request(la_manager, make_contact(ctx, la_manager), "Bruising at nursery")
    d = service.save_record(la_manager, d.id, filled_record(), d.version)
    service.complete(la_manager, d.id)
    school = make_user("jo.school", Role.DESK_OFFICER, "EDUCATION", "Jo Winfrith")
    dialog = StrategyDiscussionDialog(UiSession(ctx, school), d.id)
    qtbot.addWidget(dialog)
    dialog.resize(*SCREEN)
    dialog.show()
    panel = dialog.conference
    assert not panel.ask_box.isHidden() and panel.answer_box.isHidden()
    panel.concern.setText("?")
    panel.ask()
    assert "concern" in panel.errors.visible_messages()
    panel.concern.setText("Further bruising seen today; welfare not safeguarded")
    panel.ask()
    assert panel.model.rowCount() == 1
    la = StrategyDiscussionDialog(UiSession(ctx, la_manager), d.id)
    qtbot.addWidget(la)
    la.resize(*SCREEN)
    la.show()
    la.tabs.setCurrentWidget(la.conference)
    la.conference.table.selectRow(0)
    la.conference.answer_note.setText("Conference booked for 10 December")
    la.conference.record_answer()
    row = la.conference.model.rows()[0]
    assert row.answered_by == "Tom Harrowgate"
    save_shot(la, "issue14-conference-requests.png")
    la.tabs.setCurrentIndex(0)
    assert la.form.protocol.s47_lead.currentText().startswith("Dorset")
    assert "Neither" in la.form.protocol.protection.currentText()
    save_shot(la, "issue14-record-form.png")


def test_rq4_contact_view_names_the_open_case_found_on_another_contact(
    qtbot, ctx: AppContext, clock: FixedClock, make_user: Callable[..., Actor]
) -> None:
    # REQ: RQ-3 RQ-4
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    manager = make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    contacts = ContactService(ctx)
    contacts.intake(
        desk,
        contact_input(
            clock.now(),
            child("Kai", "Renwick", nhs="9434765919"),
            csc_case_open=True,
            allocated_team="Poole Locality Team 2",
        ),
    )
    new = contacts.intake(
        desk, contact_input(clock.now(), child("Kai", "Renwick", nhs="9434765919"))
    )
    dialog = ContactDialog(UiSession(ctx, manager), new.id)
    qtbot.addWidget(dialog)
    dialog.resize(*SCREEN)
    dialog.show()
    dialog.claim()
    assert "Poole Locality Team 2" in dialog.rule_note.text()
    assert not dialog.decide_button.isEnabled()
    assert dialog.route_button.isEnabled()
    save_shot(dialog, "issue14-contact-open-case.png")
