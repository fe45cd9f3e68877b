"""Text in any script as ReportLab flowables and canvas strings.

``paragraph(text, style)`` and ``draw_string(...)`` choose: text DejaVu draws alone goes the
usual (fast) ReportLab way; any other text is laid out by ``textlayout`` (fallback fonts,
HarfBuzz shaping, right-to-left order) and drawn line by line.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as RLParagraph

from mash_desktop.printing.textlayout import Line, draw_line, layout, needs_layout

ELLIPSIS = "…"


class ScriptParagraph(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A paragraph of plain text in any script. With ``rtl_right`` a right-to-left paragraph
    (one whose first letter is Arabic or Hebrew) is aligned right; otherwise it follows the
    English document (a name in a table cell starts where the column starts)."""

    def __init__(self, text: str, style: ParagraphStyle, *, rtl_right: bool = False) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._rtl_right = rtl_right
        self._width = 0.0
        self._laid: list[tuple[Line, bool]] = []

    def _layout(self, width: float) -> list[tuple[Line, bool]]:
        laid: list[tuple[Line, bool]] = []
        for part in self.text.split("\n"):
            lines, base = layout(part, self.style.fontSize, width, self.style.fontName)
            if not lines:
                laid.append((Line((), 0.0), False))
            laid.extend((line, base == 1 and self._rtl_right) for line in lines)
        return laid

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        self._laid = self._layout(avail_width)
        return avail_width, len(self._laid) * self.style.leading

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        laid = self._layout(avail_width)
        fits = int(avail_height // self.style.leading)
        if fits < 1 or fits >= len(laid):  # nothing fits, or all does (no split needed)
            return []
        return [_Lines(laid[:fits], self.style), _Lines(laid[fits:], self.style)]

    def draw(self) -> None:
        _draw_lines(self.canv, self._laid, self.style, self._width)


class _Lines(Flowable):  # type: ignore[misc]
    """Lines already laid out (the two halves of a split ScriptParagraph)."""

    def __init__(self, laid: list[tuple[Line, bool]], style: ParagraphStyle) -> None:
        super().__init__()
        self._laid = laid
        self.style = style
        self._width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, len(self._laid) * self.style.leading

    def draw(self) -> None:
        _draw_lines(self.canv, self._laid, self.style, self._width)


def _draw_lines(canvas: Canvas, laid: list[tuple[Line, bool]], style: Any, width: float) -> None:
    leading = style.leading
    y = len(laid) * leading - style.fontSize  # baseline of the first line, from the bottom
    for line, rtl in laid:
        if style.alignment == TA_CENTER:
            x = (width - line.width) / 2
        elif rtl or style.alignment == TA_RIGHT:
            x = width - line.width
        else:
            x = 0.0
        draw_line(canvas, line, x, y)
        y -= leading


def paragraph(text: str, style: ParagraphStyle, *, rtl_right: bool = False) -> Flowable:
    """A flowable for plain ``text`` (line breaks kept) in ``style``."""
    if needs_layout(text, style.fontName):
        return ScriptParagraph(text, style, rtl_right=rtl_right)
    return RLParagraph(escape(text).replace("\n", "<br/>"), style)


def draw_string(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    *,
    align: str = "left",
    max_width: float | None = None,
) -> None:
    """One line of ``text`` in the canvas's current font and size, anchored at ``x`` on its
    ``align`` side, shortened with an ellipsis to ``max_width``."""
    name, size = canvas._fontname, canvas._fontsize
    if not needs_layout(text, name):
        if max_width is not None:
            text = _fit(canvas, text, max_width)
        draw = {
            "left": canvas.drawString,
            "right": canvas.drawRightString,
            "centre": canvas.drawCentredString,
        }[align]
        draw(x, y, text)
        return
    lines, _base = layout(text, size, max_width if max_width is not None else 1e6, name)
    if not lines:
        return
    line = lines[0]
    if len(lines) > 1:
        # Shown as far as it fits, then an ellipsis; the full text is in the document body.
        more, _ = layout(text[: line.end].rstrip() + ELLIPSIS, size, 1e6, name)
        line = more[0] if more and (max_width is None or more[0].width <= max_width) else line
    left = {"left": x, "right": x - line.width, "centre": x - line.width / 2}[align]
    draw_line(canvas, line, left, y)
    canvas.setFont(name, size)


def _fit(canvas: Canvas, text: str, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` in the current font."""
    font, size = canvas._fontname, canvas._fontsize
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text + ELLIPSIS
