"""The print flow (SEC-5): register first, preview with pypdfium2, print through QPrinter to
a PDF file, and void copies when the print is cancelled or fails."""

from pathlib import Path

import pytest

from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService
from tests.helpers.printing import add_cabinets, add_contact, pdf_texts, qr_codes
from tests.helpers.shots import save_shot
from ui.copies.print_flow import (
    DocumentChoice,
    PreviewDialog,
    PrintDialog,
    PrintFailed,
    PrintFlow,
    start_print,
)
from ui.kit.qt import QtPrintSupport, QtWidgets
from ui.kit.session import UiSession


@pytest.fixture
def desk_session(ctx, admin, make_user):
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    cabinets = add_cabinets(ctx, admin)
    contact_id = add_contact(ctx, desk.user_id)
    return UiSession(ctx, desk), cabinets, contact_id


def _pdf_printer(path: Path) -> QtPrintSupport.QPrinter:
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _dialog_flow(qtbot, session, cabinets, contact_id, recipients):
    contacts = ContactDocumentService(session.ctx)
    choice = DocumentChoice("Contact summary", lambda a: contacts.contact_summary(a, contact_id))
    dialog = PrintDialog([choice], cabinets)
    qtbot.addWidget(dialog)
    dialog.set_copies(recipients, [cabinets[n % 2].id for n in range(len(recipients))])
    flow = PrintFlow(session, dialog.chosen().load(session.actor))
    flow.register(dialog.requests())
    return dialog, flow


def test_print_to_pdf_file_through_the_real_flow(qtbot, desk_session, tmp_path):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    _dialog, flow = _dialog_flow(
        qtbot, session, cabinets, contact_id, ["DS Kim Fenwick", "Dr Ife Harrow"]
    )
    register = CopyRegisterService(session.ctx)
    rows = register.list_copies(session.actor, CopyFilter())
    assert [r.status for r in rows] == [CopyStatus.REGISTERED] * 2  # in the register first
    target = tmp_path / "out.pdf"
    pages = flow.print_to(_pdf_printer(target))
    texts = pdf_texts(target.read_bytes())
    assert len(texts) == pages
    per_copy = pages // 2
    for n, text in enumerate(texts):
        copy = flow.job.copies[n // per_copy]
        assert "OFFICIAL-SENSITIVE" in text
        assert f"Copy {copy.copy_number} of 2" in text
        assert copy.reference in text
    rows = register.list_copies(session.actor, CopyFilter())
    assert {r.status for r in rows} == {CopyStatus.IN_CABINET}
    assert {r.recipient for r in rows} == {"DS Kim Fenwick", "Dr Ife Harrow"}


def test_raster_printing_keeps_a_readable_qr_code(qtbot, desk_session, tmp_path):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    _dialog, flow = _dialog_flow(qtbot, session, cabinets, contact_id, ["DS Kim Fenwick"])
    target = tmp_path / "raster.pdf"
    printer = _pdf_printer(target)
    printer.setResolution(150)
    flow.print_to(printer, raster=True)  # the path a real printer takes
    assert qr_codes(target.read_bytes()) == [flow.job.copies[0].reference]


def test_cancelled_preview_leaves_void_rows(qtbot, desk_session):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    _dialog, flow = _dialog_flow(qtbot, session, cabinets, contact_id, ["A", "B", "C"])
    preview = PreviewDialog(flow)
    qtbot.addWidget(preview)
    preview.start()
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=20_000)
    assert len(preview.page_labels) >= 3
    preview.resize(720, 900)
    preview.show()
    save_shot(preview, "print_preview.png")
    flow.cancel("cancelled at the preview")
    rows = CopyRegisterService(session.ctx).list_copies(session.actor, CopyFilter())
    assert [r.status for r in rows] == [CopyStatus.VOID] * 3


def test_failed_print_leaves_void_rows(qtbot, desk_session, tmp_path):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    _dialog, flow = _dialog_flow(qtbot, session, cabinets, contact_id, ["A"])
    broken = _pdf_printer(tmp_path / "no-such-folder" / "out.pdf")
    with pytest.raises(PrintFailed, match="marked void"):
        flow.print_to(broken)
    rows = CopyRegisterService(session.ctx).list_copies(session.actor, CopyFilter())
    assert [r.status for r in rows] == [CopyStatus.VOID]


def test_print_dialog_shows_problems_beside_the_copy_and_keeps_typing(qtbot, desk_session):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    dialog, _flow = _dialog_flow(qtbot, session, cabinets, contact_id, ["DS Kim Fenwick"])
    dialog.count.setValue(3)
    assert dialog.recipients[0].text() == "DS Kim Fenwick"  # nothing typed is lost
    dialog.recipients[1].setText("Dr Ife Harrow")
    dialog.count.setValue(2)
    dialog.count.setValue(3)
    assert dialog.recipients[1].text() == "Dr Ife Harrow"
    flow = PrintFlow(session, dialog.chosen().load(session.actor))
    with pytest.raises(ValidationError) as caught:
        flow.register(dialog.requests())
    dialog.show_error(str(caught.value), caught.value.fields)
    assert dialog.row_errors[2].text() == "Copy 3: name who it is for."
    assert dialog.row_errors[0].text() == ""
    dialog.show()
    save_shot(dialog, "print_dialog.png")


class _FakePrintDialog:
    """Stands in for the modal QPrintDialog: the user picks 'Print to file' or cancels."""

    def __init__(self, target, accept):
        self.target, self.accept = target, accept

    def __call__(self, printer, _parent):
        self.printer = printer
        return self

    def setWindowTitle(self, _title):
        pass

    def exec(self):
        if not self.accept:
            return QtWidgets.QDialog.DialogCode.Rejected
        self.printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.target))
        return QtWidgets.QDialog.DialogCode.Accepted


@pytest.mark.parametrize("accept", [True, False])
def test_whole_modal_flow_prints_or_voids(qtbot, desk_session, tmp_path, monkeypatch, accept):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    contacts = ContactDocumentService(session.ctx)
    choice = DocumentChoice("Contact summary", lambda a: contacts.contact_summary(a, contact_id))

    def fill_and_accept(dialog):
        dialog.set_copies(["DS Kim Fenwick", "Dr Ife Harrow"], [cabinets[0].id, cabinets[1].id])
        return QtWidgets.QDialog.DialogCode.Accepted

    def preview_accept(dialog):
        qtbot.waitUntil(dialog.print_button.isEnabled, timeout=20_000)
        return QtWidgets.QDialog.DialogCode.Accepted

    target = tmp_path / "printed.pdf"
    monkeypatch.setattr(PrintDialog, "exec", fill_and_accept)
    monkeypatch.setattr(PreviewDialog, "exec", preview_accept)
    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", _FakePrintDialog(target, accept))
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    flow = start_print(session, parent, [choice])
    rows = CopyRegisterService(session.ctx).list_copies(session.actor, CopyFilter())
    assert len(rows) == 2
    if accept:
        assert {r.status for r in rows} == {CopyStatus.IN_CABINET}
        text = "\n".join(pdf_texts(target.read_bytes()))
        for copy in flow.job.copies:
            assert copy.reference in text
    else:
        assert {r.status for r in rows} == {CopyStatus.VOID}
        assert not target.exists()
