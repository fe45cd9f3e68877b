"""Names in every script (issue 18): what the shipped fonts cost.

- Qt start-up: registering the shipped fonts (``ui.fonts.register_app_fonts``), measured in a
  fresh process each time (it runs once per process).
- Printing: a page with a name in each of 20 scripts, first in a process (the fallback fonts
  are read then) and again; and an English-only page of the same shape, which takes the
  unchanged ReportLab path.

Run from the repository root:  python benchmarks/scripts.py
Synthetic names only; prints its figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from mash_desktop.printing.document import CopyStamp, KeyValues, PrintableDocument, Table
from mash_desktop.printing.sample_names import NAMES_BY_SCRIPT

STAMP = CopyStamp(
    "MASH-C-2026-000018-7", 1, 1, "Ada Admin (ada)", datetime(2026, 12, 2, tzinfo=UTC)
)
RUNS = 7

REGISTER = """
import time
from ui.kit.qt import QtGui, QtWidgets
app = QtWidgets.QApplication([])
from ui.kit.fonts import register_app_fonts
begin = time.perf_counter()
QtGui.QFontDatabase.families()  # Qt reads the system's fonts once, registered or not
start = time.perf_counter()
register_app_fonts(app)
middle = time.perf_counter()
label = QtWidgets.QLabel("{names}")
label.show()
app.processEvents()
print((middle - start) * 1000, (time.perf_counter() - middle) * 1000, (start - begin) * 1000)
"""


def document(pairs: tuple[tuple[str, str], ...]) -> PrintableDocument:
    rows = tuple((name, "Sibling") for _, name in pairs)
    return PrintableDocument(
        "contact_summary",
        "Names",
        "contact",
        "1",
        (KeyValues(pairs), Table(("Name", "Role"), rows)),
    )


def main() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    names = " ".join(name for _, name in NAMES_BY_SCRIPT)
    figures = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", REGISTER.format(names=names)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=sys.path[0],
        ).stdout.split()
        figures.append((float(out[0]), float(out[1]), float(out[2])))
    print(
        f"Qt: system font database {statistics.median(f[2] for f in figures):.1f} ms (paid "
        f"anyway), then register_app_fonts {statistics.median(f[0] for f in figures):.1f} ms; "
        f"first paint of a label with all 20 names {statistics.median(f[1] for f in figures):.1f} ms"
    )

    from mash_desktop.printing.render import render_pdf

    english = tuple((label, f"Amelia Ashdown {n}") for n, (label, _) in enumerate(NAMES_BY_SCRIPT))
    render_pdf(document(english), STAMP)  # ReportLab and DejaVu warm
    start = time.perf_counter()
    render_pdf(document(NAMES_BY_SCRIPT), STAMP)
    cold = (time.perf_counter() - start) * 1000
    warm, plain = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        render_pdf(document(NAMES_BY_SCRIPT), STAMP)
        warm.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        render_pdf(document(english), STAMP)
        plain.append((time.perf_counter() - start) * 1000)
    print(
        f"PDF, 20 scripts: first in process {cold:.0f} ms (fallback fonts read), "
        f"then median {statistics.median(warm):.0f} ms; same page in English "
        f"{statistics.median(plain):.0f} ms"
    )


if __name__ == "__main__":
    main()
