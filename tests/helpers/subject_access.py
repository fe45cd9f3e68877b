"""A hub where a child is known to three partners, for the subject access (ISP-7) and
objection / restriction (ISP-14) tests: made through the services, synthetic names only."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from pypdf import PdfReader
from pypdf.generic import StreamObject

from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.contacts import child, log_contact
from tests.helpers.research import add_user, complete_sharing

POLICE_TEXT = (
    "PNC check: Rowan Ashcombe was present at 4 Gull Lane when officers attended a "
    "disturbance reported by the neighbour Verity Stonecrop on 3 May."
)
SECRET = "Verity Stonecrop"  # a third party: blacked out in the response
HEALTH_TEXT = "Health visitor notes: growth on track; missed a hearing appointment."


@dataclass
class SarWorld:
    police_ig: Actor
    health_ig: Actor
    police_desk: Actor
    contact_police: int
    contact_school: int
    child_id: int
    other_record_id: int
    police_item: int


def make_world(ctx: AppContext, admin: Actor) -> SarWorld:
    police_ig = add_user(ctx, admin, "ig.police", Role.MASH_MANAGER, "POLICE", "Ines Gower")
    health_ig = add_user(ctx, admin, "ig.health", Role.MASH_MANAGER, "HEALTH", "Hal Greaves")
    police_desk = add_user(ctx, admin, "desk.police", Role.DESK_OFFICER, "POLICE", "Pat Desk")
    health_desk = add_user(ctx, admin, "desk.health", Role.DESK_OFFICER, "HEALTH", "Hana Desk")
    manager = add_user(ctx, admin, "mgr.la", Role.MASH_MANAGER, "LA-DORSET", "Lou Manager")
    rowan = replace(child("Rowan", "Ashcombe", dob=date(2018, 5, 2), nhs="9434765919"))
    first = log_contact(
        ctx,
        rowan,
        received_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        referrer_agency_code="POLICE",
        referrer_name="PC Quill",
        concern="Officers attended a disturbance at the family home; Rowan was present.",
    )
    second = log_contact(
        ctx,
        rowan,
        received_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        referrer_agency_code="EDUCATION",
        concern="School: Rowan arrived hungry three days running.",
    )
    research = ResearchService(ctx)
    research.request_research(manager, first.id, ["POLICE", "HEALTH"])
    panels = {p.agency_code: p for p in research.contact_research(manager, first.id).panels}
    child_id = first.children[0].id
    items = {}
    for officer, code, text in (
        (police_desk, "POLICE", POLICE_TEXT),
        (health_desk, "HEALTH", HEALTH_TEXT),
    ):
        request_id = panels[code].request_id
        research.save_panel(
            officer, request_id, "Force records" if code == "POLICE" else "SystmOne"
        )
        items[code] = research.add_finding(
            officer, request_id, FindingInput(text, Relevance.HIGH, subject_id=child_id)
        ).id
        research.submit(officer, request_id)
        research.share(officer, items[code], complete_sharing())
    return SarWorld(
        police_ig,
        health_ig,
        police_desk,
        first.id,
        second.id,
        child_id,
        second.children[0].id,
        items["POLICE"],
    )


def pdf_haystack(pdf: bytes) -> str:
    """Everything a reader of the PDF file could get at: each page's text (pypdf, decoding the
    content streams through the fonts' maps), every stream decompressed, and the metadata."""
    reader = PdfReader(io.BytesIO(pdf))
    parts = [page.extract_text() or "" for page in reader.pages]
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if isinstance(obj, StreamObject):
            parts.append(obj.get_data().decode("latin-1"))
    parts.append(repr(dict(reader.metadata or {})))
    parts.append(pdf.decode("latin-1"))
    return "\n".join(parts)
