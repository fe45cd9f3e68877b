"""The contact summary as a printable document (RQ-1 content, printed under SEC-5).

Viewing a contact is audited before the document is returned; the same check decides who
may print it (printing needs the right to view the content).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import Channel, ContactStatus, Outcome
from mash_desktop.domain.errors import NotFound
from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.printing.document import (
    Block,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Agency, Contact

# The same people the contact service lets see a contact (auditors and administrators do not).
CONTACT_VIEWERS = CASEWORKERS


def require_contact_view(session: Session, actor: Actor, contact_id: str) -> Contact:
    """Refuse unless ``actor`` may see this contact; returns it."""
    require_role(session, actor, CONTACT_VIEWERS, "view contacts")
    try:
        key = int(contact_id)
    except (TypeError, ValueError):
        raise NotFound("No such contact.") from None
    contact = session.get(Contact, key)
    if contact is None:
        raise NotFound("No such contact.")
    return contact


def _label(codes: type[StrEnum], value: str) -> str:
    """A code's label; an unknown code (newer data) is shown as stored."""
    try:
        return str(codes(value).label)  # type: ignore[attr-defined]
    except ValueError:
        return value


class ContactDocumentService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def contact_summary_by_reference(self, actor: Actor, reference: str) -> PrintableDocument:
        """The summary of the contact with this reference (e.g. typed in the print dialog)."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, CONTACT_VIEWERS, "view contacts")
            contact_id = session.scalar(
                select(Contact.id).where(Contact.reference == reference.strip().upper())
            )
        if contact_id is None:
            raise NotFound(f"No contact {reference.strip().upper()}.")
        return self.contact_summary(actor, contact_id)

    def contact_summary(self, actor: Actor, contact_id: int) -> PrintableDocument:
        """The contact and the people on it, for a controlled paper copy."""
        with self.ctx.store.transaction() as session:
            contact = require_contact_view(session, actor, str(contact_id))
            agencies = {a.id: a for a in session.scalars(select(Agency))}
            referrer = agencies.get(contact.referrer_agency_id or -1)
            la = agencies.get(contact.la_agency_id or -1)
            consent = "Yes" if contact.consent_obtained else "No"
            pairs = [
                ("Contact reference", contact.reference),
                ("Received (UK time)", format_london(contact.received_at)),
                ("Channel", _label(Channel, contact.channel)),
                ("Referring agency", referrer.name if referrer else "Not recorded"),
                ("Referrer", contact.referrer_name or "Not recorded"),
                ("Local authority", la.name if la else "Not recorded"),
                ("Priority (RAG)", contact.rag.upper()),  # in words: never colour alone
                ("Decision due (UK time)", format_london(contact.decision_due_at)),
                ("Status", _label(ContactStatus, contact.status)),
                ("Consent obtained", consent),
            ]
            if not contact.consent_obtained:
                pairs.append(("Why no consent", contact.consent_reason or "Not recorded"))
            if contact.outcome:
                pairs.append(("Outcome", _label(Outcome, contact.outcome)))
            children = [s for s in contact.subjects if s.is_child]
            others = [s for s in contact.subjects if not s.is_child]
            blocks: list[Block] = [
                Heading("Contact"),
                KeyValues(tuple(pairs)),
                Heading("Children"),
                Table(
                    ("Name", "Date of birth", "Gender", "Address", "NHS number", "School"),
                    tuple(
                        (
                            f"{s.first_name} {s.last_name}",
                            s.dob.strftime("%d/%m/%Y") if s.dob else "",
                            s.gender,
                            f"{s.address} {s.postcode}".strip(),
                            s.nhs_number or "",
                            s.school,
                        )
                        for s in children
                    ),
                ),
            ]
            if others:
                blocks += [
                    Heading("Other people"),
                    Table(
                        ("Name", "Relationship to child", "Date of birth", "Address"),
                        tuple(
                            (
                                f"{s.first_name} {s.last_name}",
                                s.relationship_to_child,
                                s.dob.strftime("%d/%m/%Y") if s.dob else "",
                                f"{s.address} {s.postcode}".strip(),
                            )
                            for s in others
                        ),
                    ),
                ]
            blocks += [Heading("Concern"), Paragraph(contact.concern or "Not recorded")]
            if contact.rag_reason:
                blocks += [Heading("Why this priority", 2), Paragraph(contact.rag_reason)]
            sources = tuple(a.code for a in (referrer,) if a is not None)
            record(
                session,
                self.ctx,
                actor,
                "contact.view",
                "contact",
                contact.id,
                {"purpose": "contact summary document"},
            )
            return PrintableDocument(
                kind="contact_summary",
                title=f"Contact summary {contact.reference}",
                object_type="contact",
                object_id=str(contact.id),
                about=f"Contact {contact.reference}",
                blocks=tuple(blocks),
                source_agencies=sources,
                source_agency_names=tuple(a.name for a in (referrer,) if a is not None),
            )
