"""The strategy screens driven as a user would, over the real services and encrypted store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.roles import Role
from mash_desktop.domain.strategy import ActionStatus, DiscussionStatus, MinimumRole
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.contacts import reference_of
from tests.helpers.shots import save_shot
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import filled_record
from ui.kit.qt import Qt, QtCore, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow
from ui.strategy.actions_view import ActionsDueView, FeedbackDialog
from ui.strategy.dialog import StrategyDiscussionDialog
from ui.strategy.request import NewRequestDialog


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    save_shot(widget, name)


@pytest.fixture
def la_manager(make_user: Callable[..., Actor]) -> Actor:
    return make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")


def _pick(combo, text: str, exact: bool = False) -> None:  # type: ignore[no-untyped-def]
    index = combo.findText(text, Qt.MatchFlag.MatchExactly if exact else Qt.MatchFlag.MatchContains)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _add_attendee(form, qtbot, name, role, agency, minimum) -> None:  # type: ignore[no-untyped-def]
    form.att_name.clear()
    qtbot.keyClicks(form.att_name, name)
    qtbot.keyClicks(form.att_role, role)
    _pick(form.att_agency, agency)
    _pick(form.att_minimum, minimum)
    qtbot.keyClick(form.att_name, Qt.Key.Key_Return)  # nothing happens on Return
    form.add_attendee()


# REQ: SD-0
def test_request_dialog_shows_open_case_refusal_beside_the_field(
    qtbot, ctx: AppContext, la_manager: Actor
) -> None:
    reference = reference_of(ctx, make_contact(ctx, la_manager, csc_case_open=True))
    dialog = NewRequestDialog(UiSession(ctx, la_manager), reference)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reason, "Injury reported by school")
    assert not dialog.invite_boxes["POLICE"].isEnabled()  # police and health always invited
    dialog.submit()
    assert dialog.result() == 0
    assert "already open" in dialog.errors.visible_messages()["contact"]
    assert dialog.reason.toPlainText() == "Injury reported by school"  # nothing typed is lost


# REQ: SD-2, SD-11
def test_request_dialog_creates_the_request(qtbot, ctx: AppContext, la_manager: Actor) -> None:
    reference = reference_of(ctx, make_contact(ctx, la_manager))
    dialog = NewRequestDialog(UiSession(ctx, la_manager), reference)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reason, "Non-mobile baby with bruising")
    dialog.invite_boxes["EDUCATION"].setChecked(True)
    dialog.paediatrician.setChecked(True)
    dialog.emergency.setChecked(True)
    dialog.show()
    assert dialog.emergency_note.isVisible()
    _shot(dialog, "strategy_request_form.png")
    dialog.submit()
    assert dialog.result_view is not None
    assert set(dialog.result_view.invited_agencies) == {"POLICE", "HEALTH", "EDUCATION"}
    assert dialog.result_view.emergency_no_mash


# REQ: SD-3, SD-5, SD-7, SD-12
def test_strategy_form_filled_in_completion_blocked_then_completed(
    qtbot, ctx: AppContext, la_manager: Actor
) -> None:
    referral = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    cid = make_contact(ctx, la_manager, received_at=referral)
    view = StrategyService(ctx).request(
        la_manager, cid, "Bruising to both arms seen at nursery", ["EDUCATION"], True
    )
    dialog = StrategyDiscussionDialog(UiSession(ctx, la_manager), view.id)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 900)
    dialog.show()
    form = dialog.form
    form.held_at.setDateTime(QtCore.QDateTime(QtCore.QDate(2026, 11, 24), QtCore.QTime(9, 0)))
    qtbot.keyClicks(form.place, "MASH meeting room 2")
    _add_attendee(form, qtbot, "Priya Okafor", "Social worker", "LA-DORSET", "LA social worker")
    _add_attendee(form, qtbot, "Tom Harrowgate", "Team manager", "LA-DORSET", "manager")
    _add_attendee(form, qtbot, "Dr Nell Ashdown", "Named nurse", "HEALTH", "Health")
    _add_attendee(form, qtbot, "Jo Winfrith", "Head teacher", "EDUCATION", "Other")
    assert "MISSING" in form.minimum_status[MinimumRole.POLICE].text()
    assert "Present" in form.minimum_status[MinimumRole.HEALTH].text()
    for key, text in (
        ("information_shared", "Nursery saw bruising; no police history for the household."),
        ("criminal_investigation", "Police to decide on interview after the medical."),
        ("further_information", "GP records for the last year."),
        ("immediate_actions", "Child stays with grandmother tonight; medical today."),
        ("shared_with_family", "Mother told of the enquiry; partner not told yet."),
    ):
        qtbot.keyClicks(form.texts[key], text)
    _pick(form.s47, "Yes")
    _pick(form.legal_needed, "No", exact=True)
    _pick(form.outcome, "s47 enquiries")
    qtbot.keyClicks(form.social_worker, "Priya Okafor")
    qtbot.keyClicks(form.team, "Dorset Safeguarding Team North")

    dialog.complete()
    shown = form.errors.visible_messages()
    assert "missing:police" in shown
    # REQ: SD-5 SD-12 the refusals are shown beside their fields, in words
    assert {"legal_action", "s47_lead", "criminal_lead", "protection"} <= set(shown)
    assert dialog.view.status is DiscussionStatus.REQUESTED
    qtbot.keyClicks(
        form.minimum_reason[MinimumRole.POLICE], "DS Quarry on a firearms call; briefed by phone"
    )
    qtbot.keyClicks(form.texts["legal_action"], "None: the grandmother's care is agreed.")
    _pick(form.protocol.s47_lead, "Dorset Council")
    _pick(form.protocol.criminal_lead, "Dorset Police")
    _pick(form.protocol.protection, "Neither")
    assert "15 working days" in form.due_dates.text()
    _shot(form, "strategy_form_filled.png")
    _shot(dialog, "strategy_dialog_record_tab.png")
    dialog.complete()
    assert dialog.view.status is DiscussionStatus.COMPLETED
    assert dialog.view.icpc_due == date(2026, 12, 15)
    assert "Tue 15/12/2026" in form.due_dates.text()
    assert form.place.isReadOnly()  # a completed record is read only, still readable
    assert form.place.isEnabled()


# REQ: SD-6, SD-4
def test_action_tracker_tab_adds_actions_and_shows_copies(
    qtbot, ctx: AppContext, la_manager: Actor, clock: FixedClock, make_user
) -> None:
    police = make_user("ray.quarry", Role.DESK_OFFICER, "POLICE", "Ray Quarry")
    service = StrategyService(ctx)
    view = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    view = service.save_record(la_manager, view.id, filled_record(), view.version)
    service.complete(la_manager, view.id)
    dialog = StrategyDiscussionDialog(UiSession(ctx, la_manager), view.id)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 700)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.action_panel)
    panel = dialog.action_panel
    for text, agency, person, due in (
        ("Medical by paediatrician", "HEALTH", "Dr Ashdown", QtCore.QDate(2026, 11, 24)),
        ("Interview mother's partner", "POLICE", "DS Ray Quarry", QtCore.QDate(2026, 11, 26)),
        ("Home visit and s47 assessment", "LA-DORSET", "Priya Okafor", QtCore.QDate(2026, 11, 25)),
    ):
        qtbot.keyClicks(panel.description, text)
        _pick(panel.agency, agency)
        qtbot.keyClicks(panel.person, person)
        panel.due.setDate(due)
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 3
    assert "Dorset Safeguarding Team North" in panel.allocated.text()
    police_action = next(r for r in panel.model.rows() if r.owner_agency_code == "POLICE")
    _feedback_through_actions_due(qtbot, UiSession(ctx, police), police_action.id)
    panel.refresh()
    assert any(r.last_feedback.startswith("Partner arrested") for r in panel.model.rows())
    _shot(dialog, "action_tracker.png")
    # Empty person: the message sits beside the field and the description stays typed.
    qtbot.keyClicks(panel.description, "Check school attendance")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert "owner_person" in panel.errors.visible_messages()
    assert panel.description.text() == "Check school attendance"

    dialog.tabs.setCurrentWidget(dialog.copies)
    assert sorted(c.agency_code for c in dialog.copies.model.rows()) == [
        "EDUCATION",
        "HEALTH",
        "POLICE",
    ]
    clock.set(datetime(2026, 11, 26, 11, 0, tzinfo=UTC))  # past the 48 hours
    dialog.copies.refresh()
    dialog.copies.table.selectRow(0)
    # REQ: SD-16 SEC-5 only secure e-mail or fax is offered, and the address is required
    offered = [dialog.copies.channel.itemText(i) for i in range(dialog.copies.channel.count())]
    assert offered == ["Secure e-mail", "Fax"]
    dialog.copies.mark_sent()
    assert "address" in dialog.copies.errors.visible_messages()
    qtbot.keyClicks(dialog.copies.address, "mash.education@dorsetcouncil.gov.uk")
    dialog.copies.mark_sent()
    states = [
        dialog.copies.model.data(dialog.copies.model.index(r, 1))
        for r in range(dialog.copies.model.rowCount())
    ]
    assert sum("OVERDUE" in s for s in states) == 2
    assert sum(s == "Sent late" for s in states) == 1
    _shot(dialog, "copies_sent.png")


# REQ: SD-6, SD-7
def test_actions_due_view_overdue_first(
    qtbot, ctx: AppContext, la_manager: Actor, clock: FixedClock, qtmodeltester
) -> None:
    service = StrategyService(ctx)
    tracker = ActionTrackerService(ctx)
    for child, due_days in ((("Maisie", "Thornbury"), (3, 1)), (("Alfie", "Brankstone"), (0, 5))):
        view = service.request(la_manager, make_contact(ctx, la_manager, child=child), "Concern")
        view = service.save_record(la_manager, view.id, filled_record(), view.version)
        service.complete(la_manager, view.id)
        for days, (text, agency, person) in zip(
            due_days,
            (
                ("Home visit", "LA-DORSET", "Priya Okafor"),
                ("Police checks on partner", "POLICE", "DS Ray Quarry"),
            ),
            strict=True,
        ):
            tracker.add_action(la_manager, view.id, text, agency, person, date(2026, 11, 24 + days))
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # Thursday
    window = MainWindow(UiSession(ctx, la_manager), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1400, 600)
    window.show()
    area = window.area_widget("actions")
    qtmodeltester.check(area.model)
    proxy = area.table.model()
    first = [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())]
    assert first[0].startswith("\u26a0 OVERDUE")
    assert first[1].startswith("\u26a0 OVERDUE")
    assert not any("OVERDUE" in s for s in first[2:])
    assert "4 actions, 2 overdue" in area.summary.text()
    _shot(window, "actions_due.png")


# REQ: SD-9
def test_strategy_area_lists_ooh_record_for_the_la_on_monday(
    qtbot, ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor], clock: FixedClock
) -> None:
    from mash_desktop.domain.strategy import Mode

    ooh = make_user("olly.night", Role.OOH_MANAGER, "LA-DORSET", "Olly Night")
    friday = datetime(2026, 11, 27, 22, 40, tzinfo=UTC)
    clock.set(friday)
    service = StrategyService(ctx)
    view = service.request(
        ooh, make_contact(ctx, la_manager, child=("Keira", "Wareham")), "Left alone overnight"
    )
    # The OOH manager's form is in telephone mode.
    ooh_dialog = StrategyDiscussionDialog(UiSession(ctx, ooh), view.id)
    qtbot.addWidget(ooh_dialog)
    ooh_dialog.resize(1200, 900)
    ooh_dialog.show()
    assert ooh_dialog.form.banner.isVisible()
    assert not ooh_dialog.form.mode.isEnabled()
    assert ooh_dialog.form.mode.currentData() == Mode.TELEPHONE.value
    _shot(ooh_dialog, "strategy_form_ooh_telephone.png")
    service.save_record(
        ooh, view.id, filled_record(mode=Mode.TELEPHONE, held_at=friday), view.version
    )
    clock.set(datetime(2026, 11, 30, 9, 5, tzinfo=UTC))  # Monday morning
    window = MainWindow(UiSession(ctx, la_manager), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    area = window.area_widget("strategy")
    assert area.ooh.rowCount() == 1
    assert area.ooh.row_at(0).child_names == "Keira Wareham"
    _shot(window, "strategy_area_ooh.png")
    area.ooh_table.selectRow(0)
    area.acknowledge()
    assert area.ooh.rowCount() == 0


# REQ: SD-8, SD-10
def test_follow_up_tab_outcome_feedback_and_partner_disagreement(
    qtbot, ctx: AppContext, la_manager: Actor, make_user: Callable[..., Actor]
) -> None:
    police = make_user("ray.quarry", Role.DESK_OFFICER, "POLICE", "Ray Quarry")
    service = StrategyService(ctx)
    view = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    view = service.save_record(la_manager, view.id, filled_record(), view.version)
    service.complete(la_manager, view.id)

    la_dialog = StrategyDiscussionDialog(UiSession(ctx, la_manager), view.id)
    qtbot.addWidget(la_dialog)
    la_dialog.show()
    panel = la_dialog.follow_up
    la_dialog.tabs.setCurrentWidget(panel)
    assert panel.la_box.isVisible()
    _pick(panel.assessment, "likely to suffer significant harm (conference)")
    qtbot.mouseClick(panel.record_outcome_button, Qt.MouseButton.LeftButton)
    assert "conference_on" in panel.errors.visible_messages()  # the date is needed
    panel.has_conference.setChecked(True)
    panel.conference.setDate(QtCore.QDate(2026, 12, 14))
    qtbot.mouseClick(panel.record_outcome_button, Qt.MouseButton.LeftButton)
    assert panel.outcomes.rowCount() == 1

    police_dialog = StrategyDiscussionDialog(UiSession(ctx, police), view.id)
    qtbot.addWidget(police_dialog)
    police_dialog.resize(1100, 800)
    police_dialog.show()
    panel = police_dialog.follow_up
    police_dialog.tabs.setCurrentWidget(panel)
    assert panel.esc_box.isVisible()
    assert not panel.la_box.isVisible()  # partners see the outcome, the LA records it
    assert not police_dialog.save_button.isEnabled()
    assert panel.outcomes.row_at(0).conference_on == date(2026, 12, 14)
    qtbot.keyClicks(panel.disagreement, "The sibling should be in the s47 enquiry too.")
    qtbot.keyClicks(panel.step, "Stage 1: DS to team manager by phone")
    qtbot.mouseClick(panel.raise_button, Qt.MouseButton.LeftButton)
    assert panel.escalations.rowCount() == 1
    _shot(police_dialog, "outcome_and_escalation_police.png")

    window = MainWindow(UiSession(ctx, la_manager), idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    area = window.area_widget("strategy")
    assert area.escalations.rowCount() == 1
    area.escalations_table.selectRow(0)
    area.resolve_escalation("Sibling added to the s47 enquiry.")
    assert area.escalations.rowCount() == 0


def test_ctrl_s_saves_the_record_and_a_stale_save_keeps_the_typing(
    qtbot, ctx: AppContext, la_manager: Actor, monkeypatch
) -> None:
    service = StrategyService(ctx)
    view = service.request(la_manager, make_contact(ctx, la_manager), "Bruising")
    dialog = StrategyDiscussionDialog(UiSession(ctx, la_manager), view.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.form.place.setFocus()
    qtbot.keyClicks(dialog.form.place, "Room 3")
    qtbot.keyClick(dialog.form.place, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert service.get(la_manager, view.id).record.place == "Room 3"
    # Someone else saves meanwhile: ours is refused, and what we typed stays on the form.
    other = service.get(la_manager, view.id)
    service.save_record(la_manager, view.id, filled_record(), other.version)
    shown: list[str] = []
    monkeypatch.setattr("ui.kit.session.notify", lambda _p, _t, text, *_a: shown.append(text))
    dialog.form.place.setText("Room 4")
    assert not dialog.save()
    assert "Someone else saved" in shown[0]
    assert dialog.form.place.text() == "Room 4"


# REQ: SD-2
def test_new_request_from_the_area_opens_the_discussion(
    qtbot, ctx: AppContext, la_manager: Actor
) -> None:
    reference = reference_of(ctx, make_contact(ctx, la_manager, child=("Ruby", "Swanage")))
    window = MainWindow(UiSession(ctx, la_manager), idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    area = window.area_widget("strategy")
    dialog = area.new_request(reference)
    qtbot.keyClicks(dialog.reason, "Disclosure at school this morning")
    dialog.submit()
    opened = [w for w in area.findChildren(StrategyDiscussionDialog) if w.isVisible()]
    assert len(opened) == 1
    assert opened[0].view.child_names == "Ruby Swanage"
    assert area.discussions.rowCount() == 1
    opened[0].close()


def _feedback_through_actions_due(qtbot, session: UiSession, action_id: int) -> None:  # type: ignore[no-untyped-def]
    """The partner selects its action in Actions due, presses Record feedback, types and saves."""
    view = ActionsDueView(session)
    qtbot.addWidget(view)
    view.show()
    row = next(i for i, r in enumerate(view.model.rows()) if r.id == action_id)
    view.table.selectRow(view.table.model().mapFromSource(view.model.index(row, 0)).row())
    button = next(b for b in view.findChildren(QtWidgets.QPushButton) if "feedback" in b.text())

    def fill_dialog() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, FeedbackDialog)
        qtbot.keyClicks(dialog.note, "Partner arrested; interview booked for 10:00.")
        dialog.status.setCurrentIndex(list(ActionStatus).index(ActionStatus.IN_PROGRESS))
        save = dialog.findChild(QtWidgets.QDialogButtonBox).buttons()[0]
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    QtCore.QTimer.singleShot(0, fill_dialog)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.model.rows()[row].last_feedback.startswith("Partner arrested")
