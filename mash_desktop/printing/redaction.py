"""Text with parts blacked out, for real (ISP-7): the flowable receives only the visible pieces
and the LENGTH of each removed part, so the removed words cannot reach the PDF (not its text,
its content streams nor its metadata). Each removed part is drawn as a solid black box where
the text would have stood, never as a box over text."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from mash_desktop.printing.script_text import draw_string

BOX_CHAR_WIDTH = 0.55  # of the font size: one removed character's width in the box
MIN_BOX = 2.5  # of the font size, so a removed initial is still a visible box


@dataclass(frozen=True)
class _Token:
    word: str | None  # None: a black box
    width: float
    space_before: bool


def _tokens(pieces: tuple[str | int, ...], font: str, size: float) -> list[_Token | None]:
    """Words and boxes in order; None marks a line break in the text."""
    tokens: list[_Token | None] = []
    pending_space = False
    for piece in pieces:
        if isinstance(piece, int):
            width = max(MIN_BOX * size, piece * BOX_CHAR_WIDTH * size)
            tokens.append(_Token(None, width, pending_space))
            pending_space = False
            continue
        for n, line in enumerate(piece.split("\n")):
            if n:
                tokens.append(None)
                pending_space = False
            words = line.split(" ")
            for m, word in enumerate(words):
                if m:
                    pending_space = True
                if word:
                    tokens.append(_Token(word, stringWidth(word, font, size), pending_space))
                    pending_space = False
    return tokens


class RedactedText(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    def __init__(self, pieces: tuple[str | int, ...], style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style
        self.tokens = _tokens(pieces, style.fontName, style.fontSize)
        self.lines: list[list[tuple[float, _Token]]] = []
        self._fixed = False

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        if self._fixed:  # a part after a page break keeps the lines it was given
            self.width, self.height = available_width, len(self.lines) * self.style.leading
            return self.width, self.height
        size = self.style.fontSize
        space = stringWidth(" ", self.style.fontName, size)
        lines: list[list[tuple[float, _Token]]] = [[]]
        x = 0.0
        for token in self.tokens:
            if token is None:
                lines.append([])
                x = 0.0
                continue
            gap = space if token.space_before and x > 0 else 0.0
            if x > 0 and x + gap + token.width > available_width:
                lines.append([])
                x, gap = 0.0, 0.0
            if token.word is None and token.width > available_width - x:
                # A long removed part runs on over as many lines as it needs.
                left = token.width
                while left > 0:
                    room = available_width - x - gap
                    part = min(left, room)
                    lines[-1].append((x + gap, _Token(None, part, False)))
                    left -= part
                    if left > 0:
                        lines.append([])
                        x, gap = 0.0, 0.0
                    else:
                        x += gap + part
                continue
            lines[-1].append((x + gap, token))
            x += gap + token.width
        self.lines = lines
        self.width = available_width
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """A long item continues on the next page, whole lines at a time."""
        self.wrap(available_width, available_height)
        fit = int(available_height // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self.lines):
            return [self]
        return [self._part(self.lines[:fit]), self._part(self.lines[fit:])]

    def _part(self, lines: list[list[tuple[float, _Token]]]) -> RedactedText:
        part = RedactedText((), self.style)
        part.tokens = [token for line in lines for _x, token in line]
        part.lines = lines
        part._fixed = True
        return part

    def draw(self) -> None:
        canvas = self.canv
        size, leading = self.style.fontSize, self.style.leading
        canvas.saveState()
        canvas.setFont(self.style.fontName, size)
        canvas.setFillColor(colors.black)
        for n, line in enumerate(self.lines):
            baseline = self.height - (n + 1) * leading + (leading - size) / 2 + size * 0.22
            run_x, run = 0.0, ""
            for x, token in line:
                if token.word is None:
                    if run:
                        draw_string(canvas, run_x, baseline, run)
                        run = ""
                    canvas.rect(x, baseline - size * 0.25, token.width, size * 1.1, 0, 1)
                    continue
                if not run:
                    run_x, run = x, token.word
                else:
                    # Words of one run are drawn as one string (so the text reads and copies
                    # as a line); their positions were measured with the same spaces.
                    run += (" " if token.space_before else "") + token.word
            if run:
                draw_string(canvas, run_x, baseline, run)
        canvas.restoreState()
