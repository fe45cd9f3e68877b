from __future__ import annotations

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.queue import QueueFilter, QueueService
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.shots import save_shot
from ui.contacts.intake_dialog import IntakeDialog
from ui.contacts.intake_form import FORM
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


def type_into_table(qtbot, table, row, values):
    for col, value in enumerate(values):
        table.setCurrentCell(row, col)
        table.setItem(row, col, QtWidgets.QTableWidgetItem(value))


def fill(qtbot, dialog):
    w = dialog.w
    w["referrerAgency"].setCurrentIndex(w["referrerAgency"].findData("EDUCATION"))
    qtbot.keyClicks(w["referrerName"], "Eli Teacher")
    qtbot.keyClicks(w["referrerContact"], "01202 000000")
    w["channel"].setCurrentIndex(w["channel"].findData("phone"))
    qtbot.keyClicks(w["concern"], "Child says an adult at home grabbed her arm.")
    qtbot.keyClicks(w["callNotes"], "Teacher rang at 09:05; child in class now.")
    w["consentNo"].setChecked(True)
    qtbot.keyClicks(w["consentReason"], "Asking would place the child at risk.")
    w["rag"].setCurrentIndex(w["rag"].findData("red"))
    qtbot.keyClicks(w["ragReason"], "Injury and disclosure")
    type_into_table(
        qtbot,
        w["childrenTable"],
        0,
        [
            "Ivy",
            "Larkspur",
            "07/03/2019",
            "Female",
            "4 Mill Lane, Poole",
            "BH15 2ZZ",
            "943 476 5919",
            "Synthetic Primary",
        ],
    )


def test_form_file_ships_inside_the_ui_package():
    assert FORM.is_file()
    assert FORM.parent.parent.parent.name == "ui"


def test_missing_fields_are_named_beside_the_field_and_nothing_is_lost(qtbot, ctx, desk):
    # REQ: RQ-1, SEC-6
    dialog = IntakeDialog(UiSession(ctx, desk))
    qtbot.addWidget(dialog)
    dialog.show()
    w = dialog.w
    w["channel"].setCurrentIndex(w["channel"].findData("phone"))
    qtbot.keyClicks(w["concern"], "Half a sentence")
    type_into_table(
        qtbot, w["childrenTable"], 0, ["", "Larkspur", "31/02/2019", "", "", "", "1234567890"]
    )
    assert dialog.submit() is None
    assert dialog.isVisible()
    errors = {k: v.text() for k, v in dialog.errors.labels.items() if not v.isHidden()}
    assert "Enter who made the referral." in errors["referrer_name"]
    assert "call notes" in errors["call_notes"]
    assert "consent" in errors
    assert "first name" in errors["child"]
    assert "dd/mm/yyyy" in errors["child"]
    assert "NHS number" in errors["child"]
    # Nothing typed was lost, and it is also kept as a draft in the store.
    assert w["concern"].toPlainText() == "Half a sentence"
    assert w["childrenTable"].item(0, 1).text() == "Larkspur"
    draft = ContactService(ctx).load_draft(desk)
    assert draft is not None
    assert draft.payload["concern"] == "Half a sentence"
    dialog.resize(1180, 760)
    save_shot(dialog, "intake_form_errors.png")


def test_typed_contact_is_logged_and_reaches_the_queue(qtbot, ctx, clock, desk):
    # REQ: RQ-1, RQ-2
    dialog = IntakeDialog(UiSession(ctx, desk))
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog)
    dialog.resize(1180, 760)
    dialog.w["childrenTable"].scrollToTop()
    dialog.w["childrenTable"].horizontalScrollBar().setValue(0)
    save_shot(dialog, "intake_form.png")
    with qtbot.waitSignal(dialog.logged) as logged:
        qtbot.mouseClick(dialog.w["saveButton"], Qt.MouseButton.LeftButton)
    made = logged.args[0]
    assert made.children[0].nhs_number == "9434765919"
    assert made.call_notes.startswith("Teacher rang")
    assert not made.consent_obtained
    rows = QueueService(ctx).page(desk, QueueFilter(text="larkspur")).rows
    assert [r.id for r in rows] == [made.id]
    assert ContactService(ctx).load_draft(desk) is None


def test_draft_is_offered_back_after_a_restart(qtbot, ctx, desk):
    # REQ: RQ-1
    session = UiSession(ctx, desk)
    first = IntakeDialog(session)
    qtbot.addWidget(first)
    first.show()
    qtbot.keyClicks(first.w["referrerName"], "Typed before the crash")
    first.save_draft()  # what the timer does 1.5 s after typing stops
    first.deleteLater()  # the window vanishes without any goodbye
    again = IntakeDialog(session)
    qtbot.addWidget(again)
    draft = ContactService(ctx).load_draft(desk)
    assert draft is not None
    again.restore(draft.payload)
    assert again.w["referrerName"].text() == "Typed before the crash"


def test_idle_lock_keeps_the_form_and_its_draft(qtbot, ctx, desk, monkeypatch):
    # REQ: RQ-1, SEC-2
    from tests.helpers.personas import TEST_PASSWORD
    from ui.contacts.queue_view import QueueView
    from ui.main_window import MainWindow

    window = MainWindow(UiSession(ctx, desk))
    qtbot.addWidget(window)
    window.show()
    view = window.area_widget("queue")
    assert isinstance(view, QueueView)
    dialog = view.new_contact()
    qtbot.keyClicks(dialog.w["referrerName"], "Typed just before the lock")
    window.lock("idle for too long")
    assert not dialog.isVisible()
    draft = ContactService(ctx).load_draft(desk)
    assert draft is not None
    assert draft.payload["referrer_name"] == "Typed just before the lock"
    window._try_unlock(TEST_PASSWORD)
    assert dialog.isVisible()
    assert dialog.w["referrerName"].text() == "Typed just before the lock"
