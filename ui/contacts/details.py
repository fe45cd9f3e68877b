"""The contact's details as rich text for the contact view (RQ-1)."""

from __future__ import annotations

import html

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import Channel, ContactStatus, Outcome
from mash_desktop.services.contacts.rows import ContactDetail


def details_html(d: ContactDetail) -> str:
    e = html.escape
    channel = Channel(d.channel).label if d.channel in {c.value for c in Channel} else d.channel
    rows = [
        ("Referrer", f"{d.referrer_name} ({d.referrer_agency_name or d.referrer_agency_code})"),
        ("Contact details", d.referrer_contact),
        ("Channel", channel),
        ("Received", format_london(d.received_at)),
        ("Consent", "Yes" if d.consent_obtained else f"No: {d.consent_reason}"),
        ("Child in hospital", "Yes" if d.child_in_hospital else "No"),
    ]
    if d.outcome:
        rows.append(
            (
                "Outcome",
                f"{Outcome(d.outcome).label} by {d.outcome_by}, {format_london(d.outcome_at)}: {d.outcome_rationale}",
            )
        )
    elif d.status == ContactStatus.ROUTED.value:
        rows.append(
            ("Routed", f"by {d.outcome_by}, {format_london(d.outcome_at)}: {d.outcome_rationale}")
        )
    table = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows)
    # Each item is an English sentence holding a name: left to right even when the name is
    # Arabic or Hebrew (Qt would otherwise take the item's direction from the name).
    kids = "".join(
        f"<li dir='ltr'>{e(c.full_name)}, born {c.dob.strftime('%d/%m/%Y') if c.dob else 'not known'}"
        f"{', NHS ' + e(c.nhs_number) if c.nhs_number else ''}; {e(c.address)} {e(c.postcode)}"
        f"{'; school: ' + e(c.school) if c.school else ''}"
        f"{'; ' + e(c.other_identifiers) if c.other_identifiers else ''}</li>"
        for c in d.children
    )
    household = "".join(
        f"<li dir='ltr'>{e(p.full_name)} ({e(p.relationship_to_child or 'household')})</li>"
        for p in d.household
    )
    return (
        f"<table cellspacing='4'>{table}</table>"
        f"<h4>Children</h4><ul>{kids}</ul>"
        + (f"<h4>Household</h4><ul>{household}</ul>" if household else "")
        + f"<h4>Concern</h4><p>{e(d.concern)}</p>"
        + (f"<h4>Call notes</h4><p>{e(d.call_notes)}</p>" if d.call_notes else "")
    )
