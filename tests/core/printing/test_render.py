"""Rendering any PrintableDocument as a controlled copy (SEC-5): A4, fonts embedded, the
markings on every page of a long document, UK time, and text that is never taken as markup."""

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from mash_desktop.printing.document import (
    CopyStamp,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.printing.render import render_copies, render_pdf
from tests.helpers.printing import pdf_texts, qr_codes

STAMP = CopyStamp(
    reference="MASH-C-2026-000042-3",
    copy_number=2,
    copy_count=3,
    printed_by="Ada Admin (admin)",
    printed_at=datetime(2026, 7, 1, 8, 5, tzinfo=UTC),  # British Summer Time: 09:05 in London
    recipient="Dr Ife Harrow",
    cabinet="CAB-1: Main office cabinet",
)


def long_document(sections: int = 12) -> PrintableDocument:
    blocks = [Heading("Attendees"), Table(("Name", "Agency"), (("Rowan Tesk", "POLICE"),))]
    for n in range(sections):
        blocks += [Heading(f"Section {n + 1}", 2), Paragraph("Synthetic text for a test. " * 90)]
    blocks += [
        KeyValues((("Risk <assessment>", "A & B <b>not bold</b>"),)),
        Table(("Action", "Owner"), tuple((f"Action {i} <x>", "LA & Police") for i in range(150))),
    ]
    return PrintableDocument(
        "strategy_record",
        "Strategy record <draft> & notes",
        "strategy_discussion",
        "7",
        tuple(blocks),
    )


def test_every_page_of_a_long_document_is_marked_and_numbered():
    # REQ: SEC-5
    pdf = render_pdf(long_document(), STAMP)
    texts = pdf_texts(pdf)
    assert len(texts) >= 5
    for n, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") == 2  # top and bottom
        assert "Copy 2 of 3" in text
        assert STAMP.reference in text
        assert f"Page {n} of {len(texts)}" in text
        assert "Printed by Ada Admin (admin) on 01/07/2026 09:05 (UK time)" in text
    assert qr_codes(pdf, page=len(texts) - 1) == [STAMP.reference]


def test_a4_with_embedded_dejavu_fonts_and_text_never_markup():
    # REQ: SEC-5
    pdf = render_pdf(long_document(2), STAMP)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        assert "DejaVu" in font["/BaseFont"]
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    text = "\n".join(pdf_texts(pdf))
    assert "Strategy record <draft> & notes" in text
    assert "A & B <b>not bold</b>" in text
    assert "Action 149 <x>" in text


def test_copies_in_one_pdf_number_their_own_pages():
    # REQ: SEC-5
    stamps = [
        CopyStamp(f"MASH-C-2026-00000{n}-X", n, 2, "Ada Admin (admin)", STAMP.printed_at)
        for n in (1, 2)
    ]
    pdf = render_copies(long_document(3), stamps)
    texts = pdf_texts(pdf)
    half = len(texts) // 2
    assert len(texts) == 2 * half
    assert f"Page {half} of {half}" in texts[half - 1]
    assert "Page 1 of" in texts[half]
    assert "Copy 2 of 2" in texts[half]
    assert stamps[1].reference in texts[-1]
