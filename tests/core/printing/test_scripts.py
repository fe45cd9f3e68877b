"""Every child's name prints exactly as written, in every script a hub meets (issue 18):
embedded fonts with a real glyph for every character, right to left where the script is,
shaped, and read back from the PDF in the order it was typed."""

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, TextStringObject

from mash_desktop.printing.document import (
    CopyStamp,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.printing.fonts import REGULAR, font
from mash_desktop.printing.render import render_pdf
from mash_desktop.printing.sample_names import MIXED_SENTENCE, NAMES_BY_SCRIPT
from mash_desktop.printing.textlayout import layout, missing_glyphs
from tests.helpers.printing import pdf_texts

NAMES = [name for _, name in NAMES_BY_SCRIPT]
STAMP = CopyStamp(
    reference="MASH-C-2026-000018-7",
    copy_number=1,
    copy_count=1,
    printed_by="Ада Лавлейс (ada)",
    printed_at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC),
    recipient="محمد الأحمد",
)


def names_document() -> PrintableDocument:
    return PrintableDocument(
        "contact_summary",
        "Contact about ښکلا ځدراڼ and 李明",
        "contact",
        "C-2026-00018",
        (
            Heading("Children named in the contact"),
            KeyValues(tuple((label, name) for label, name in NAMES_BY_SCRIPT)),
            Paragraph(MIXED_SENTENCE),
            Heading("Household"),
            Table(("Name", "Relationship"), tuple((name, "Sibling") for name in NAMES)),
        ),
    )


def _drawn_codes(page, reader) -> dict[str, set[int]]:
    """Codes each font resource (/F1+0 ...) is asked to draw on ``page``."""
    codes: dict[str, set[int]] = {}
    current = ""
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            current = str(operands[0])
        elif operator in (b"Tj", b"TJ"):
            items = operands[0] if operator == b"TJ" else [operands[0]]
            for item in items:
                if isinstance(item, TextStringObject):
                    codes.setdefault(current, set()).update(item.original_bytes)
                elif isinstance(item, bytes):
                    codes.setdefault(current, set()).update(item)
    return codes


def drawn_glyphs(pdf: bytes) -> list[tuple[str, str, str]]:
    """(font, text, glyph) for every code drawn: the text its ToUnicode entry stands for and
    the glyph the embedded font file draws for it ('.notdef' when it has none)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for resource, codes in _drawn_codes(page, reader).items():
            pdf_font = fonts[resource].get_object()
            descriptor = pdf_font["/FontDescriptor"].get_object()
            embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            cmap = embedded["cmap"].tables[0].cmap
            to_unicode = pdf_font["/ToUnicode"].get_object().get_data().decode()
            entries = dict(
                re.findall(r"<([0-9A-F]{2})> <([0-9A-F]*)>", to_unicode.split("beginbfchar")[1])
            )
            for code in codes:
                text = bytes.fromhex(entries[f"{code:02X}"]).decode("utf-16-be")
                glyph = cmap.get(code, ".notdef")
                empty = glyph != ".notdef" and embedded["glyf"][glyph].numberOfContours == 0
                if empty and not text.isspace():
                    # No ink: allowed only with no width, as the companion that gives
                    # back the second letter of a ligature (lam-alef, a conjunct).
                    width = embedded["hmtx"][glyph][0]
                    glyph = "(ligature companion)" if width == 0 else "(empty)"
                found.append((str(pdf_font["/BaseFont"]), text, glyph))
    return found


def test_one_name_per_script_prints_in_embedded_fonts_and_reads_back_as_typed(tmp_path):
    # REQ: SEC-5 (every printed copy is legible); RQ-1 (the child's name as recorded)
    pdf = render_pdf(names_document(), STAMP)

    # (a) every name, and the English sentence around an Arabic name, in logical order.
    text = "\n".join(pdf_texts(pdf))
    for name in NAMES:
        assert text.count(name) >= 2, name  # the list of children and the household table
    # The English words before and after the Arabic name keep their places around it
    # (pypdf's guess at the bracket between them, right or left of the space, is its own).
    flat = text.replace("\n", " ")
    assert "The child محمد الأحمد" in flat
    assert flat.index("The child محمد الأحمد") < flat.index("aged 9) lives with his aunt in Poole.")
    assert "Contact about ښکلا ځدراڼ and 李明" in text
    assert "For: محمد الأحمد" in text
    assert "Printed by Ада Лавлейс (ada)" in text
    assert "\x00" not in text and "\ufffd" not in text

    # (b) every character of every name was drawn with a real glyph of an embedded font.
    glyphs = drawn_glyphs(pdf)
    assert [(f, t) for f, t, g in glyphs if g in (".notdef", "(empty)")] == []
    covered = "".join(t for _, t, _ in glyphs)
    for name in NAMES:
        assert all(ch in covered for ch in name if not ch.isspace()), name
    families = " ".join(f for f, _, _ in glyphs)
    for family in (
        "DejaVuSans",
        "NotoSansArabic",
        "NotoSansHebrew",
        "NotoSansEthiopic",
        "NotoSansDevanagari",
        "NotoSansGurmukhi",
        "NotoSansBengali",
        "NotoSansThai",
        "NanumGothic",
        "DroidSansFallback",
    ):
        assert family in families

    # (c) the page as an image, to be looked at (pdftoppm, as a reviewer would).
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    (tmp_path / "names.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "names.pdf"),
            str(tmp_path / "names"),
        ],
        check=True,
    )
    assert (tmp_path / "names-1.png").stat().st_size > 20_000


def glyph_text(piece) -> str:
    shaped = font(piece.run.font_name)
    return "".join(shaped._texts.get(ord(code), code) for code in piece.run.text)


def test_arabic_name_is_laid_out_right_to_left_inside_an_english_sentence():
    # REQ: SEC-5
    lines, base = layout(MIXED_SENTENCE, 10, 1000)
    assert base == 0 and len(lines) == 1
    pieces = lines[0].pieces
    assert [p.run.font_name for p in pieces] == [REGULAR, "NotoSansArabic", REGULAR]
    assert glyph_text(pieces[0]) == "The child "
    # Drawn left to right, the Arabic glyphs stand in reverse reading order: the first name
    # (محمد) is the rightmost word, then the family name to its left.
    assert glyph_text(pieces[1])[::-1].startswith("محمد")
    assert "الأحمد" in glyph_text(pieces[1])[::-1]
    assert glyph_text(pieces[2]).startswith(" (aged 9)")
    assert pieces[0].x < pieces[1].x < pieces[2].x


def test_arabic_letters_are_shaped_into_joined_forms():
    # REQ: SEC-5
    lines, _ = layout("محمد", 10, 1000)
    run = lines[0].pieces[0].run
    arabic = font("NotoSansArabic")
    nominal = [arabic.face.charToGlyph[ord(ch)] for ch in "محمد"]
    drawn = [arabic.face.charToGlyph[ord(code)] for code in run.text]
    assert drawn[::-1] != nominal  # joined (initial, medial, final) forms, not isolated ones


def test_a_right_to_left_paragraph_starts_at_the_right_and_wraps_in_reading_order():
    # REQ: SEC-5
    hebrew = "נועה כהן גרה עם דודתה"
    lines, base = layout(hebrew, 10, 60)
    assert base == 1 and len(lines) >= 2
    first = "".join(glyph_text(p) for p in lines[0].pieces)[::-1]
    assert hebrew.startswith(first.strip())


def test_every_script_has_a_shipped_font():
    # REQ: SEC-5
    for name in [*NAMES, MIXED_SENTENCE]:
        assert missing_glyphs(name) == []
    assert missing_glyphs("\U0001d11e") == ["\U0001d11e"]  # a musical symbol: none has it
