"""A child's chronology through the real services on both engines (RQ-8, ISP-2, SEC-5):
every contact about the child (here two, the same child by an officer's decision), the MASH
decision, research as the viewer may see it, the strategy discussion, its action and the
conference date, newest first with who and when; printed as controlled copies."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mash_desktop.domain.contact_codes import LinkDecision, Outcome
from mash_desktop.domain.errors import NotFound, PermissionDenied
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.domain.strategy import AssessmentOutcome
from mash_desktop.printing.render import render_copies
from mash_desktop.services.contacts.chronology import ChronologyService
from mash_desktop.services.contacts.matching import MatchingService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.followup import FollowUpService
from mash_desktop.services.strategy.service import StrategyService
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import child, log_contact
from tests.helpers.printing import add_cabinets, pdf_texts
from tests.helpers.research import make_contact, make_hub, subject_ids
from tests.helpers.strategy_fixtures import filled_record


@pytest.fixture
def story(ctx, admin, make_user, clock):
    hub = make_hub(ctx, admin)
    chair = make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    earlier = log_contact(
        ctx,
        child("Poppy", "Quilfeather", date(2019, 3, 4)),
        received_at=clock.now() - timedelta(days=200),
        concern="Poppy missed three weeks of nursery (synthetic).",
    )
    contacts = ContactService(ctx)
    claimed = contacts.claim(hub.manager, earlier.id)
    contacts.decide(hub.manager, earlier.id, claimed.version, Outcome.EARLY_HELP, "Family support.")
    now_id = make_contact(ctx)  # Poppy (and Jasper, and their mother) an hour ago
    poppy = subject_ids(ctx, now_id)[0]
    MatchingService(ctx).decide(hub.police, poppy, earlier.children[0].id, LinkDecision.SAME)
    research = ResearchService(ctx)
    research.request_research(hub.manager, now_id, ["HEALTH", "POLICE"])
    panels = {
        p.agency_code: p.request_id for p in research.contact_research(hub.manager, now_id).panels
    }
    for officer, agency, text in (
        (hub.health, "HEALTH", "Seen at A&E with a burn in May (synthetic)."),
        (hub.police, "POLICE", "Domestic incident at the address in June (synthetic)."),
    ):
        research.save_panel(officer, panels[agency], "Records system")
        item = research.add_finding(
            officer, panels[agency], FindingInput(text, Relevance.HIGH, subject_id=poppy)
        )
        research.submit(officer, panels[agency])
        if agency == "HEALTH":
            from tests.helpers.research import complete_sharing

            research.share(officer, item.id, complete_sharing())
    strategy = StrategyService(ctx)
    d = strategy.request(chair, now_id, "Burn and domestic incident", emergency_no_mash=True)
    strategy.save_record(chair, d.id, filled_record(), d.version)
    strategy.complete(chair, d.id)
    ActionTrackerService(ctx).add_action(
        chair,
        d.id,
        "Home visit with the health visitor",
        "HEALTH",
        "Selina Pike",
        date(2026, 11, 27),
    )
    FollowUpService(ctx).record_outcome(
        chair, d.id, AssessmentOutcome.SUBSTANTIATED_LIKELY, date(2026, 12, 8)
    )
    return {"hub": hub, "chair": chair, "poppy": poppy, "earlier": earlier, "now": now_id}


def test_chronology_shows_the_whole_story_newest_first_with_who_and_when(ctx, story):
    # REQ: RQ-8 RQ-3
    hub = story["hub"]
    chron = ChronologyService(ctx).chronology(story["chair"], story["poppy"])
    whats = [e.what for e in chron.entries]
    assert [e.when for e in chron.entries] == sorted((e.when for e in chron.entries), reverse=True)
    for expected in (
        "Contact received",
        "MASH decision",
        "Research shared by Health",
        "Strategy discussion requested",
        "Strategy discussion held",
        "Strategy discussion outcome",
        "Action agreed",
        "Assessment outcome and conference date",
    ):
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
