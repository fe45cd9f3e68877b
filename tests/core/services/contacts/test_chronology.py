"""A child's chronology through the real services on both engines (RQ-8, ISP-2, SEC-5):
every contact about the child (here two, the same child by an officer's decision), the MASH
decision, research as the viewer may see it, the strategy discussion, its action and the
conference date, newest first with who and when; printed as controlled copies."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import NotFound, PermissionDenied
from mash_desktop.domain.roles import Role
from mash_desktop.printing.render import render_copies
from mash_desktop.services.contacts.chronology import ChronologyService
from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
from mash_desktop.store.models import AuditEntry
from tests.helpers.chronology_story import STORY_ENTRIES, chronology_story
from tests.helpers.printing import add_cabinets, pdf_texts


@pytest.fixture
def story(ctx, admin, make_user, clock):
    return chronology_story(ctx, admin, make_user, clock)


def test_chronology_shows_the_whole_story_newest_first_with_who_and_when(ctx, story):
    # REQ: RQ-8 RQ-3
    hub = story["hub"]
    chron = ChronologyService(ctx).chronology(story["chair"], story["poppy"])
    whats = [e.what for e in chron.entries]
    assert [e.when for e in chron.entries] == sorted((e.when for e in chron.entries), reverse=True)
    for expected in STORY_ENTRIES:
        assert expected in " | ".join(whats), expected
    assert whats.count("Contact received") == 2  # both contacts: same child by decision
    decision = next(e for e in chron.entries if e.what == "MASH decision")
    assert decision.detail == "Early help: Family support."
    assert (
        decision.who == "Imogen Lane" and decision.contact_reference == story["earlier"].reference
    )
    conference = next(e for e in chron.entries if e.what.startswith("Assessment outcome"))
    assert "conference on 08/12/2026" in conference.detail and conference.who == "Tom Harrowgate"
    assert chron.entries[-1].what == "Contact received"  # the oldest: 200 days ago
    del hub


def test_research_is_shown_only_as_the_viewer_may_see_it(ctx, story):
    # REQ: ISP-2 RQ-8
    hub = story["hub"]
    service = ChronologyService(ctx)

    def research(actor):
        return [
            e for e in service.chronology(actor, story["poppy"]).entries if "Research" in e.what
        ]

    education = research(hub.education)
    assert [e.what.split(" (")[0] for e in education] == ["Research shared by Health"]
    assert "Domestic incident" not in json.dumps([e.detail for e in education])
    police = " | ".join(e.what for e in research(hub.police))
    assert "Police (not shared)" in police  # its own, not yet shared
    assert "Research shared by Health" in police


def test_a_discussion_the_viewer_is_not_involved_in_shows_no_details(ctx, story, make_user):
    # REQ: ISP-2 RQ-8
    housing = make_user("desk.housing", Role.DESK_OFFICER, "HOUSING", "Hal Housing")
    chron = ChronologyService(ctx).chronology(housing, story["poppy"])
    assert chron.withheld_discussions == 1
    [line] = [e for e in chron.entries if e.what.startswith("Strategy")]
    assert line.detail == "Held or requested; only the agencies involved can see it."
    assert not any(e.what == "Action agreed" for e in chron.entries)


def test_viewing_is_audited_and_only_for_caseworkers(ctx, story, make_user):
    # REQ: RQ-8 SEC-3
    service = ChronologyService(ctx)
    service.chronology(story["hub"].education, story["poppy"])
    with ctx.store.transaction() as s:
        [(details,)] = s.execute(
            select(AuditEntry.details).where(AuditEntry.action == "person.chronology_view")
        ).all()
    shown = json.loads(details)
    assert sorted(shown["contacts"]) == sorted([story["earlier"].id, story["now"]])
    assert len(shown["findings"]) == 1 and len(shown["discussions"]) == 1
    auditor = make_user("aud.one", Role.AUDITOR, "POLICE")
    with pytest.raises(PermissionDenied):
        service.chronology(auditor, story["poppy"])
    with pytest.raises(NotFound):
        service.chronology(story["hub"].education, 999_999)


def test_chronology_prints_as_numbered_controlled_copies(ctx, admin, story):
    # REQ: RQ-8 SEC-5 ISP-2
    cab1, _cab2 = add_cabinets(ctx, admin)
    education = story["hub"].education
    doc = ChronologyService(ctx).printable(education, story["poppy"])
    job = CopyRegisterService(ctx).register_print(
        education, doc, [CopyRequest("Owen Marsh", cab1.id), CopyRequest("Case file", cab1.id)]
    )
    pdf = render_copies(doc, job.stamps())
    if folder := os.environ.get("MASH_SCREENSHOTS"):  # for a person to look at
        Path(folder, "chronology.pdf").write_bytes(pdf)
    texts = pdf_texts(pdf)
    joined = " ".join("\n".join(texts).split())  # table cells wrap
    assert "Chronology of Poppy Quillfeather" in joined
    assert "Research shared by Health" in joined and "Domestic incident" not in joined
    for copy in job.copies:
        assert any(copy.reference in t for t in texts)
    assert all("OFFICIAL-SENSITIVE" in t for t in texts)
