"""The fonts embedded in every PDF, shipped in resources/fonts, and which one draws a character.

DejaVu Sans (regular, bold) draws Latin with every diacritic (Vietnamese included), Greek and
Cyrillic. Scripts it lacks, or draws poorly, fall back per character to a font made for them
(Noto Sans for Arabic script, Hebrew, Ethiopic, Devanagari, Gurmukhi, Bengali and Thai;
Droid Sans Fallback for Chinese and Japanese; Nanum Gothic for Hangul), and a character
outside all their blocks to the first of them that has it. Every one of them is
TrueType (glyf outlines), the kind ReportLab embeds. Fallback fonts are read only the first
time a character needs them: a document in English never pays for the CJK fonts.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from mash_desktop.printing.glyphs import ShapingFont
from mash_desktop.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@dataclass(frozen=True)
class FallbackFont:
    name: str
    file: str
    ranges: tuple[tuple[int, int], ...]  # the blocks it is asked for
    preferred: bool = False  # draws its blocks even where DejaVu has a glyph (finer shapes)


ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
FALLBACKS: tuple[FallbackFont, ...] = (
    FallbackFont("NotoSansArabic", "NotoSansArabic-Regular.ttf", ARABIC_RANGES, preferred=True),
    FallbackFont(
        "NotoSansHebrew", "NotoSansHebrew-Regular.ttf", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)), True
    ),
    FallbackFont(
        "NotoSansEthiopic",
        "NotoSansEthiopic-Regular.ttf",
        ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)),
    ),
    FallbackFont(
        "NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", ((0x0900, 0x097F), (0xA8E0, 0xA8FF))
    ),
    FallbackFont("NotoSansBengali", "NotoSansBengali-Regular.ttf", ((0x0980, 0x09FF),)),
    FallbackFont("NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf", ((0x0A00, 0x0A7F),)),
    FallbackFont("NotoSansThai", "NotoSansThai-Regular.ttf", ((0x0E00, 0x0E7F),)),
    # Chinese and Japanese (before Nanum, whose Hanja are drawn the Korean way).
    FallbackFont(
        "DroidSansFallback",
        "DroidSansFallbackFull.ttf",
        (
            (0x2E80, 0x2FDF),
            (0x3000, 0x30FF),
            (0x31F0, 0x31FF),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0xFF00, 0xFFEF),
        ),
    ),
    FallbackFont(
        "NanumGothic",
        "NanumGothic.ttf",
        ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)),
    ),
)
# Characters that must join their neighbours (in shaping) or inherit their font.
JOINERS = {0x200C, 0x200D, 0x034F}

_lock = threading.Lock()
_loaded: dict[str, ShapingFont] = {}


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with ReportLab once per process."""
    with _lock:
        if REGULAR in _loaded:
            return
        for name, file in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
            font = ShapingFont(name, str(resource_path("fonts", file)))
            pdfmetrics.registerFont(font)
            _loaded[name] = font
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)


def font(name: str) -> ShapingFont:
    """A registered font by name, reading a fallback font from disk on first use."""
    register_fonts()
    found = _loaded.get(name)
    if found is not None:
        return found
    fallback = next(f for f in FALLBACKS if f.name == name)
    with _lock:
        if name not in _loaded:
            loaded = ShapingFont(name, str(resource_path("fonts", fallback.file)))
            pdfmetrics.registerFont(loaded)
            _loaded[name] = loaded
        return _loaded[name]


def has_glyph(name: str, char: str) -> bool:
    return ord(char) in font(name).face.charToGlyph


def _in(ranges: tuple[tuple[int, int], ...], code: int) -> bool:
    return any(low <= code <= high for low, high in ranges)


def font_for(char: str, primary: str = REGULAR) -> str | None:
    """The font that draws ``char``: a preferred script font, else the primary font, else
    the first fallback that has it; None when no shipped font has the character."""
    code = ord(char)
    if code < 0x0590:  # Latin, Greek, Cyrillic, Armenian: DejaVu's own ground
        return primary if has_glyph(primary, char) or code < 0x20 else _fallback(code, char)
    for fallback in FALLBACKS:
        if fallback.preferred and _in(fallback.ranges, code) and has_glyph(fallback.name, char):
            return fallback.name
    if has_glyph(primary, char):
        return primary
    return _fallback(code, char)


def _fallback(code: int, char: str) -> str | None:
    for fallback in FALLBACKS:
        if _in(fallback.ranges, code) and has_glyph(fallback.name, char):
            return fallback.name
    # Outside every font's own blocks (a symbol, a rare script): whichever font has it.
    for fallback in FALLBACKS:
        if has_glyph(fallback.name, char):
            return fallback.name
    return None


def is_strong(char: str) -> bool:
    """A letter (or a mark on one): it decides its font; punctuation, digits and spaces follow
    the letters around them so a word stays in one font and shapes as one."""
    category = unicodedata.category(char)
    return category[0] == "L"


def fonts_for(text: str, primary: str = REGULAR) -> list[str | None]:
    """One font per character of ``text``: letters take their own font; marks and joiners the
    font of the letter they sit on; punctuation, digits and spaces the font of the letter
    before them in the same word (or after), when that font has the glyph."""
    chosen: list[str | None] = [None] * len(text)
    for i, char in enumerate(text):
        if is_strong(char):
            chosen[i] = font_for(char, primary)
    for i, char in enumerate(text):
        if chosen[i] is not None:
            continue
        if unicodedata.category(char)[0] == "M" or ord(char) in JOINERS:
            neighbours = _neighbours(chosen, text, i, within_word=True)
        elif char.isspace():
            # A space inside a run of one script keeps that run whole; between two scripts
            # it goes with the primary font.
            around = _neighbours(chosen, text, i, within_word=False)
            neighbours = around[:1] if len(set(around)) == 1 else [primary]
        else:
            neighbours = _neighbours(chosen, text, i, within_word=True)
        for name in neighbours:
            if name is not None and has_glyph(name, char):
                chosen[i] = name
                break
        else:
            chosen[i] = font_for(char, primary)
    return chosen


def _neighbours(chosen: list[str | None], text: str, i: int, *, within_word: bool) -> list[str]:
    found: list[str] = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(text) and not (within_word and text[j].isspace()):
            name = chosen[j]
            if name is not None and is_strong(text[j]):
                found.append(name)
                break
            j += step
    return found
