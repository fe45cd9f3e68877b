"""Demo work in progress, made through the real services as the demo users would: agency
research requested and under way, strategy discussions requested with agreed actions.
Synthetic content only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from mash_desktop.domain.contact_codes import ContactStatus
from mash_desktop.domain.sharing import Relevance
from mash_desktop.domain.working_days import london_date
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.service import StrategyService
from mash_desktop.store.models import Agency, Contact


def add_demo_activity(ctx: AppContext, password: str) -> str:
    """Research on three open contacts and two strategy discussions with actions."""
    with ctx.store.transaction() as session:
        poole = session.scalar(select(Agency.id).where(Agency.code == "LA-POOLE"))
        candidates = session.execute(
            select(Contact.id, Contact.la_agency_id)
            .where(Contact.status == ContactStatus.OPEN.value, Contact.csc_case_open.is_(False))
            .order_by(Contact.decision_due_at)
        ).all()
    poole_contacts = [cid for cid, la in candidates if la == poole][:2]
    others = [cid for cid, la in candidates if la != poole][:3]
    if len(poole_contacts) < 2 or len(others) < 3:
        return "no demo activity (too few open contacts)"
    open_contacts = others + poole_contacts
    accounts = AccountService(ctx)
    manager = accounts.login("mash.manager", password)
    police = accounts.login("desk.police", password)
    health = accounts.login("desk.health", password)
    la_manager = accounts.login("la.manager", password)

    research = ResearchService(ctx)
    for contact_id in open_contacts[:3]:
        research.request_research(
            manager, contact_id, ["POLICE", "HEALTH", "EDUCATION", "LA-DORSET"]
        )
    police_due = {row.contact_id: row for row in research.research_due(police)}
    health_due = {row.contact_id: row for row in research.research_due(health)}
    first = open_contacts[0]
    research.save_panel(police, police_due[first].request_id, "PNC; Niche RMS (synthetic)")
    research.add_finding(
        police,
        police_due[first].request_id,
        FindingInput(
            "Two domestic incidents reported at the address this year (synthetic).",
            Relevance.HIGH,
            system="Niche RMS",
        ),
    )
    research.save_panel(health, health_due[first].request_id, "Child health record (synthetic)")
    research.add_finding(
        health,
        health_due[first].request_id,
        FindingInput("Missed two immunisation appointments (synthetic).", Relevance.MEDIUM),
    )
    research.submit(health, health_due[first].request_id)

    strategy = StrategyService(ctx)
    actions = ActionTrackerService(ctx)
    today = london_date(ctx.clock.now())
    for n, contact_id in enumerate(open_contacts[3:5]):
        view = strategy.request(
            la_manager,
            contact_id,
            "Injuries a nursery could not explain; reasonable cause to suspect significant harm "
            "(synthetic).",
            ["EDUCATION"],
        )
        actions.add_action(
            la_manager,
            view.id,
            "Home visit and see the child alone",
            "LA-POOLE",
            "Lou Manager (demo)",
            today + timedelta(days=1 - 3 * n),
        )
        actions.add_action(
            la_manager,
            view.id,
            "Police checks on the household",
            "POLICE",
            "Pat Sergeant (demo)",
            today + timedelta(days=2),
        )
    for actor in (manager, police, health, la_manager):
        accounts.logout(actor)
    return "research on 3 contacts, 2 strategy discussions with 4 actions"
