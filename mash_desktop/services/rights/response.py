"""The response to a subject access request (ISP-7): a controlled copy (SEC-5) with what is
disclosed, parts blacked out for real, withheld items listed by exemption (never by content)
and the partners that hold more ("ask them", ISP-5.7.2). Printed through the copy register
like every document; the request counts as answered when its response goes to print."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.subject_access import Exemption, ItemDecision, redacted_pieces
from mash_desktop.printing.document import (
    Block,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Redacted,
    Table,
)
from mash_desktop.services.audit import record
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.rights.common import SAR_OBJECT, load_request
from mash_desktop.services.rights.subject_access import elsewhere_rows
from mash_desktop.store.models import (
    Agency,
    SubjectAccessItem,
    SubjectAccessRedaction,
    SubjectAccessRequest,
)


def response_blocks(session: Session, request: SubjectAccessRequest) -> list[Block]:
    """The response's content; refuses while an item is not yet reviewed."""
    items = list(
        session.scalars(
            select(SubjectAccessItem)
            .where(SubjectAccessItem.request_id == request.id)
            .order_by(SubjectAccessItem.position)
        )
    )
    pending = sum(i.decision == ItemDecision.PENDING.value for i in items)
    if pending:
        raise ValidationError(
            f"{pending} item(s) are not yet reviewed: disclose, withhold or black out parts of "
            "each before producing the response.",
            {"items": "Not all reviewed."},
        )
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for r in session.scalars(
        select(SubjectAccessRedaction).where(
            SubjectAccessRedaction.item_id.in_([i.id for i in items])
        )
    ):
        spans.setdefault(r.item_id, []).append((r.start, r.end, r.exemption))
    partner = session.get(Agency, request.agency_id)
    received = request.received_on.strftime("%d/%m/%Y")
    blocks: list[Block] = [
        KeyValues(
            (
                ("Request", request.reference),
                ("About", request.person_name),
                ("Asked for by", request.requester),
                ("Received", received),
                ("Answered by", partner.name if partner else ""),
            )
        ),
        Paragraph(
            "This is the information that our organisation contributed to the Multi-Agency "
            "Safeguarding Hub (MASH) about you. Black boxes stand where parts were removed; "
            "the end of this response says under which exemptions, and lists items withheld "
            "whole by exemption."
        ),
        Heading("Information we hold about you"),
    ]
    withheld: Counter[str] = Counter()
    parts: Counter[str] = Counter()
    disclosed = 0
    for item in items:
        if item.decision == ItemDecision.WITHHOLD.value:
            withheld[Exemption(item.exemption or Exemption.CRIME.value).label] += 1
            continue
        disclosed += 1
        blocks.append(Heading(item.label, level=2))
        item_spans = spans.get(item.id, [])
        if item.decision == ItemDecision.REDACT.value and item_spans:
            for _s, _e, exemption in item_spans:
                parts[Exemption(exemption).label] += 1
            blocks.append(Redacted(redacted_pieces(item.text, [(s, e) for s, e, _x in item_spans])))
        else:
            blocks.append(Paragraph(item.text))
    if not disclosed:
        blocks.append(Paragraph("No information is disclosed in this response."))
    blocks.append(Heading("What was not disclosed, and why"))
    rows = [(label, str(n), "") for label, n in sorted(withheld.items())]
    rows += [(label, "", str(n)) for label, n in sorted(parts.items())]
    blocks.append(
        Table(("Exemption", "Items withheld whole", "Parts blacked out"), tuple(rows), (5, 2, 2))
        if rows
        else Paragraph("Nothing was withheld.")
    )
    elsewhere = elsewhere_rows(session, request.elsewhere)
    blocks.append(Heading("Other organisations in the MASH"))
    if elsewhere:
        names = ", ".join(name for name, _what in elsewhere)
        blocks.append(
            Paragraph(
                f"Other partners of the MASH also hold information about you that they "
                f"contributed: {names}. We cannot disclose it; ask them directly."
            )
        )
    else:
        blocks.append(Paragraph("No other partner of the MASH contributed information about you."))
    return blocks


class SubjectAccessResponse:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def document(self, actor: Actor, request_id: int) -> PrintableDocument:
        """The response, ready to print as a controlled copy (audited)."""
        with self.ctx.store.transaction() as s:
            request, _user = load_request(s, actor, request_id, "produce a subject access response")
            blocks = response_blocks(s, request)
            record(
                s,
                self.ctx,
                actor,
                "subject_access.response",
                SAR_OBJECT,
                request.id,
                {"reference": request.reference, "count": len(blocks)},
            )
            return PrintableDocument(
                kind="subject_access_response",
                title=f"Subject access response {request.reference}",
                object_type=SAR_OBJECT,
                object_id=str(request.id),
                blocks=tuple(blocks),
                about=f"Subject access request {request.reference}",
            )


def require_sar_view(session: Session, actor: Actor, object_id: str) -> None:
    """Print permission (SEC-5): only the answering partner's information governance users."""
    load_request(session, actor, int(object_id) if object_id.isdigit() else 0, "print it")
