"""Lines of text in any script: fonts per character, shaping, line breaks, bidi order.

Text that DejaVu draws alone, left to right and without shaping (English, Polish, Irish,
Vietnamese, Greek, Cyrillic), never comes here: ReportLab's own paragraphs handle it (fast).
Everything else does: the text is cut into pieces of one font and one direction, each piece
shaped by HarfBuzz; lines are broken at spaces (and between Chinese and Japanese characters),
then each line's pieces are put in visual order (right to left where the bidi levels say so).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas

from mash_desktop.printing.bidi import RTL_CLASSES, embedding_levels, visual_order
from mash_desktop.printing.fonts import REGULAR, font, fonts_for, has_glyph
from mash_desktop.printing.glyphs import ShapedRun, shape

# Scripts where a line may break between any two characters.
_CJK = (
    (0x2E80, 0x303F),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


@lru_cache(maxsize=16384)
def needs_layout(text: str, primary: str = REGULAR) -> bool:
    """True when ``text`` needs more than the primary font drawn left to right."""
    return any(
        ord(ch) >= 0x0590
        and (unicodedata.bidirectional(ch) in RTL_CLASSES or not has_glyph(primary, ch))
        for ch in text
    ) or any(ord(ch) >= 0x0300 and not has_glyph(primary, ch) for ch in text)


def missing_glyphs(text: str, primary: str = REGULAR) -> list[str]:
    """Characters of ``text`` that no shipped font can draw (they would print as boxes)."""
    return [
        ch
        for ch, name in zip(text, fonts_for(text, primary), strict=True)
        if name is None and unicodedata.category(ch)[0] not in "CZ"
    ]


@dataclass(frozen=True)
class Piece:
    run: ShapedRun
    x: float  # from the line's left edge


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: float
    end: int = 0  # offset in the paragraph's text just after this line


@dataclass(frozen=True)
class _Chunk:
    start: int
    end: int
    font_name: str
    level: int


@lru_cache(maxsize=8192)
def _shaped(font_name: str, text: str, size: float, rtl: bool) -> ShapedRun:
    return shape(font(font_name), text, size, rtl)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK)


def _breaks(text: str) -> list[int]:
    """Offsets where a line may start: after spaces, and around Chinese/Japanese characters."""
    points = [0]
    for i in range(1, len(text)):
        before, here = text[i - 1], text[i]
        if (before.isspace() and not here.isspace()) or (
            (_is_cjk(before) or _is_cjk(here))
            and not here.isspace()
            and unicodedata.category(here)[0] != "M"
        ):
            points.append(i)
    return points


def layout(text: str, size: float, width: float, primary: str = REGULAR) -> tuple[list[Line], int]:
    """``text`` (one paragraph, no line breaks) as lines no wider than ``width`` points, and the
    paragraph's base level (1: right to left, to be aligned right)."""
    if not text:
        return [], 0
    names = [name or primary for name in fonts_for(text, primary)]
    levels, base = embedding_levels(text)
    starts = _breaks(text)
    words = [(s, e) for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]
    lines: list[Line] = []
    line: list[_Chunk] = []
    used = 0.0
    for start, end in words:
        chunks = _chunks(text, names, levels, start, end)
        ink = _width(text, size, [c for c in chunks if not text[c.start : c.end].isspace()])
        whole = _width(text, size, chunks)
        if line and used + _trimmed(text, size, chunks) > width:
            lines.append(_line(text, size, line))
            line, used = [], 0.0
        if not line and ink > width:
            for piece in _split_long(text, names, levels, start, end, size, width):
                if line:
                    lines.append(_line(text, size, line))
                line = piece
            used = _width(text, size, line)
            continue
        line.extend(chunks)
        used += whole
    if line:
        lines.append(_line(text, size, line))
    return lines, base


def _chunks(text: str, names: list[str], levels: list[int], start: int, end: int) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    i = start
    while i < end:
        j = i + 1
        while j < end and names[j] == names[i] and levels[j] == levels[i]:
            j += 1
        chunks.append(_Chunk(i, j, names[i], levels[i]))
        i = j
    return chunks


def _run(text: str, size: float, chunk: _Chunk) -> ShapedRun:
    return _shaped(chunk.font_name, text[chunk.start : chunk.end], size, chunk.level % 2 == 1)


def _width(text: str, size: float, chunks: list[_Chunk]) -> float:
    return sum(_run(text, size, c).width for c in chunks)


def _trimmed(text: str, size: float, chunks: list[_Chunk]) -> float:
    """Width of a word without its trailing spaces (they may hang past the line end)."""
    kept = [c for c in chunks if text[c.start : c.end].strip()]
    if not kept:
        return 0.0
    last = kept[-1]
    stripped = text[last.start : last.end].rstrip()
    tail = _Chunk(last.start, last.start + len(stripped), last.font_name, last.level)
    return _width(text, size, [*kept[:-1], tail])


def _split_long(
    text: str, names: list[str], levels: list[int], start: int, end: int, size: float, width: float
) -> list[list[_Chunk]]:
    """A word wider than the line, cut between characters (never before a mark)."""
    pieces: list[list[_Chunk]] = []
    begin = start
    while begin < end:
        cut = begin + 1
        for k in range(begin + 1, end + 1):
            if k < end and unicodedata.category(text[k])[0] == "M":
                continue
            if _width(text, size, _chunks(text, names, levels, begin, k)) > width and cut > begin:
                break
            cut = k
        pieces.append(_chunks(text, names, levels, begin, cut))
        begin = cut
    return pieces


def _line(text: str, size: float, chunks: list[_Chunk]) -> Line:
    end = chunks[-1].end if chunks else 0
    # L1: spaces at the end of a line take the paragraph level and are not drawn.
    while chunks and not text[chunks[-1].start : chunks[-1].end].strip():
        chunks = chunks[:-1]
    if chunks:
        last = chunks[-1]
        kept = len(text[last.start : last.end].rstrip())
        chunks = [*chunks[:-1], _Chunk(last.start, last.start + kept, last.font_name, last.level)]
    # Words of one font and direction are drawn as one string: a right-to-left name is then
    # one run of glyphs, which text extraction turns back into logical order as a whole.
    merged: list[_Chunk] = []
    for chunk in chunks:
        previous = merged[-1] if merged else None
        if previous and (previous.font_name, previous.level, previous.end) == (
            chunk.font_name,
            chunk.level,
            chunk.start,
        ):
            merged[-1] = _Chunk(previous.start, chunk.end, chunk.font_name, chunk.level)
        else:
            merged.append(chunk)
    ordered = visual_order(merged, [c.level for c in merged])
    pieces = []
    x = 0.0
    for chunk in ordered:
        run = _run(text, size, chunk)
        pieces.append(Piece(run, x))
        x += run.width
    return Line(tuple(pieces), x, end)


def draw_line(canvas: Canvas, line: Line, x: float, y: float) -> None:
    """Draw ``line`` with its left edge at ``x`` and its baseline at ``y``."""
    # One text object per line, so a reader (or text extraction) sees one line of text.
    text = canvas.beginText(x, y)
    for piece in line.pieces:
        text.setTextOrigin(x + piece.x, y)
        text.setFont(piece.run.font_name, piece.run.size)
        text.textOut(piece.run.text)
    canvas.drawText(text)
