"""A child's whole story for chronology tests (RQ-8), logged through the real services: Poppy's
earlier contact and its MASH decision, today's contact about her (the same child by an
officer's decision), research by Health (shared) and Police (not shared), an emergency
strategy discussion held and completed, an action agreed, and the assessment outcome with
its conference date. Used by the service tests and the screen tests alike (no Qt here)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mash_desktop.domain.contact_codes import LinkDecision, Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.domain.strategy import AssessmentOutcome
from mash_desktop.services.contacts.matching import MatchingService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.followup import FollowUpService
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.contacts import child, log_contact
from tests.helpers.research import complete_sharing, make_contact, make_hub, subject_ids
from tests.helpers.strategy_fixtures import filled_record

# What each kind of entry is called on screen and on paper, in the order of the story.
STORY_ENTRIES = (
    "Contact received",
    "MASH decision",
    "Research shared by Health",
    "Strategy discussion requested",
    "Strategy discussion held",
    "Strategy discussion outcome",
    "Action agreed",
    "Assessment outcome and conference date",
)


def chronology_story(ctx: Any, admin: Any, make_user: Any, clock: Any) -> dict[str, Any]:
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
