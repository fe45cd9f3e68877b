"""Subject access (ISP-7, with ISP-13 corrections) and objection / restriction (ISP-14), over a
real encrypted store on both engines; the response is a real controlled copy (SEC-5) whose
PDF is read back to prove the blacked-out words are not in it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.subject_access import (
    Exemption,
    ItemDecision,
    ItemKind,
    RightKind,
    add_calendar_months,
    sar_due,
)
from mash_desktop.printing.render import render_pdf
from mash_desktop.services.contacts.queue import ANY, QueueFilter, QueueService
from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
from mash_desktop.services.copies.tracking import CopyTracking
from mash_desktop.services.governance.board import BoardService
from mash_desktop.services.research.corrections import SharedItemService
from mash_desktop.services.rights.person import PersonRightsService, contact_markers
from mash_desktop.services.rights.response import SubjectAccessResponse
from mash_desktop.services.rights.review import SubjectAccessReview
from mash_desktop.services.rights.subject_access import SubjectAccessService
from mash_desktop.store.models import AuditEntry
from tests.helpers.printing import add_cabinets
from tests.helpers.subject_access import (
    HEALTH_TEXT,
    POLICE_TEXT,
    SECRET,
    make_world,
    pdf_haystack,
)

RECEIVED = date(2026, 11, 24)


@pytest.fixture
def world(ctx, admin):
    return make_world(ctx, admin)


def test_isp7_statutory_clock_is_a_calendar_month_extendable_by_two():
    # REQ: ISP-7
    assert add_calendar_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_calendar_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert sar_due(date(2026, 11, 24)) == date(2026, 12, 24)
    # 28 February 2026 is a Saturday: due the Monday after.
    assert sar_due(date(2026, 1, 31)) == date(2026, 3, 2)
    # Christmas and the substitute Boxing Day (Monday 28/12/2026) are not working days.
    assert sar_due(date(2026, 11, 25)) == date(2026, 12, 29)
    assert sar_due(date(2026, 11, 24), extended=True) == date(2027, 2, 24)


def test_isp7_gathers_only_the_partners_own_contributions(ctx, world):
    """ISP-7: police answers from what police contributed, on both of the child's records;
    health's research and the school's contact are named by partner only: "ask them"."""
    service = SubjectAccessService(ctx)
    [found] = [
        p for p in service.find_people(world.police_ig, "Rowen Ashcomb") if p.contact_reference
    ][:1]
    assert found.name == "Rowan Ashcombe"
    request_id = service.open_request(world.police_ig, found.subject_id, "Rowan's father", RECEIVED)
    detail = service.detail(world.police_ig, request_id)
    assert detail.row.due_on == date(2026, 12, 24)
    assert detail.row.reference.startswith("SAR-2026-")
    kinds = [i.kind for i in detail.items]
    assert kinds.count(ItemKind.CONTACT) == 1  # the police referral, not the school's
    assert ItemKind.RESEARCH in kinds and ItemKind.DISCLOSURE in kinds
    texts = "\n".join(i.text for i in detail.items)
    assert POLICE_TEXT in texts
    assert HEALTH_TEXT not in texts and "arrived hungry" not in texts
    partners = dict(detail.elsewhere)
    assert set(partners) >= {"Health (CCG and NHS trusts)", "Education"}
    assert "research item" in partners["Health (CCG and NHS trusts)"]
    assert len(detail.records) == 2  # the same NHS number on the school's contact
    # Each partner answers its own: the health officer cannot see police's request, and a
    # desk officer cannot open one.
    with pytest.raises(NotFound):
        service.detail(world.health_ig, request_id)
    with pytest.raises(PermissionDenied):
        service.open_request(world.police_desk, found.subject_id, "", RECEIVED)


def test_isp7_extension_needs_a_reason_and_moves_the_clock_once(ctx, world):
    # REQ: ISP-7
    service = SubjectAccessService(ctx)
    request_id = service.open_request(world.police_ig, world.child_id, "", RECEIVED)
    with pytest.raises(ValidationError):
        service.extend(world.police_ig, request_id, "busy")
    due = service.extend(world.police_ig, request_id, "Complex: several linked records to review")
    assert due == date(2027, 2, 24)
    assert service.list_requests(world.police_ig)[0].extended
    with pytest.raises(ValidationError, match="once"):
        service.extend(world.police_ig, request_id, "Another reason that is long enough")


def test_isp13_a_corrected_item_comes_with_its_earlier_text(ctx, world):
    # REQ: ISP-13
    SharedItemService(ctx).amend(
        world.police_desk, world.police_item, "PNC check: no trace.", "Wrong child's record read"
    )
    service = SubjectAccessService(ctx)
    detail = service.detail(
        world.police_ig, service.open_request(world.police_ig, world.child_id, "", RECEIVED)
    )
    current = next(i for i in detail.items if i.kind is ItemKind.RESEARCH)
    earlier = next(i for i in detail.items if i.kind is ItemKind.RESEARCH_EARLIER)
    assert current.text == "PNC check: no trace." and "corrected" in current.label
    assert earlier.text == POLICE_TEXT and "Wrong child's record read" in earlier.label


def test_isp7_redacted_response_is_a_controlled_copy_without_the_words(ctx, admin, world):
    """ISP-7: withhold by exemption, black out a third party's name; the PDF holds neither
    the withheld text nor the blacked-out words (text, streams, metadata); the copy is in
    the register, the request answered, every step audited without the words."""
    service, review = SubjectAccessService(ctx), SubjectAccessReview(ctx)
    ig = world.police_ig
    request_id = service.open_request(ig, world.child_id, "Rowan's father", RECEIVED)
    items = service.detail(ig, request_id).items
    research = next(i for i in items if i.kind is ItemKind.RESEARCH)
    disclosure = next(i for i in items if i.kind is ItemKind.DISCLOSURE)
    responder = SubjectAccessResponse(ctx)
    with pytest.raises(ValidationError, match="not yet reviewed"):
        responder.document(ig, request_id)
    start = research.text.index(SECRET)
    review.redact(ig, research.id, start - 1, start + len(SECRET) + 1, Exemption.THIRD_PARTY)
    with pytest.raises(ValidationError):
        review.decide(ig, disclosure.id, ItemDecision.WITHHOLD)
    review.decide(ig, disclosure.id, ItemDecision.WITHHOLD, Exemption.CRIME)
    for item in items:
        if item.id not in (research.id, disclosure.id):
            review.decide(ig, item.id, ItemDecision.DISCLOSE)
    [span] = next(i for i in service.detail(ig, request_id).items if i.id == research.id).redactions
    assert research.text[span.start : span.end] == SECRET  # trimmed of the spaces selected
    document = responder.document(ig, request_id)
    cabinet = add_cabinets(ctx, admin)[0]
    job = CopyRegisterService(ctx).register_print(
        ig, document, [CopyRequest("Rowan's father (by recorded delivery)", cabinet.id)]
    )
    pdf = render_pdf(document, job.stamps()[0])
    CopyTracking(ctx).mark_sent(ig, job.id, 2, "MASH-Office", None)
    haystack = pdf_haystack(pdf)
    assert "present at 4 Gull Lane" in haystack  # the search sees visible text...
    assert "Verity" not in haystack and "Stonecrop" not in haystack  # ...and not the removed
    assert "Disclosed to" not in haystack  # the withheld disclosure entry
    assert "Prevention or detection of crime" in haystack  # listed by exemption
    assert "Information about another person (third-party data)" in haystack
    assert "Health (CCG and NHS trusts)" in haystack and "ask them directly" in haystack
    assert job.copies[0].reference in haystack
    [row] = service.list_requests(ig)
    assert row.responded_on == RECEIVED and row.clock_text.startswith("Met")
    with pytest.raises(ValidationError, match="closed"):
        review.decide(ig, research.id, ItemDecision.DISCLOSE)
    with ctx.store.read() as s:
        entries = s.execute(
            select(AuditEntry.action, AuditEntry.details).where(AuditEntry.actor == "ig.police")
        ).all()
    assert {
        "subject_access.open",
        "subject_access.redact",
        "subject_access.item_decide",
        "subject_access.response",
        "print.register",
    } <= {action for action, _details in entries}
    assert all("Stonecrop" not in details for _action, details in entries)
    figures = BoardService(ctx).figures(admin, date(2026, 1, 1), date(2026, 12, 31))
    section = next(s for s in figures.sections if s.title == "Subject access requests")
    assert dict(section.charts[0].rows)["On time"] == 1
    assert ("Requests received in the period", "1") in section.facts


def test_isp14_objection_and_restriction_show_wherever_the_person_appears(ctx, world):
    # REQ: ISP-14
    rights = PersonRightsService(ctx)
    with pytest.raises(PermissionDenied):
        rights.record_right(
            world.police_desk, world.child_id, RightKind.RESTRICTION, RECEIVED, "Keep only, please"
        )
    with pytest.raises(ValidationError):
        rights.record_right(world.police_ig, world.child_id, RightKind.RESTRICTION, RECEIVED, "")
    right = rights.record_right(
        world.police_ig,
        world.child_id,
        RightKind.RESTRICTION,
        RECEIVED,
        "Keep only, while the accuracy of the police record is checked",
    )
    rights.record_right(
        world.police_ig, world.other_record_id, RightKind.OBJECTION, RECEIVED, "Objects to sharing"
    )
    # Both records are the same person (same NHS number): both contacts carry both marks.
    with ctx.store.read() as s:
        marks = contact_markers(s, [world.contact_police, world.contact_school])
    assert marks == {
        world.contact_police: "RESTRICTED; OBJECTION RECORDED",
        world.contact_school: "RESTRICTED; OBJECTION RECORDED",
    }
    page = QueueService(ctx).page(world.police_desk, QueueFilter(status=ANY))
    assert {r.id: r.rights for r in page.rows if r.id in marks} == marks
    seen = rights.for_subjects(world.police_desk, [world.other_record_id])[world.other_record_id]
    assert {r.kind for r in seen} == {RightKind.RESTRICTION, RightKind.OBJECTION}
    found = SubjectAccessService(ctx).find_people(world.police_ig, "Rowan Ashcombe")
    assert {p.marker for p in found} == {"RESTRICTED; OBJECTION RECORDED"}
    service = SubjectAccessService(ctx)
    request_id = service.open_request(world.police_ig, world.child_id, "", RECEIVED)
    assert service.list_requests(world.police_ig)[0].marker.startswith("RESTRICTED")
    assert len(service.detail(world.police_ig, request_id).rights) == 2
    rights.lift(world.police_ig, right, "Accuracy checked and confirmed with the person")
    with ctx.store.read() as s:
        assert contact_markers(s, [world.contact_police]) == {
            world.contact_police: "OBJECTION RECORDED"
        }
