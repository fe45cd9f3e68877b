"""Printing controlled copies for real, through the app's print path (Qt's print dialog and a
QPrinter) to a private CUPS server with a CUPS-PDF queue: the register records what exists on
paper (SEC-5), and no electronic copy leaves by the back door (SEC-1, ISP-5)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService
from tests.helpers.cups_server import QUEUE
from tests.helpers.printing import add_cabinets, add_contact
from tests.helpers.shots import save_shot
from tests.ui.conftest import notifications
from ui.copies.print_flow import DocumentChoice, PreviewDialog, PrintDialog, PrintFlow, start_print
from ui.copies.print_send import PrintFailed
from ui.copies.print_watch import PrintWatch
from ui.copies.register_view import CopyRegisterView
from ui.kit.qt import QtPrintSupport, QtWidgets
from ui.kit.session import UiSession

IPP_PENDING, IPP_CANCELED, IPP_COMPLETED = 3, 7, 9


@pytest.fixture
def desk(ctx, admin, make_user):
    officer = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    cabinets = add_cabinets(ctx, admin)
    contact_id = add_contact(ctx, officer)
    return UiSession(ctx, officer), cabinets, contact_id


_windows: list[QtWidgets.QWidget] = []


def _window(qtbot):
    """The window printing starts from; kept alive so the messages it parents stay open."""
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    _windows[:] = [window]
    return window


def _statuses(session):
    rows = CopyRegisterService(session.ctx).list_copies(session.actor, CopyFilter())
    return [r.status for r in sorted(rows, key=lambda r: r.reference)]


def _shot(widget, name):
    save_shot(widget, f"issue-19-{name}.png")  # kept only with MASH_SCREENSHOTS set


def _print_through_dialogs(qtbot, monkeypatch, session, cabinets, contact_id, recipients, seen):
    """start_print with the app's own dialogs filled in, and Qt's real print dialog accepted
    on the printer it offers; ``seen`` collects what that dialog listed."""
    contacts = ContactDocumentService(session.ctx)
    choice = DocumentChoice("Contact summary", lambda a: contacts.contact_summary(a, contact_id))

    def fill(dialog):
        dialog.set_copies(recipients, [cabinets[n % 2].id for n in range(len(recipients))])
        return QtWidgets.QDialog.DialogCode.Accepted

    def preview(dialog):
        qtbot.waitUntil(dialog.print_button.isEnabled, timeout=30_000)
        return QtWidgets.QDialog.DialogCode.Accepted

    def choose(dialog):
        dialog.show()
        combo = dialog.findChild(QtWidgets.QComboBox, "printers")
        seen.extend(combo.itemText(n) for n in range(combo.count()))
        dialog.resize(760, 560)
        _shot(dialog, "qt-print-dialog")
        dialog.accept()  # Qt applies the chosen printer to the QPrinter
        return dialog.result()

    monkeypatch.setattr(PrintDialog, "exec", fill)
    monkeypatch.setattr(PreviewDialog, "exec", preview)
    monkeypatch.setattr(QtPrintSupport.QPrintDialog, "exec", choose)
    return start_print(session, _window(qtbot), [choice])


def test_sec5_normal_print_is_sent_then_collected_by_scanning(
    qtbot, monkeypatch, desk, cups_server
):
    # REQ: SEC-5 the register counts paper only once each copy is scanned into its cabinet
    session, cabinets, contact_id = desk
    seen: list[str] = []
    flow = _print_through_dialogs(
        qtbot, monkeypatch, session, cabinets, contact_id, ["DS Kim Fenwick", "Dr Ife Harrow"], seen
    )
    assert QUEUE in seen
    assert not [item for item in seen if "file" in item.lower()]  # SEC-1: no file output
    assert _statuses(session) == [CopyStatus.SENT, CopyStatus.SENT]  # sent, not yet paper
    first, last = flow.job.copies[0].reference, flow.job.copies[-1].reference
    (job_id,) = cups_server.jobs()
    assert cups_server.job_names[job_id] == f"MASH controlled copies {first}..{last}"
    cups_server.wait_for_state(job_id, IPP_COMPLETED)

    view = CopyRegisterView(session)
    qtbot.addWidget(view)
    watch = PrintWatch(session, QtWidgets.QLabel())
    watch.check()  # the spooler finished: paper in the tray, still waiting for the scan
    assert watch.news == []
    assert _statuses(session) == [CopyStatus.SENT, CopyStatus.SENT]

    scanned = cups_server.scan_printed_page(1)  # the first page off the printer
    assert scanned == [first]
    view.check_in.field.setText(scanned[0])
    done = view.check_in.check_in()
    assert done is not None and done.still_to_scan == (last,)
    assert "Still to scan" in view.check_in.result.text()
    assert sorted(_statuses(session)) == sorted([CopyStatus.IN_CABINET, CopyStatus.SENT])
    view.resize(1366, 700)
    view.show()
    _shot(view, "register-check-in")
    view.check_in.field.setText(last.lower().replace("-", " "))  # typed, loosely
    assert view.check_in.check_in() is not None
    assert _statuses(session) == [CopyStatus.IN_CABINET, CopyStatus.IN_CABINET]


def test_sec5_queue_refusing_jobs_voids_the_copies_at_once(qtbot, monkeypatch, desk, cups_server):
    # REQ: SEC-5 a refused job makes no paper: void at once, with a plain message
    session, cabinets, contact_id = desk
    cups_server.reject()
    _print_through_dialogs(
        qtbot, monkeypatch, session, cabinets, contact_id, ["DS Kim Fenwick"], []
    )
    assert _statuses(session) == [CopyStatus.VOID]
    assert cups_server.jobs() == {}
    shown = notifications()
    assert len(shown) == 1
    assert f"The printer {QUEUE} is refusing print jobs" in shown[0]
    assert "marked void" in shown[0] and "Errno" not in shown[0]
    box = next(
        w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, QtWidgets.QMessageBox)
    )
    _shot(box, "printer-refusing")


def test_sec5_paused_queue_then_cancelled_job_voids_when_seen(
    qtbot, monkeypatch, desk, cups_server, ctx
):
    # REQ: SEC-5 a job cancelled at the printer never made paper: void when it is seen cancelled
    session, cabinets, contact_id = desk
    cups_server.pause()
    flow = _print_through_dialogs(
        qtbot, monkeypatch, session, cabinets, contact_id, ["DS Kim Fenwick"], []
    )
    assert _statuses(session) == [CopyStatus.SENT]
    assert notifications() == [
        f"The printer {QUEUE} is paused. Your copies wait in its queue until it is resumed; if "
        "they do not print soon they are cancelled and marked void."
    ]
    (job_id,) = cups_server.jobs()
    assert cups_server.job_names[job_id] == f"MASH controlled copies {flow.job.copies[0].reference}"
    cups_server.wait_for_state(job_id, IPP_PENDING)
    label = QtWidgets.QLabel()
    watch = PrintWatch(session, label)
    watch.check()
    assert _statuses(session) == [CopyStatus.SENT]  # still waiting at the paused printer
    cups_server.cancel(job_id)
    cups_server.wait_for_state(job_id, IPP_CANCELED)
    watch.check()
    assert _statuses(session) == [CopyStatus.VOID]
    assert watch.news == [
        f"Your print on {QUEUE} did not happen: the print job was cancelled at the printer. "
        "The copies are marked void in the register; print again if you still need them."
    ]
    record = CopyRegisterService(ctx).find(session.actor, flow.job.copies[0].reference)
    assert [e.kind.value for e in record.history] == ["registered", "sent_to_printer", "voided"]


def test_sec5_job_held_at_a_paused_printer_too_long_is_cancelled_and_void(
    qtbot, monkeypatch, desk, cups_server, ctx
):
    # REQ: SEC-5 paper must not appear hours later in an unwatched tray
    session, cabinets, contact_id = desk
    cups_server.pause()
    _print_through_dialogs(
        qtbot, monkeypatch, session, cabinets, contact_id, ["DS Kim Fenwick"], []
    )
    (job_id,) = cups_server.jobs()
    ctx.clock.advance(timedelta(minutes=31))
    watch = PrintWatch(session, QtWidgets.QLabel())
    watch.check()
    assert _statuses(session) == [CopyStatus.VOID]
    cups_server.wait_for_state(job_id, IPP_CANCELED)
    assert "waited at the printer for more than 30 minutes" in watch.news[0]


def test_sec1_no_printer_offers_no_file_and_says_what_to_do(
    qtbot, monkeypatch, desk, cups_server_without_printers
):
    # REQ: SEC-1 no "Print to File": the controlled PDF never lands unencrypted on disk
    session, cabinets, contact_id = desk
    offered: list[str] = []
    _print_through_dialogs(qtbot, monkeypatch, session, cabinets, contact_id, ["A"], offered)
    assert offered == []  # Qt's dialog (whose only choice would be a file) is not shown
    assert _statuses(session) == [CopyStatus.VOID]
    shown = notifications()
    assert shown == [
        "No printer is set up on this computer, so nothing can be printed. Ask IT support to "
        "add the MASH office printer, then print again. The copies registered for this print "
        "are marked void; nothing was printed."
    ]
    box = next(
        w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, QtWidgets.QMessageBox)
    )
    _shot(box, "no-printer")


def test_sec1_a_file_output_is_refused_and_nothing_is_written(qtbot, desk, tmp_path, cups_server):
    # REQ: SEC-1 even a QPrinter set to a file by other means writes nothing and counts nothing
    session, cabinets, contact_id = desk
    contacts = ContactDocumentService(session.ctx)
    flow = PrintFlow(session, contacts.contact_summary(session.actor, contact_id))
    from mash_desktop.services.copies.register import CopyRequest

    flow.register([CopyRequest("DS Kim Fenwick", cabinets[0].id)])
    target = tmp_path / "leak.pdf"
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    with pytest.raises(PrintFailed, match="only be printed on paper"):
        flow.print_to(printer)
    assert not target.exists()
    assert _statuses(session) == [CopyStatus.VOID]
    assert cups_server.jobs() == {}


def test_sec5_cancel_in_the_print_dialog_voids_and_sends_nothing(
    qtbot, monkeypatch, desk, cups_server
):
    # REQ: SEC-5 cancelled in Qt's print dialog: nothing printed, the copies are void
    session, cabinets, contact_id = desk
    contacts = ContactDocumentService(session.ctx)
    choice = DocumentChoice("Contact summary", lambda a: contacts.contact_summary(a, contact_id))
    monkeypatch.setattr(
        PrintDialog,
        "exec",
        lambda d: (d.set_copies(["A"], [cabinets[0].id]), QtWidgets.QDialog.DialogCode.Accepted)[1],
    )
    monkeypatch.setattr(PreviewDialog, "exec", lambda _d: QtWidgets.QDialog.DialogCode.Accepted)
    monkeypatch.setattr(
        QtPrintSupport.QPrintDialog, "exec", lambda _d: QtWidgets.QDialog.DialogCode.Rejected
    )
    start_print(session, _window(qtbot), [choice])
    assert _statuses(session) == [CopyStatus.VOID]
    assert cups_server.jobs() == {}
