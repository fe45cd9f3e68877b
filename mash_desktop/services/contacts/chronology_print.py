"""A child's chronology as a printable document (RQ-8), printed only as controlled copies
(SEC-5): the copy register asks ``require_chronology_view`` who may print it."""

from __future__ import annotations

from mash_desktop.domain.clock import format_london
from mash_desktop.printing.document import (
    Block,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.services.contacts.chronology import CHRONOLOGY_OBJECT, Chronology


def chronology_document(c: Chronology, printed_for: str) -> PrintableDocument:
    """Every entry the viewer may see, newest first, with who and when."""
    pairs = [
        ("Child", c.child_name),
        ("Date of birth", c.child_dob.strftime("%d/%m/%Y") if c.child_dob else "Not known"),
        ("Contacts", ", ".join(c.contact_references)),
        ("Children's Social Care", c.open_case or "No open case recorded"),
        (
            "Shown as",
            f"{printed_for} may see it (research not shared with their agency is left out)",
        ),
    ]
    blocks: list[Block] = [KeyValues(tuple(pairs))]
    if c.withheld_discussions:
        blocks.append(
            Paragraph(
                f"{c.withheld_discussions} strategy discussion(s) are listed without details: "
                "only the agencies involved can see them."
            )
        )
    blocks.append(
        Table(
            ("When", "What", "Contact", "Details", "Who"),
            tuple(
                (format_london(e.when), e.what, e.contact_reference, e.detail, e.who or "-")
                for e in c.entries
            ),
            widths=(1.3, 1.6, 2.0, 4.2, 1.4),
        )
    )
    return PrintableDocument(
        kind="chronology",
        title=f"Chronology of {c.child_name}",
        object_type=CHRONOLOGY_OBJECT,
        object_id=str(c.subject_id),
        blocks=tuple(blocks),
        about=f"Chronology of {c.child_name}",
    )
