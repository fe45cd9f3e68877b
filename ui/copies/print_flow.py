"""Printing controlled copies (SEC-5): choose the document, the copies (recipient and secure
cabinet for each), register them, preview, then Qt's print dialog.

The copies are in the register before anything prints. Cancelling the preview or the print
dialog, or a printer failure, marks them void (never lost). ``PrintFlow`` holds the steps so
tests can drive them without modal dialogs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium

from mash_desktop.domain.copy_register import job_name
from mash_desktop.domain.errors import AuthenticationError, MashError
from mash_desktop.printing.document import PrintableDocument
from mash_desktop.printing.render import render_copies
from mash_desktop.printing.spool import PrintSpool, local_spool
from mash_desktop.services.context import Actor
from mash_desktop.services.copies.cabinets import CabinetRow, CabinetService
from mash_desktop.services.copies.register import (
    MAX_COPIES,
    CopyRegisterService,
    CopyRequest,
    PrintJobRow,
)
from mash_desktop.services.copies.tracking import CopyTracking
from ui.copies.print_send import (
    PrintFailed,
    Sent,
    installed_printers,
    no_printer_message,
    page_image,
    send_copies,
)
from ui.kit.dialogs import GuardedForm
from ui.kit.messages import confirm_in_status_bar, notify
from ui.kit.qt import QtCore, QtGui, QtPrintSupport, QtWidgets
from ui.kit.session import ActionFailed, UiSession, show_error
from ui.kit.worker import run_in_background

PREVIEW_DPI = 72
PREVIEW_MAX_PAGES = 12


@dataclass(frozen=True)
class DocumentChoice:
    """A document the user may print from here; ``load`` checks and audits the view."""

    label: str
    load: Callable[[Actor], PrintableDocument]


# --- the steps ---------------------------------------------------------------------------
class PrintFlow:
    """Register, render, print or cancel one print job."""

    def __init__(self, session: UiSession, document: PrintableDocument) -> None:
        self.session = session
        self.document = document
        self.register_service = CopyRegisterService(session.ctx)
        self.job: PrintJobRow | None = None
        self.tracking = CopyTracking(session.ctx)
        self.spool: PrintSpool | None = local_spool()
        self.pdf: bytes | None = None
        self.finished = False

    def register(self, requests: Sequence[CopyRequest]) -> PrintJobRow:
        """Record the copies in the register (before printing)."""
        self.job = self.register_service.register_print(self.session.actor, self.document, requests)
        return self.job

    def render(self) -> bytes:
        """The PDF of every copy; safe to call off the GUI thread."""
        assert self.job is not None
        self.pdf = render_copies(self.document, self.job.stamps())
        return self.pdf

    def cancel(self, reason: str) -> None:
        """Nothing printed: the registered copies become void."""
        if self.job is None or self.finished:
            return
        self.finished = True
        self.register_service.void_job(self.session.actor, self.job.id, reason)

    def print_to(self, printer: QtPrintSupport.QPrinter) -> Sent:
        """Send every copy to ``printer``: they are then "sent to printer", waiting for the
        officer to scan them into their cabinets; if the printer does not take the job they
        are void at once and ``PrintFailed`` says what to do."""
        if self.job is None or self.finished:
            raise RuntimeError("print_to needs a registered, unfinished job")
        pdf = self.pdf if self.pdf is not None else self.render()
        name = job_name([c.reference for c in self.job.copies])
        try:
            sent = send_copies(pdf, printer, name, self.spool)
        except PrintFailed as exc:
            self.cancel(f"not printed: {exc}"[:300])
            raise PrintFailed(
                f"{exc} The copies are marked void in the register; nothing was printed."
            ) from exc
        self.finished = True
        self.tracking.mark_sent(
            self.session.actor, self.job.id, sent.pages, sent.printer_name, sent.spool_job_id
        )
        return sent


def preview_images(
    pdf: bytes, dpi: int = PREVIEW_DPI, limit: int = PREVIEW_MAX_PAGES
) -> tuple[list[QtGui.QImage], int]:
    """The first ``limit`` pages as images, and the total page count."""
    document = pdfium.PdfDocument(pdf)
    try:
        total = len(document)
        return [page_image(document, n, dpi) for n in range(min(total, limit))], total
    finally:
        document.close()


# --- the dialogs -------------------------------------------------------------------------
class PrintDialog(GuardedForm):
    """Which document, how many copies, and for each copy its recipient and cabinet."""

    what = "This print request"
    save_label = "&Register and preview"

    def __init__(
        self,
        choices: Sequence[DocumentChoice],
        cabinets: Sequence[CabinetRow],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print controlled copies")
        self.choices = list(choices)
        self.cabinets = list(cabinets)
        self.document = QtWidgets.QComboBox()
        self.document.setObjectName("printDocument")
        for choice in self.choices:
            self.document.addItem(choice.label)
        self.count = QtWidgets.QSpinBox()
        self.count.setObjectName("printCopies")
        self.count.setRange(1, MAX_COPIES)
        self.count.valueChanged.connect(self._rebuild_rows)
        self.rows_box = QtWidgets.QWidget()
        self.rows_layout = QtWidgets.QGridLayout(self.rows_box)
        self.recipients: list[QtWidgets.QLineEdit] = []
        self.cabinet_boxes: list[QtWidgets.QComboBox] = []
        self.row_errors: list[QtWidgets.QLabel] = []
        self._kept: list[tuple[str, int]] = []  # typed values survive fewer/more copies
        scroll = self.rows_scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_box)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        note = QtWidgets.QLabel(
            "Each copy is numbered, marked OFFICIAL-SENSITIVE and recorded in the copy register "
            "before it prints. Paper never leaves the MASH secure environment."
        )
        note.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox()  # Tab follows the order buttons are added in
        self.next_button = buttons.addButton(
            "&Register and preview", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QtWidgets.QFormLayout()
        doc_label = QtWidgets.QLabel("&Document")
        doc_label.setBuddy(self.document)
        count_label = QtWidgets.QLabel("Number of &copies")
        count_label.setBuddy(self.count)
        form.addRow(doc_label, self.document)
        form.addRow(count_label, self.count)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.watch(self.document, self.count)
        self._rebuild_rows(1)
        if not self.cabinets:
            self.show_error("No secure cabinet is set up: an administrator must add one first.")
            self.next_button.setEnabled(False)

    def _rebuild_rows(self, count: int) -> None:
        for n, (edit, box) in enumerate(zip(self.recipients, self.cabinet_boxes, strict=True)):
            value = (edit.text(), box.currentIndex())
            if n < len(self._kept):
                self._kept[n] = value
            else:
                self._kept.append(value)
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.recipients, self.cabinet_boxes, self.row_errors = [], [], []
        self.rows_layout.addWidget(QtWidgets.QLabel("<b>Copy</b>"), 0, 0)
        self.rows_layout.addWidget(QtWidgets.QLabel("<b>Recipient</b>"), 0, 1)
        self.rows_layout.addWidget(QtWidgets.QLabel("<b>Secure cabinet</b>"), 0, 2)
        QtWidgets.QWidget.setTabOrder(self.count, self.rows_scroll)  # Tab as it reads (issue 13)
        previous: QtWidgets.QWidget = self.rows_scroll
        for n in range(count):
            edit = QtWidgets.QLineEdit()
            edit.setObjectName(f"recipient{n + 1}")
            edit.setAccessibleName(f"Recipient of copy {n + 1}")
            box = QtWidgets.QComboBox()
            box.setObjectName(f"cabinet{n + 1}")
            box.setAccessibleName(f"Cabinet for copy {n + 1}")
            for cabinet in self.cabinets:
                box.addItem(cabinet.label, cabinet.id)
            if n < len(self._kept):
                edit.setText(self._kept[n][0])
                box.setCurrentIndex(self._kept[n][1])
            error = QtWidgets.QLabel()
            error.setObjectName("errorLabel")
            error.setVisible(False)
            self.rows_layout.addWidget(QtWidgets.QLabel(f"{n + 1} of {count}"), 1 + 2 * n, 0)
            self.rows_layout.addWidget(edit, 1 + 2 * n, 1)
            self.rows_layout.addWidget(box, 1 + 2 * n, 2)
            self.rows_layout.addWidget(error, 2 + 2 * n, 1, 1, 2)
            QtWidgets.QWidget.setTabOrder(previous, edit)
            QtWidgets.QWidget.setTabOrder(edit, box)
            previous = box
            self.watch(edit, box)
            self.recipients.append(edit)
            self.cabinet_boxes.append(box)
            self.row_errors.append(error)
        QtWidgets.QWidget.setTabOrder(previous, self.next_button)
        QtWidgets.QWidget.setTabOrder(self.next_button, self.cancel_button)
        self.rows_layout.setColumnStretch(1, 1)
        self.rows_layout.setRowStretch(2 * count + 1, 1)

    def set_copies(self, recipients: Sequence[str], cabinet_ids: Sequence[int]) -> None:
        """Fill the rows (used by tests and by 'print again')."""
        self.count.setValue(len(recipients))
        for n, (name, cabinet_id) in enumerate(zip(recipients, cabinet_ids, strict=True)):
            self.recipients[n].setText(name)
            self.cabinet_boxes[n].setCurrentIndex(self.cabinet_boxes[n].findData(cabinet_id))

    def chosen(self) -> DocumentChoice:
        return self.choices[self.document.currentIndex()]

    def requests(self) -> list[CopyRequest]:
        return [
            CopyRequest(edit.text().strip(), int(box.currentData() or 0))
            for edit, box in zip(self.recipients, self.cabinet_boxes, strict=True)
        ]

    def show_error(self, text: str, fields: dict[str, str] | None = None) -> None:
        """The message under the rows, and each row's own problem beside it."""
        self.error.setText(text)
        self.error.setVisible(True)
        for n, label in enumerate(self.row_errors, start=1):
            problems = [v for k, v in (fields or {}).items() if k.endswith(f"_{n}")]
            label.setText(" ".join(problems))
            label.setVisible(bool(problems))


class PreviewDialog(QtWidgets.QDialog):
    """The copies as they will print, rendered in the app; Print opens Qt's print dialog."""

    def __init__(self, flow: PrintFlow, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setWindowTitle("Preview: controlled copies")
        job = flow.job
        assert job is not None
        refs = ", ".join(c.reference for c in job.copies)
        summary = QtWidgets.QLabel(
            f"<b>{job.title}</b><br>{job.copy_count} cop{'y' if job.copy_count == 1 else 'ies'} "
            f"registered: {refs}"
        )
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QtWidgets.QLabel("Preparing the pages...")
        self.pages_box = QtWidgets.QWidget()
        self.pages_layout = QtWidgets.QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(QtCore.Qt.AlignmentFlag.AlignHCenter)
        self.page_scroll = QtWidgets.QScrollArea()
        self.page_scroll.setObjectName("previewPages")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setWidget(self.pages_box)
        buttons = QtWidgets.QDialogButtonBox()
        self.print_button = buttons.addButton(
            "&Print...", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.setEnabled(False)
        cancel = buttons.addButton(
            "Cancel (copies become &void)", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setObjectName("previewCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.status)
        layout.addWidget(self.page_scroll, 1)
        layout.addWidget(buttons)
        self.resize(720, 860)
        self.page_labels: list[QtWidgets.QLabel] = []

    def start(self) -> None:
        """Build the PDF and the page images off the GUI thread."""
        flow = self.flow

        def work() -> tuple[list[QtGui.QImage], int]:
            return preview_images(flow.render())

        run_in_background(work, self.show_pages, self._failed)

    def show_pages(self, result: tuple[list[QtGui.QImage], int]) -> None:
        images, total = result
        for n, image in enumerate(images, start=1):
            label = QtWidgets.QLabel()
            label.setPixmap(QtGui.QPixmap.fromImage(image))
            label.setAccessibleName(f"Page {n} of the print")
            label.setFrameShape(QtWidgets.QFrame.Shape.Box)
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        more = f" (first {len(images)} shown)" if total > len(images) else ""
        self.status.setText(f"{total} page{'s' if total != 1 else ''} in all{more}.")
        self.print_button.setEnabled(True)
        self.print_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("The pages could not be prepared: nothing will print.")
        show_error(self, exc)


def start_print(
    session: UiSession, parent: QtWidgets.QWidget, choices: Sequence[DocumentChoice]
) -> PrintFlow | None:
    """The whole print flow, modal dialogs included. Returns the flow (finished or void)."""
    cabinets = session.run(parent, CabinetService(session.ctx).list_cabinets, session.actor)
    dialog = PrintDialog(choices, cabinets, parent)
    flow: PrintFlow | None = None
    while flow is None or flow.job is None:
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            dialog.deleteLater()
            return None
        try:
            document = dialog.chosen().load(session.actor)
            flow = PrintFlow(session, document)
            flow.register(dialog.requests())
        except AuthenticationError as exc:  # suspended or removed meanwhile: the session ends
            session.ended.emit(str(exc))
            dialog.deleteLater()
            return None
        except MashError as exc:
            dialog.show_error(str(exc), getattr(exc, "fields", None))
            flow = None
    dialog.deleteLater()
    preview = PreviewDialog(flow, parent)
    preview.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)  # exec() deletes it
    preview.start()
    if preview.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        with contextlib.suppress(ActionFailed):
            session.run(parent, flow.cancel, "cancelled at the preview")
        return flow
    printer = choose_printer(session, parent, flow)
    if printer is not None:
        with contextlib.suppress(ActionFailed):
            sent = session.run(parent, flow.print_to, printer)
            job = flow.job
            count = job.copy_count if job is not None else 0
            confirm_in_status_bar(
                parent,
                f"{count} controlled cop{'y' if count == 1 else 'ies'} sent to "
                f"{sent.printer_name}: scan each into Check in printed copies when it comes out.",
            )
            if sent.waiting:
                notify(parent, "Print controlled copies", sent.waiting)
    return flow


def choose_printer(
    session: UiSession, parent: QtWidgets.QWidget, flow: PrintFlow
) -> QtPrintSupport.QPrinter | None:
    """Qt's print dialog, printers only (no "Print to File"); None, with the copies void,
    when there is no printer or the dialog is cancelled."""
    if not installed_printers():
        with contextlib.suppress(ActionFailed):
            session.run(parent, flow.cancel, "no printer set up on this computer")
        notify(parent, "Print controlled copies", no_printer_message() + VOID_NOTE)
        return None
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
    chooser = printer_dialog(printer, parent)
    if chooser.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        with contextlib.suppress(ActionFailed):
            session.run(parent, flow.cancel, "cancelled in the print dialog")
        return None
    return printer


def printer_dialog(
    printer: QtPrintSupport.QPrinter, parent: QtWidgets.QWidget | None
) -> QtPrintSupport.QPrintDialog:
    """Qt's print dialog without its file outputs (SEC-1, ISP-5: no electronic copy)."""
    chooser = QtPrintSupport.QPrintDialog(printer, parent)
    chooser.setWindowTitle("Print controlled copies")
    chooser.setOption(QtPrintSupport.QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    chooser.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)  # exec() deletes it
    return chooser


VOID_NOTE = " The copies registered for this print are marked void; nothing was printed."
