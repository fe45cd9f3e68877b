"""Issue 13: every decision on a strategy discussion's tabs confirms itself in the main
window's status bar, naming what happened and to which discussion and child, in plain words
(no agency or internal codes). Real clicks and keys, each user in their own main window."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.code_patterns import code_leaks
from tests.helpers.shift import main_window
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import filled_record
from ui.kit.qt import Qt, QtCore
from ui.strategy.dialog import StrategyDiscussionDialog


def _open(qtbot, ctx, actor, discussion_id):  # type: ignore[no-untyped-def]
    window = main_window(qtbot, ctx, actor)
    dialog = StrategyDiscussionDialog(window.session, discussion_id, window.area_widget("strategy"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return window, dialog


def _said(window, *parts: str) -> str:  # type: ignore[no-untyped-def]
    message = window.statusBar().currentMessage()
    for part in parts:
        assert part in message, (part, message)
    codes = [a.code for a in AccountService(window.session.ctx).list_agencies(window.session.actor)]
    assert code_leaks(message, codes) == [], message
    return message


def test_strategy_tabs_confirm_each_decision_in_the_status_bar(qtbot, ctx, make_user) -> None:
    # REQ: SD-4 SD-6 SD-8 SD-10 SD-18 (issue 13: every decision confirms itself)
    chair = make_user("tom.chair", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    police = make_user("ray.quarry", Role.DESK_OFFICER, "POLICE", "Ray Quarry")
    service = StrategyService(ctx)
    view = service.request(chair, make_contact(ctx, chair), "Bruising at nursery")
    view = service.save_record(chair, view.id, filled_record(), view.version)
    view = service.complete(chair, view.id)
    about = f"strategy discussion {view.reference} ({view.child_names})"
    window, dialog = _open(qtbot, ctx, chair, view.id)

    # An action added (SD-6).
    tracker = dialog.action_panel
    dialog.tabs.setCurrentWidget(tracker)
    qtbot.keyClicks(tracker.description, "Home visit and s47 assessment")
    qtbot.keyClicks(tracker.person, "Priya Okafor")
    qtbot.mouseClick(tracker.add_button, Qt.MouseButton.LeftButton)
    _said(window, f"Action added to {about}: Home visit and s47 assessment", "due ")

    # A copy marked sent (SD-4).
    copies = dialog.copies
    dialog.tabs.setCurrentWidget(copies)
    copies.table.selectRow(0)
    agency = copies.model.row_at(
        copies.table.model().mapToSource(copies.table.currentIndex()).row()
    ).agency_name
    qtbot.keyClicks(copies.address, "mash@secure.example.gov.uk")
    qtbot.mouseClick(copies.mark, Qt.MouseButton.LeftButton)
    _said(
        window,
        f"{agency}'s copy of the record of {about} marked as sent",
        "mash@secure.example.gov.uk",
    )

    # Outcome and conference date (SD-8).
    follow = dialog.follow_up
    dialog.tabs.setCurrentWidget(follow)
    follow.assessment.setCurrentIndex(
        follow.assessment.findText("conference", Qt.MatchFlag.MatchContains)
    )
    qtbot.mouseClick(follow.has_conference, Qt.MouseButton.LeftButton)
    follow.conference.setDate(QtCore.QDate(2026, 12, 14))
    qtbot.mouseClick(follow.record_outcome_button, Qt.MouseButton.LeftButton)
    _said(window, f"Assessment outcome for {about} fed back", "conference date 14/12/2026")

    # A partner's disagreement (SD-10) and conference request (SD-18).
    p_window, p_dialog = _open(qtbot, ctx, police, view.id)
    follow = p_dialog.follow_up
    p_dialog.tabs.setCurrentWidget(follow)
    qtbot.keyClicks(follow.disagreement, "The sibling should be in the s47 enquiry too.")
    qtbot.keyClicks(follow.step, "Stage 1: DS to team manager by phone")
    qtbot.mouseClick(follow.raise_button, Qt.MouseButton.LeftButton)
    _said(p_window, f"Disagreement recorded on {about}", "Stage 1: DS to team manager")
    conference = p_dialog.conference
    p_dialog.tabs.setCurrentWidget(conference)
    qtbot.keyClicks(conference.concern, "Further bruising seen today; welfare not safeguarded")
    qtbot.mouseClick(conference.ask_button, Qt.MouseButton.LeftButton)
    _said(p_window, f"Conference request recorded on {about}")

    # The LA's answer (SD-18).
    conference = dialog.conference
    conference.refresh()
    dialog.tabs.setCurrentWidget(conference)
    conference.table.selectRow(0)
    qtbot.keyClicks(conference.answer_note, "Conference booked for 10 December")
    qtbot.mouseClick(conference.answer_button, Qt.MouseButton.LeftButton)
    _said(window, f"Answer to Ray Quarry's conference request on {about} recorded: Agreed")
