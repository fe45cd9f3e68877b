"""Putting controlled copies on paper (SEC-5) and nowhere else (SEC-1, ISP-5).

Only a real printer is accepted: never Qt's PDF output or a printer's "print to file", which
would leave the full controlled document unencrypted on disk and outside the register. Every
step Qt reports on (``QPainter.begin``, ``newPage``, ``end``) is checked, and because Qt's
CUPS engine reports success even when CUPS refused the job, the job is then looked up in the
spooler by its name (the copy references): no job there means nothing will print.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium

from mash_desktop.domain.errors import MashError
from mash_desktop.printing.spool import PrintSpool
from ui.kit.qt import QtCore, QtGui, QtPrintSupport

PRINT_DPI = 300


class PrintFailed(MashError):
    """Nothing printed: the copies were made void. The message says what to do."""


@dataclass(frozen=True)
class Sent:
    pages: int
    printer_name: str
    spool_job_id: int | None  # None where the platform does not tell (Windows)
    waiting: str = ""  # why the job is not printing yet (a paused printer), in plain words


def installed_printers() -> list[str]:
    """The printers this workstation can print on (no file outputs: Qt lists none here)."""
    return list(QtPrintSupport.QPrinterInfo.availablePrinterNames())


def no_printer_message() -> str:
    return (
        "No printer is set up on this computer, so nothing can be printed. Ask IT support "
        "to add the MASH office printer, then print again."
    )


def refuse_file_output(printer: QtPrintSupport.QPrinter) -> None:
    """Controlled copies exist only on paper: a file output is refused before anything is made."""
    native = printer.outputFormat() == QtPrintSupport.QPrinter.OutputFormat.NativeFormat
    if not native or printer.outputFileName() or not printer.printerName():
        raise PrintFailed(
            "Controlled copies can only be printed on paper, not saved to a file. Choose one "
            "of the office printers."
        )


def send_copies(
    pdf: bytes, printer: QtPrintSupport.QPrinter, job_name: str, spool: PrintSpool | None
) -> Sent:
    """Print ``pdf`` on ``printer`` as one job called ``job_name``; returns what was sent.

    Raises ``PrintFailed`` with a plain message when the printer did not take the job."""
    refuse_file_output(printer)
    name = printer.printerName()
    printer.setDocName(job_name)  # the spooler's job name: copy references, never a title
    printer.setCreator("MASH Desktop")
    before = spool.last_job_id() if spool is not None else 0
    pages = _paint(pdf, printer)
    if spool is None:
        return Sent(pages, name, None)
    job_id = spool.find_job(name, job_name, before)
    if job_id is None:
        problem = spool.printer_problem(name)
        raise PrintFailed(
            problem.text
            if problem
            else f"The printer {name} did not take the job. Try again, or choose another printer."
        )
    problem = spool.printer_problem(name)
    return Sent(pages, name, job_id, problem.text if problem else "")


def _paint(pdf: bytes, printer: QtPrintSupport.QPrinter) -> int:
    printer.setFullPage(True)
    printer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            f"The printer {printer.printerName()} could not start the job. Check that it is "
            "switched on and connected, or choose another printer."
        )
    document = pdfium.PdfDocument(pdf)
    ended = False
    try:
        dpi = min(PRINT_DPI, max(72, printer.resolution()))
        for n in range(len(document)):
            if n and not printer.newPage():
                raise PrintFailed(
                    f"The printer {printer.printerName()} stopped taking pages part-way "
                    "through. Check the printer, then print again."
                )
            image = page_image(document, n, dpi)
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), QtCore.Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(area.x(), area.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
            painter.setWindow(area)
        pages = len(document)
        ended = True
        if not painter.end():
            raise PrintFailed(
                f"The printer {printer.printerName()} did not accept the finished job. "
                "Check the printer, then print again."
            )
        return pages
    finally:
        if not ended and painter.isActive():
            printer.abort()  # nothing half-printed goes to the spooler
            painter.end()
        document.close()


def page_image(document: pdfium.PdfDocument, index: int, dpi: int) -> QtGui.QImage:
    bitmap = document[index].render(scale=dpi / 72, rev_byteorder=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    fmt = (
        QtGui.QImage.Format.Format_RGBX8888
        if bitmap.n_channels == 4
        else QtGui.QImage.Format.Format_RGB888
    )
    image = QtGui.QImage(bitmap.buffer, width, height, stride, fmt)
    return image.copy()  # own the pixels before the bitmap goes away
