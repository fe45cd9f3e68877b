"""The copy register itself as a printable document (SEC-5): every copy, where it is now."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.printing.document import Heading, KeyValues, Paragraph, PrintableDocument, Table
from mash_desktop.services.copies.rows import CopyRow

HEADER = (
    "Reference (copy)",
    "Document",
    "Recipient",
    "Cabinet",
    "Status",
    "Holder / due back",
    "Printed (UK time)",
)


def register_document(rows: Sequence[CopyRow], scope: str, at: datetime) -> PrintableDocument:
    """A register report over ``rows`` (already filtered and audited by the service)."""
    counts = Counter(r.status for r in rows)
    overdue = sum(1 for r in rows if r.overdue)
    summary = [("Scope", scope), ("As at (UK time)", format_london(at)), ("Copies", str(len(rows)))]
    summary += [(s.label, str(counts[s])) for s in CopyStatus if counts[s]]
    if overdue:
        summary.append(("Overdue returns", str(overdue)))
    table_rows = tuple(
        (
            f"{r.reference}\n({r.copy_number} of {r.copy_count})",
            r.title,
            r.recipient,
            r.cabinet,
            r.status_text,
            f"{r.holder}, due {format_london(r.due_back_at)}" if r.holder else "",
            format_london(r.printed_at).replace(" ", "\n"),
        )
        for r in rows
    )
    return PrintableDocument(
        kind="copy_register",
        title="Copy register",
        object_type="copy_register",
        object_id=scope[:80],
        blocks=(
            Heading("Summary"),
            KeyValues(tuple(summary)),
            Paragraph(
                "Every controlled paper copy made in the MASH, newest first. Paper never leaves "
                "the MASH secure environment (Information Security Protocol 2.2.1)."
            ),
            Heading("Copies"),
            Table(HEADER, table_rows, widths=(44, 30, 20, 20, 18, 20, 24)),
        ),
    )
