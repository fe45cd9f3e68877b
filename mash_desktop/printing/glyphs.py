"""Shaped glyphs that still say which characters they stand for.

HarfBuzz (uharfbuzz, the engine ReportLab itself shapes with) turns a run of text into
glyphs: Arabic letters in their joined forms, Indic conjuncts and reordered vowel signs, Thai
marks placed. Many of those glyphs have no character of their own in the font's cmap, and
ReportLab gives them a private-use code whose ToUnicode entry is that meaningless code, so a
reader copying the name out of the PDF gets garbage. Here each (glyph, text) pair gets its own
code, and the ToUnicode map sends it back to the characters of its HarfBuzz cluster: copied or
searched text is the name as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, ShapeData, ShapedStr, TTFont

_FIRST_PRIVATE = 0xF0000  # supplementary private use: never a real character in these fonts


class ShapingFont(TTFont):  # type: ignore[misc]  # ReportLab is untyped
    """A TrueType font whose shaped glyphs keep their characters for the ToUnicode map."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._texts: dict[int, str] = {}  # private code -> characters it stands for
        self._codes: dict[tuple[int, str], int] = {}
        self._next_private = _FIRST_PRIVATE
        self._hb_font: Any = None

    def hb(self) -> Any:
        if self._hb_font is None:
            self._hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(self.face._ttf_data)))
        return self._hb_font

    def invisible_glyph(self) -> int | None:
        """A glyph with no ink and no width (zero-width space or joiner), if the font has one."""
        if not hasattr(self, "_invisible"):
            self._invisible = None
            for code in (0x200B, 0x200C, 0x200D, 0xFEFF):
                gid = self.face.charToGlyph.get(code)
                if gid is not None and self.hb().get_glyph_h_advance(gid) == 0:
                    self._invisible = gid
                    break
        return self._invisible

    def advance(self, gid: int) -> float:
        """A glyph's advance in thousandths of an em."""
        return float(self.face._pdfScale(self.hb().get_glyph_h_advance(gid)))

    def code_for(self, gid: int, text: str) -> str:
        """The character to draw glyph ``gid`` with, extracted as ``text``."""
        if len(text) == 1 and self.face.charToGlyph.get(ord(text)) == gid:
            return text
        key = (gid, text)
        code = self._codes.get(key)
        if code is None:
            code = self._next_private
            self._next_private += 1
            self._codes[key] = code
            self._texts[code] = text
            self.face.charToGlyph[code] = gid
            self.face.charWidths[code] = self.advance(gid)
        return chr(code)

    def addObjects(self, doc: Any) -> None:
        """ReportLab's TTFont.addObjects, with a ToUnicode map that knows shaped glyphs."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = (
                b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            ).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap_stream = pdfdoc.PDFStream()
            cmap_stream.content = self._to_unicode(base_font_name, subset)
            if doc.compression:
                cmap_stream.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]

    def _to_unicode(self, font_name: str, subset: list[int]) -> str:
        entries = []
        for index, code in enumerate(subset):
            text = self._texts.get(code, chr(code))
            entries.append(f"<{index:02X}> <{text.encode('utf-16-be').hex().upper()}>")
        return "\n".join(
            [
                "/CIDInit /ProcSet findresource begin",
                "12 dict begin",
                "begincmap",
                f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name}) "
                "/Supplement 0 >> def",
                f"/CMapName /{font_name} def",
                "/CMapType 2 def",
                "1 begincodespacerange",
                f"<00> <{len(subset) - 1:02X}>",
                "endcodespacerange",
                f"{len(entries)} beginbfchar",
                *entries,
                "endbfchar",
                "endcmap",
                "CMapName currentdict /CMap defineresource pop",
                "end",
                "end",
            ]
        )


def _cluster_glyphs(
    font: ShapingFont, infos: Any, positions: Any, first: int, stop: int, chars: str, rtl: bool
) -> list[tuple[int, str, Any]]:
    """The glyphs of one cluster in drawing order, each with the one character it gives back.

    The cluster's characters go to its glyphs in reading order, one each. Where a glyph
    stands for several characters (the Arabic lam-alef ligature, an Indic conjunct), the
    characters left over ride on invisible zero-width glyphs: every extractor (pypdf,
    poppler) then reads them back in order, right to left included.
    """
    members = list(range(first, stop))
    reading = members[::-1] if rtl else members
    entries: list[tuple[int, str, Any]] = []
    for k, index in enumerate(reading):
        entries.append((infos[index].codepoint, chars[k : k + 1] or "\u200b", positions[index]))
    invisible = font.invisible_glyph()
    for char in chars[len(reading) :]:
        if invisible is None:  # no zero-width glyph: the last glyph carries the rest
            gid, text, pos = entries[-1]
            entries[-1] = (gid, text + char, pos)
        else:
            entries.append((invisible, char, None))
    return entries[::-1] if rtl else entries


@dataclass(frozen=True)
class ShapedRun:
    """Glyphs of one run of text in one font, in drawing (left to right) order."""

    font_name: str
    text: ShapedStr  # one code per glyph, with HarfBuzz positions (ReportLab draws these)
    width: float  # in points at ``size``
    size: float


def shape(font: ShapingFont, text: str, size: float, rtl: bool) -> ShapedRun:
    """Shape ``text`` (one font, one direction) into glyphs ReportLab can draw."""
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_GRAPHEMES
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(font.hb(), buffer, {"kern": True, "liga": True})
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    # Cluster values are character offsets (add_str counts code points); a cluster's text
    # runs to the next larger cluster value in logical order.
    starts = sorted({info.cluster for info in infos})
    ends = {
        start: (starts[k + 1] if k + 1 < len(starts) else len(text))
        for k, start in enumerate(starts)
    }
    scale = font.face._pdfScale
    codes: list[str] = []
    data: list[ShapeData] = []
    width = 0.0
    i = 0
    while i < len(infos):
        cluster = infos[i].cluster
        j = i
        while j < len(infos) and infos[j].cluster == cluster:
            j += 1
        for gid, char, pos in _cluster_glyphs(
            font, infos, positions, i, j, text[cluster : ends[cluster]], rtl
        ):
            code = font.code_for(gid, char)
            codes.append(code)
            advance = scale(pos.x_advance) if pos else 0.0
            width += advance
            data.append(
                ShapeData(
                    cluster,
                    advance,
                    scale(pos.y_advance) if pos else 0,
                    scale(pos.x_offset) if pos else 0,
                    scale(pos.y_offset) if pos else 0,
                    font.face.charWidths.get(ord(code), advance),
                )
            )
        i = j
    return ShapedRun(
        font.fontName, ShapedStr("".join(codes), shapeData=data), width * size / 1000, size
    )
