"""Controlled copies as PDF (SEC-5): ReportLab, A4, every font embedded.

Every page carries OFFICIAL-SENSITIVE at top and bottom, "Copy N of M", the copy reference as
text and as a QR code, "Page X of Y", and who printed it and when (UK time). All of it is
horizontal black text on white, so it survives photocopying and text extraction.

``render_pdf(document, stamp)`` makes one copy; ``render_copies(document, stamps)`` makes all
copies of a print job in one PDF, each copy numbering its own pages.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer

from mash_desktop.domain.clock import format_london
from mash_desktop.printing.document import CopyStamp, PrintableDocument
from mash_desktop.printing.fonts import BOLD, REGULAR, register_fonts
from mash_desktop.printing.script_text import draw_string
from mash_desktop.printing.story import build_story

MARKING = "OFFICIAL-SENSITIVE"
PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE_MARGIN = 18 * mm
TOP_ZONE = 34 * mm
BOTTOM_ZONE = 28 * mm
QR_SIZE = 22 * mm
HANDLING = "Keep in its secure cabinet when not in use. Never to leave the MASH secure environment."


class _StampSwitch(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Zero-size marker: the pages from here on belong to this copy."""

    def __init__(self, stamp: CopyStamp) -> None:
        super().__init__()
        self.stamp = stamp

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._mash_stamp = self.stamp


class _StampedCanvas(Canvas):  # type: ignore[misc]
    """Keeps each page until the end, then draws the copy markings with page X of Y."""

    def __init__(self, *args: Any, title: str = "", **kwargs: Any) -> None:
        # Start in DejaVu so no unembedded base-14 font (Helvetica) is ever referenced.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR
        kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 10
        super().__init__(*args, **kwargs)
        self._mash_title = title
        self._mash_stamp: CopyStamp | None = None
        self._mash_pages: list[dict[str, Any]] = []
        self._mash_forms: set[str] = set()

    def showPage(self) -> None:
        self._mash_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(page["_mash_stamp"].reference for page in self._mash_pages)
        seen: Counter[str] = Counter()
        forms = self._mash_forms
        for page in self._mash_pages:
            self.__dict__.update(page)
            self._mash_forms = forms
            stamp: CopyStamp = page["_mash_stamp"]
            seen[stamp.reference] += 1
            self._decorate(stamp, seen[stamp.reference], totals[stamp.reference])
            Canvas.showPage(self)
        Canvas.save(self)

    def _qr_form(self, reference: str) -> str:
        """The reference's QR code as a form drawn once per document and reused per page."""
        name = "qr" + "".join(ch for ch in reference if ch.isalnum())
        if name not in self._mash_forms:
            matrix = segno.make_qr(reference, error="m").matrix
            quiet = 4  # modules of white border scanners need
            module = QR_SIZE / (len(matrix) + 2 * quiet)
            self.beginForm(name)
            path = self.beginPath()
            for row, bits in enumerate(matrix):
                for col, dark in enumerate(bits):
                    if dark:
                        x = (col + quiet) * module
                        y = QR_SIZE - (row + quiet + 1) * module
                        path.rect(x, y, module, module)
            self.setFillColor(colors.black)
            self.drawPath(path, stroke=0, fill=1)
            self.endForm()
            self._mash_forms.add(name)
        return name

    def _decorate(self, stamp: CopyStamp, page: int, pages: int) -> None:
        left, right = SIDE_MARGIN, PAGE_WIDTH - SIDE_MARGIN
        copy_text = f"Copy {stamp.copy_number} of {stamp.copy_count}"
        self.saveState()
        self.setFillColor(colors.black)
        self.setStrokeColor(colors.black)
        # Top: marking, copy number, title, QR code with the reference under it.
        self.setFont(BOLD, 13)
        self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 11 * mm, MARKING)
        self.setFont(BOLD, 12)
        self.drawString(left, PAGE_HEIGHT - 19 * mm, copy_text)
        self.setFont(REGULAR, 8.5)
        draw_string(self, left, PAGE_HEIGHT - 24 * mm, self._mash_title, max_width=120 * mm)
        if stamp.recipient:
            draw_string(
                self, left, PAGE_HEIGHT - 28 * mm, f"For: {stamp.recipient}", max_width=120 * mm
            )
        qr_x, qr_y = right - QR_SIZE, PAGE_HEIGHT - 6 * mm - QR_SIZE
        self.saveState()
        self.translate(qr_x, qr_y)
        self.doForm(self._qr_form(stamp.reference))
        self.restoreState()
        self.setFont(BOLD, 8)
        self.drawRightString(right, qr_y - 3 * mm, stamp.reference)
        self.setLineWidth(0.8)
        self.line(left, PAGE_HEIGHT - TOP_ZONE + 1 * mm, right, PAGE_HEIGHT - TOP_ZONE + 1 * mm)
        # Bottom: copy and reference, page X of Y, printed by and when, marking.
        self.line(left, BOTTOM_ZONE - 3 * mm, right, BOTTOM_ZONE - 3 * mm)
        self.setFont(BOLD, 9)
        self.drawString(left, BOTTOM_ZONE - 8 * mm, f"{copy_text}   Ref: {stamp.reference}")
        self.drawRightString(right, BOTTOM_ZONE - 8 * mm, f"Page {page} of {pages}")
        self.setFont(REGULAR, 7.5)
        printed = f"Printed by {stamp.printed_by} on {format_london(stamp.printed_at)} (UK time)"
        if stamp.cabinet:
            printed += f"   Cabinet: {stamp.cabinet}"
        draw_string(self, left, BOTTOM_ZONE - 12 * mm, printed, max_width=right - left)
        self.drawString(left, BOTTOM_ZONE - 15.5 * mm, HANDLING)
        self.setFont(BOLD, 13)
        self.drawCentredString(PAGE_WIDTH / 2, 7 * mm, MARKING)
        self.restoreState()


def render_copies(document: PrintableDocument, stamps: Sequence[CopyStamp]) -> bytes:
    """All copies of a print job, one after another, in one A4 PDF."""
    if not stamps:
        raise ValueError("at least one copy stamp is needed")
    register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE_MARGIN - 6,  # the frame pads 6 pt: body text lines up with the header
        rightMargin=SIDE_MARGIN - 6,
        topMargin=TOP_ZONE + 2 * mm,
        bottomMargin=BOTTOM_ZONE,
        title=document.title,
        author="MASH Desktop",
        subject=MARKING,
        creator="MASH Desktop",
    )
    story: list[Flowable] = []
    for n, stamp in enumerate(stamps):
        if n:
            story.append(PageBreak())
        story.append(_StampSwitch(stamp))
        story.extend(build_story(document))
    if len(story) == 1:
        story.append(Spacer(1, 1))

    def make_canvas(*args: Any, **kwargs: Any) -> _StampedCanvas:
        canvas = _StampedCanvas(*args, title=document.title, **kwargs)
        canvas._mash_stamp = stamps[0]
        return canvas

    template.build(story, canvasmaker=make_canvas)
    return buffer.getvalue()


def render_pdf(document: PrintableDocument, stamp: CopyStamp) -> bytes:
    """One controlled copy of ``document`` as PDF bytes."""
    return render_copies(document, [stamp])
