"""Printing to a real CUPS queue (issue 19, SEC-5): how long the print path holds the person at
the desk, and how long the job takes to leave the spooler.

Starts a private cupsd with the CUPS-PDF queue of the tests (tests/helpers/cups_server.py; run
as root on Debian with cups and printer-driver-cups-pdf installed), then for 1 and 3 copies of
a 2-page synthetic document times: sending (pages painted at 300 dpi through QPrinter, the job
handed to CUPS and found again by its name), one job-state query, and the time until CUPS has
finished the job (its filters turn the pages into PostScript).

Run from the repository root:  QT_QPA_PLATFORM=offscreen python benchmarks/print_to_cups.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # see benchmarks/printing.py
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from mash_desktop.domain.copy_register import job_name, make_reference, next_usable_serial
from mash_desktop.domain.print_tracking import SpoolState
from mash_desktop.printing.document import CopyStamp, Heading, Paragraph, PrintableDocument
from mash_desktop.printing.render import render_copies
from mash_desktop.printing.spool import local_spool
from tests.helpers.cups_server import QUEUE, CupsServer
from ui.copies.print_send import send_copies
from ui.kit.qt import QtPrintSupport, QtWidgets

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
TEXT = "Synthetic text of a strategy discussion record, for measuring only. " * 40


def document() -> PrintableDocument:
    blocks = [Heading("Strategy discussion (synthetic)")]
    blocks += [Paragraph(TEXT) for _ in range(6)]
    return PrintableDocument("bench", "Synthetic record", "bench", "1", tuple(blocks))


def main() -> None:
    app = QtWidgets.QApplication([])  # noqa: F841 (Qt needs it alive)
    with tempfile.TemporaryDirectory(prefix="mash-bench-cups-") as tmp:
        server = CupsServer(Path(tmp) / "cups")
        os.environ["CUPS_SERVER"] = str(server.socket)
        server.start()
        try:
            server.add_queue()
            spool = local_spool()
            assert spool is not None, "pycups is not installed"
            serial = 0
            for copies in (1, 3):
                stamps = []
                for n in range(1, copies + 1):
                    serial = next_usable_serial(2026, serial)
                    ref = make_reference(2026, serial)
                    stamps.append(CopyStamp(ref, n, copies, "Bench (bench)", NOW, "Bench", "CAB"))
                pdf = render_copies(document(), stamps)
                info = QtPrintSupport.QPrinterInfo.printerInfo(QUEUE)
                printer = QtPrintSupport.QPrinter(
                    info, QtPrintSupport.QPrinter.PrinterMode.HighResolution
                )
                start = time.perf_counter()
                sent = send_copies(pdf, printer, job_name([s.reference for s in stamps]), spool)
                send_s = time.perf_counter() - start
                assert sent.spool_job_id is not None
                start = time.perf_counter()
                spool.job_state(sent.spool_job_id)
                state_ms = (time.perf_counter() - start) * 1000
                start = time.perf_counter()
                while spool.job_state(sent.spool_job_id) is not SpoolState.COMPLETED:
                    time.sleep(0.05)
                done_s = time.perf_counter() - start
                print(
                    f"{copies} cop{'y' if copies == 1 else 'ies'}, {sent.pages} pages: "
                    f"send {send_s:.2f} s, job state query {state_ms:.1f} ms, "
                    f"CUPS finished {done_s:.1f} s later"
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
