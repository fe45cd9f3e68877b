"""The copy register area: filters, scan to find, the copy record and its actions."""

from datetime import timedelta

import pytest

from mash_desktop.domain.copy_register import CopyStatus, DestructionMethod
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
from mash_desktop.services.copies.tracking import CopyTracking
from mash_desktop.services.incidents import SecurityIncidentService
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.printing import add_cabinets, add_contact, send_and_collect
from tests.helpers.shots import save_shot
from tests.ui.conftest import notifications
from ui.copies.actions import OUTSIDE, CheckOut, Destruction
from ui.copies.register_view import CopyRegisterView
from ui.kit.session import UiSession
from ui.main_window import MainWindow


@pytest.fixture
def register_setup(ctx, admin, make_user, clock):
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    manager = make_user("mgr.mash", Role.MASH_MANAGER, "POLICE", "Mara Manager")
    cab1, cab2 = add_cabinets(ctx, admin)
    contact_id = add_contact(ctx, desk)
    doc = ContactDocumentService(ctx).contact_summary(desk, contact_id)
    register = CopyRegisterService(ctx)
    job = register.register_print(
        desk,
        doc,
        [
            CopyRequest("DS Kim Fenwick", cab1.id),
            CopyRequest("Dr Ife Harrow", cab2.id),
            CopyRequest("SW Oren Blyth", cab1.id),
        ],
    )
    send_and_collect(ctx, desk, job, 1)
    refs = [c.reference for c in job.copies]
    register.check_out(desk, refs[0], "Nell Desk", due_back_at=clock.now() + timedelta(hours=1))
    void_job = register.register_print(desk, doc, [CopyRequest("Unused", cab2.id)])
    register.void_job(desk, void_job.id, "cancelled in the print dialog")
    clock.advance(timedelta(hours=2))
    return desk, manager, (cab1, cab2), refs


def test_register_view_filters_by_status_cabinet_and_overdue(
    qtbot, qtmodeltester, ctx, register_setup
):
    # REQ: SEC-5
    desk, _manager, (_cab1, cab2), refs = register_setup
    window = MainWindow(UiSession(ctx, desk), idle_minutes=60)
    qtbot.addWidget(window)
    view = window.area_widget("copies")
    assert isinstance(view, CopyRegisterView)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 4
    window.resize(1400, 700)
    window.show()
    save_shot(window, "register_view.png")
    view.overdue.setChecked(True)
    assert [r.reference for r in view.model.rows()] == [refs[0]]
    assert "OVERDUE" in view.model.rows()[0].status_text
    assert "1 OVERDUE" in view.summary.text()
    view.overdue.setChecked(False)
    view.cabinet.setCurrentIndex(view.cabinet.findData(cab2.id))
    assert {r.recipient for r in view.model.rows()} == {"Dr Ife Harrow", "Unused"}
    view.status.setCurrentIndex(view.status.findData(CopyStatus.VOID.value))
    assert [r.recipient for r in view.model.rows()] == ["Unused"]


def test_scan_to_find_opens_the_record_with_history(qtbot, qtmodeltester, ctx, register_setup):
    # REQ: SEC-5
    desk, _manager, _cabs, refs = register_setup
    view = CopyRegisterView(UiSession(ctx, desk))
    qtbot.addWidget(view)
    view.scan.setText(refs[1][:-1] + ("0" if refs[1][-1] != "0" else "1"))  # misread
    assert view.find_scanned() is None
    assert "does not check out" in view.scan_error.text()
    assert view.scan.text()  # what was typed is kept to correct
    view.scan.setText(refs[1].lower())
    view.scan.returnPressed.emit()
    assert len(view.open_records) == 1
    dialog = view.open_records[0]
    assert dialog.record.copy.reference == refs[1]
    assert [e.kind.value for e in dialog.record.history] == [
        "registered",
        "sent_to_printer",
        "collected",
    ]
    qtmodeltester.check(dialog.model)
    assert not view.scan_error.isVisible()
    dialog.resize(900, 420)
    save_shot(dialog, "copy_record.png")


def test_record_actions_refuse_leaving_the_mash_and_need_a_witness(qtbot, ctx, register_setup):
    # REQ: SEC-5
    # REQ: SEC-4
    desk, manager, (_cab1, cab2), refs = register_setup
    view = CopyRegisterView(UiSession(ctx, desk))
    qtbot.addWidget(view)
    view.scan.setText(refs[2])
    dialog = view.find_scanned()
    assert dialog.buttons["check_out"].isEnabled()
    assert not dialog.buttons["return"].isEnabled()
    assert not dialog.do_check_out(CheckOut("DS Kim Fenwick", OUTSIDE, True, 4))
    assert any("may leave the MASH" in text for text in notifications())
    assert dialog.record.copy.status is CopyStatus.IN_CABINET
    assert dialog.record.history[-1].kind.value == "removal_refused"
    assert len(SecurityIncidentService(ctx).list(manager)) == 1
    assert dialog.do_move(cab2.id, "to managers")
    assert dialog.record.copy.cabinet.startswith("CAB-2")
    assert not dialog.do_destroy(
        Destruction(DestructionMethod.CROSS_CUT_SHREDDER, "desk.poole", TEST_PASSWORD)
    )
    assert any("someone other" in text for text in notifications())
    assert dialog.do_destroy(
        Destruction(DestructionMethod.CROSS_CUT_SHREDDER, "mgr.mash", TEST_PASSWORD)
    )
    assert dialog.record.copy.status is CopyStatus.DESTROYED
    assert not any(b.isEnabled() for b in dialog.buttons.values())
    # the register view followed the change
    row = next(r for r in view.model.rows() if r.reference == refs[2])
    assert row.status is CopyStatus.DESTROYED


def test_cabinets_button_only_for_administrators(qtbot, ctx, admin, register_setup):
    # REQ: SEC-5
    desk, _manager, _cabs, _refs = register_setup
    as_desk = CopyRegisterView(UiSession(ctx, desk))
    as_admin = CopyRegisterView(UiSession(ctx, admin))
    qtbot.addWidget(as_desk)
    qtbot.addWidget(as_admin)
    assert as_desk.cabinets_button.isHidden()
    assert not as_admin.cabinets_button.isHidden()
    from ui.copies.cabinets_dialog import CabinetsDialog

    dialog = CabinetsDialog(UiSession(ctx, admin))
    qtbot.addWidget(dialog)
    dialog.code.setText("CAB-3")
    dialog.name.setText("Strategy room cabinet")
    dialog.location.setText("MASH, room 2.20")
    dialog.add()
    assert [c.code for c in dialog.model.rows()] == ["CAB-1", "CAB-2", "CAB-3"]
    dialog.code.setText("CAB-3")
    dialog.name.setText("Again")
    dialog.add()
    assert "already exists" in dialog.error.text()
    assert dialog.name.text() == "Again"


def test_sec5_copies_not_collected_show_in_the_register_and_status_bar(
    qtbot, ctx, admin, make_user, clock
):
    # REQ: SEC-5 sent to the printer but not scanned in within the hub's time (15 minutes)
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    cab1, _cab2 = add_cabinets(ctx, admin)
    doc = ContactDocumentService(ctx).contact_summary(desk, add_contact(ctx, desk))
    job = CopyRegisterService(ctx).register_print(
        desk, doc, [CopyRequest("DS Kim Fenwick", cab1.id), CopyRequest("Dr Ife Harrow", cab1.id)]
    )
    CopyTracking(ctx).mark_sent(desk, job.id, 2, "MASH-Office", None)
    clock.advance(timedelta(minutes=20))
    window = MainWindow(UiSession(ctx, desk), idle_minutes=60)
    qtbot.addWidget(window)
    view = window.area_widget("copies")
    window.print_watch.check()
    assert window.print_label.text() == (
        "2 printed copies NOT COLLECTED from MASH-Office: scan them into their cabinet."
    )
    assert {r.status_text for r in view.model.rows()} == {"Sent to MASH-Office - NOT COLLECTED"}
    assert "2 NOT COLLECTED from the printer" in view.summary.text()
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(window.print_label.isVisible)
    save_shot(window, "issue-19-not-collected.png")
    view.check_in.field.setText(job.copies[0].reference)
    view.check_in.check_in()
    view.check_in.field.setText(job.copies[1].reference)
    view.check_in.check_in()
    window.print_watch.check()
    assert not window.print_label.isVisible()
    assert {r.status for r in view.model.rows()} == {CopyStatus.IN_CABINET}


def test_a_copy_moved_or_returned_confirms_itself_in_the_status_bar(qtbot, ctx, register_setup):
    # REQ: SEC-5 every movement of a paper copy is recorded and the person sees it was
    desk, _manager, (_cab1, cab2), refs = register_setup
    window = MainWindow(UiSession(ctx, desk), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    view = window.area_widget("copies")
    view.scan.setText(refs[2])
    dialog = view.find_scanned()
    assert dialog.do_move(cab2.id, "to managers")
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Copy {refs[2]}: ") and dialog.record.copy.status_text in message
    view.scan.setText(refs[0])
    dialog = view.find_scanned()
    assert dialog.do_return()
    assert window.statusBar().currentMessage().startswith(f"Copy {refs[0]}: ")
