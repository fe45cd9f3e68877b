"""The strategy discussion record as a PrintableDocument (SD-4: the record that goes to every
agency involved), for the controlled-copies printing to render."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mash_desktop.domain.clock import format_london
from mash_desktop.printing.document import (
    Block,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.services.strategy.actions import ActionRow
from mash_desktop.services.strategy.rows import DiscussionView


def _yes_no(value: bool | None) -> str:
    return "Not decided" if value is None else ("Yes" if value else "No")


def _date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else "-"  # type: ignore[attr-defined]


def record_document(
    view: DiscussionView, actions: Sequence[ActionRow], agencies: Mapping[str, str]
) -> PrintableDocument:
    """Every part of the form, in the order the form shows it; agencies by name (``agencies``
    maps each code to its name), never by code."""

    def name(code: str) -> str:
        return agencies.get(code, code)

    rec = view.record
    blocks: list[Block] = [
        Heading(f"Strategy discussion {view.reference}"),
        KeyValues(
            (
                ("Child", view.child_names),
                ("Contact", view.contact_reference),
                ("Referral received", format_london(view.referral_at)),
                ("Responsible LA", name(view.la_agency_code)),
                ("Status", view.status.label),
                ("Requested by", f"{view.requested_by}, {format_london(view.requested_at)}"),
                ("Following", view.trigger.label),
                ("Held", format_london(rec.held_at) or "Not yet held"),
                ("Mode", rec.mode.label + (" (out of hours)" if view.out_of_hours else "")),
                ("Place", rec.place or "-"),
                ("Chair and recorder", view.chair or "-"),
                ("Agencies invited", ", ".join(name(c) for c in view.invited_agencies)),
                ("Paediatrician needed", _yes_no(view.paediatrician_needed)),
            )
        ),
        Heading("Reason to suspect significant harm", 2),
        Paragraph(view.reason),
    ]
    if view.hospital_note:
        blocks.append(Paragraph(f"Hospital: {view.hospital_note}"))
    blocks.extend(Paragraph(text) for text in view.statements)
    blocks.append(Heading("Attendees", 2))
    blocks.append(
        Table(
            ("Name", "Role", "Agency", "Minimum attendee", "Present"),
            tuple(
                (
                    a.name,
                    a.role_title,
                    name(a.agency_code),
                    a.minimum_role.label if a.minimum_role else "-",
                    "Yes" if a.present else "No",
                )
                for a in view.attendees
            ),
        )
    )
    if view.missing_minimum:
        blocks.append(
            Table(
                ("Minimum attendee missing", "Reason recorded"),
                tuple(
                    (role.label, rec.missing_reasons.get(role, "NO REASON RECORDED"))
                    for role in view.missing_minimum
                ),
            )
        )
    blocks.extend(
        [
            Heading("Decisions", 2),
            KeyValues(
                (
                    ("Information shared", rec.information_shared or "-"),
                    ("Criminal investigation", rec.criminal_investigation or "-"),
                    ("Section 47 enquiries start", _yes_no(rec.s47_started)),
                    ("Further information needed", rec.further_information or "-"),
                    ("Immediate and short-term actions", rec.immediate_actions or "-"),
                    ("Legal action needed", _yes_no(rec.legal_action_needed)),
                    ("Legal action", rec.legal_action or "-"),
                    ("Shared with the child and family", rec.shared_with_family or "-"),
                    ("Outcome (flow chart 4)", rec.outcome.label if rec.outcome else "-"),
                    ("Allocated social worker", rec.allocated_social_worker or "-"),
                    ("Allocated team", rec.allocated_team or "-"),
                    ("Conference due (15 working days)", _date(view.icpc_due)),
                    ("Assessment decision due (45 working days)", _date(view.assessment_due)),
                )
            ),
            Heading("Actions", 2),
            Table(
                ("Action", "Agency", "Person", "Due", "Status"),
                tuple(
                    (
                        a.description,
                        name(a.owner_agency_code),
                        a.owner_person,
                        _date(a.due_on),
                        a.status.label,
                    )
                    for a in actions
                ),
            ),
        ]
    )
    sources = {view.la_agency_code, *(a.agency_code for a in view.attendees if a.present)}
    return PrintableDocument(
        kind="strategy_record",
        title=f"Strategy discussion record {view.reference}",
        object_type="strategy_discussion",
        object_id=str(view.id),
        about=f"Strategy discussion {view.reference}",
        blocks=tuple(blocks),
        source_agencies=tuple(sorted(sources)),
        source_agency_names=tuple(name(c) for c in sorted(sources)),
    )


__all__ = ["record_document"]
