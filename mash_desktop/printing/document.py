"""What a service hands to printing: a plain description of a document, no ReportLab.

Services that own content (contacts, strategy discussions, the intelligence package) build a
``PrintableDocument`` after checking the actor may view it (and auditing that view); the
printing package turns it into controlled copies. Blocks are plain data so they can be tested
and compared without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class KeyValues:
    """A two-column list of labelled values (e.g. 'Received: 24/11/2026 09:30')."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Optional relative column widths; without them widths follow the typical text length.
    widths: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Chart:
    """A bar chart with its figures in a table beside it (GOV-1: a Board looks, then reads)."""

    title: str
    rows: tuple[tuple[str, int], ...]
    warn: tuple[str, ...] = ()  # labels whose bar is drawn in dark red (late, overdue)
    value_header: str = "Number"


@dataclass(frozen=True)
class Redacted:
    """Text with parts blacked out (ISP-7): visible pieces (str) and, for each removed part,
    only its length in characters (int). The removed words are never in the document."""

    pieces: tuple[str | int, ...]


Block = Heading | Paragraph | KeyValues | Table | Chart | Redacted


@dataclass(frozen=True)
class PrintableDocument:
    kind: str  # e.g. "contact_summary", "strategy_record", "intelligence_package", "copy_register"
    title: str
    object_type: str  # what the document is about, for the register and the audit trail
    object_id: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    # ISP-5: agencies whose information is in the document (the register records them).
    source_agencies: tuple[str, ...] = ()
    # The same agencies by name, as printed on every page ("Information from: ..."), never codes.
    source_agency_names: tuple[str, ...] = ()
    # What it is about in a reader's words ("Contact C-2026-0042"); never the internal id.
    about: str = ""


@dataclass(frozen=True)
class CopyStamp:
    """What marks one controlled copy on every page (SEC-5): taken from the copy register."""

    reference: str  # e.g. MASH-C-2026-000123-K, printed as text and as a QR code
    copy_number: int
    copy_count: int
    printed_by: str  # full name and user name
    printed_at: datetime  # aware; shown in UK time
    recipient: str = ""
    cabinet: str = ""  # the secure cabinet the copy must be kept in
