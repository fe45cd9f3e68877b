"""Blocks of a PrintableDocument as ReportLab flowables (black on white; text in any script)."""

from __future__ import annotations

from functools import cache, lru_cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, LongTable, Spacer, TableStyle

from mash_desktop.domain.plain_words import object_type_words
from mash_desktop.printing.document import (
    Block,
    Chart,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Redacted,
    Table,
)
from mash_desktop.printing.fonts import BOLD, REGULAR, register_fonts
from mash_desktop.printing.script_text import ScriptParagraph, paragraph
from mash_desktop.printing.textlayout import needs_layout

FRAME_WIDTH = A4[0] - 36 * mm
_LIGHT = colors.Color(0.88, 0.88, 0.88)
CELL_PADDING = 4
TABLE_CHUNK = 120


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13.5)
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", fontName=REGULAR, fontSize=9, leading=12),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=13, leading=17, spaceBefore=8),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=11, leading=14, spaceBefore=6),
        "body": body,
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=10),
        "label": ParagraphStyle("label", fontName=BOLD, fontSize=9.5, leading=12.5),
        "value": ParagraphStyle("value", fontName=REGULAR, fontSize=9.5, leading=12.5),
    }


def _column_widths(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[float]:
    # Width in proportion to typical text length (sampled), with a floor so nothing collapses.
    sample = rows[:200]
    weights = []
    for col, title in enumerate(header):
        lengths = [len(title)] + [len(r[col]) for r in sample if col < len(r)]
        typical = sorted(lengths)[len(lengths) * 3 // 4]
        longest_word = max((len(w) for w in title.split()), default=1) + 1
        weights.append(max(8, longest_word, min(typical, 60)))
    total = sum(weights)
    widths = [FRAME_WIDTH * w / total for w in weights]
    # No header word may break: give narrow columns what their longest header word needs,
    # taken from the widest columns.
    needs = [
        max(stringWidth(w, BOLD, 8) for w in (title.split() or [""])) + 2 * CELL_PADDING + 1
        for title in header
    ]
    short = sum(max(0.0, n - w) for n, w in zip(needs, widths, strict=True))
    if short and short < FRAME_WIDTH / 3:
        spare = sum(max(0.0, w - n) for n, w in zip(needs, widths, strict=True))
        widths = [
            n if w < n else w - (w - n) * short / spare for n, w in zip(needs, widths, strict=True)
        ]
    return widths


def _table(block: Table) -> list[Flowable]:
    st = styles()
    if not block.rows:
        return [paragraph("None recorded.", st["body"])]
    width = len(block.header)
    if block.widths and len(block.widths) == width:
        total = sum(block.widths)
        widths = [FRAME_WIDTH * w / total for w in block.widths]
    else:
        widths = _column_widths(block.header, block.rows)
    room = [w - 2 * CELL_PADDING for w in widths]
    size = st["cell"].fontSize
    header = [paragraph(h, st["head"]) for h in block.header]
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), _LIGHT),
            # Every cell, header included: ReportLab's default cell font is Helvetica, which
            # would be referenced (unembedded) even under Paragraph cells.
            ("FONT", (0, 0), (-1, -1), REGULAR, size, st["cell"].leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
    )
    # ReportLab re-measures the rest of a table at every page break, so one table of
    # thousands of rows costs quadratic time; chunks keep a long register linear.
    tables: list[Flowable] = []
    for start in range(0, len(block.rows), TABLE_CHUNK):
        data: list[list[object]] = [header]
        for row in block.rows[start : start + TABLE_CHUNK]:
            cells = list(row[:width]) + [""] * (width - len(row))
            data.append([_cell_content(text, room[n], size) for n, text in enumerate(cells)])
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(style)
        tables.append(table)
    return tables


def _cell_content(text: str, room: float, size: float) -> object:
    # A name in another script (or right to left) needs the full layout; the rest stays a
    # cheap string.
    if needs_layout(text):
        return ScriptParagraph(text, styles()["cell"])
    return _cell(text, room, size)


@lru_cache(maxsize=4096)  # registers repeat cabinets, recipients and statuses row after row
def _cell(text: str, room: float, size: float) -> str:
    # Plain strings wrapped here are far cheaper than Paragraphs (a 10,000-row register has
    # 70,000 cells); a word too long for its column is cut into pieces that fit.
    lines: list[str] = []
    for line in text.split("\n"):
        for piece in simpleSplit(line, REGULAR, size, room) or [""]:
            while stringWidth(piece, REGULAR, size) > room and len(piece) > 1:
                cut = len(piece) - 1
                while cut > 1 and stringWidth(piece[:cut], REGULAR, size) > room:
                    cut -= 1
                lines.append(piece[:cut])
                piece = piece[cut:]
            lines.append(piece)
    return "\n".join(lines)


def _key_values(block: KeyValues) -> Flowable:
    st = styles()
    data = [[paragraph(k, st["label"]), paragraph(v, st["value"])] for k, v in block.pairs]
    table = LongTable(data, colWidths=[FRAME_WIDTH * 0.32, FRAME_WIDTH * 0.68])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _chart(block: Chart) -> Flowable:
    """The chart (ReportLab graphics, vector) with its table beside it, kept together."""
    from mash_desktop.printing.charts import chart_drawing

    st = styles()
    chart_width = FRAME_WIDTH * 0.56
    figures = LongTable(
        [[paragraph("", st["head"]), paragraph(block.value_header, st["head"])]]
        + [
            [paragraph(label, st["cell"]), paragraph(str(value), st["cell"])]
            for label, value in block.rows
        ],
        colWidths=[FRAME_WIDTH * 0.32, FRAME_WIDTH * 0.1],
    )
    figures.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.black),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    pair = LongTable(
        [[chart_drawing(block, chart_width - 8), figures]],
        colWidths=[chart_width, FRAME_WIDTH - chart_width],
    )
    pair.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return KeepTogether([paragraph(block.title, st["h2"]), pair])


def _block(block: Block) -> list[Flowable]:
    st = styles()
    if isinstance(block, Heading):
        style = st["h1"] if block.level <= 1 else st["h2"]
        return [paragraph(block.text, style)]
    if isinstance(block, Paragraph):
        return [paragraph(block.text, st["body"], rtl_right=True), Spacer(1, 4)]
    if isinstance(block, KeyValues):
        return [_key_values(block), Spacer(1, 4)]
    if isinstance(block, Table):
        return [*_table(block), Spacer(1, 4)]
    if isinstance(block, Chart):
        return [_chart(block), Spacer(1, 6)]
    if isinstance(block, Redacted):
        from mash_desktop.printing.redaction import RedactedText

        return [RedactedText(block.pieces, st["body"]), Spacer(1, 4)]
    raise TypeError(f"unknown block {type(block).__name__}")


def build_story(document: PrintableDocument) -> list[Flowable]:
    """The flowables of one copy's body: title, what it is about, then the blocks."""
    st = styles()
    about = "About: " + (
        document.about or f"{object_type_words(document.object_type)} {document.object_id}"
    )
    if document.source_agencies:
        names = document.source_agency_names or document.source_agencies
        about += f"   Information from: {', '.join(names)}"
    story: list[Flowable] = [
        KeepTogether(
            [
                paragraph(document.title, st["title"]),
                paragraph(about, st["subtitle"]),
                Spacer(1, 6),
            ]
        )
    ]
    blocks = document.blocks
    n = 0
    while n < len(blocks):
        flowables = _block(blocks[n])
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if isinstance(blocks[n], Heading) and following is not None and _small(following):
            # Keep a heading on the same page as (the start of) what it heads.
            after = _block(following)
            story.append(KeepTogether(flowables + after[:1]))
            story.extend(after[1:])
            n += 2
            continue
        story.extend(flowables)
        n += 1
    return story


def _small(block: Block) -> bool:
    return (
        not isinstance(block, Table | KeyValues)
        or len(block.rows if isinstance(block, Table) else block.pairs) <= 15
    )
