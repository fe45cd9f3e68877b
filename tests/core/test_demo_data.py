"""The demo fills a new store with synthetic work in every area, through the real services."""

from __future__ import annotations

from mash_desktop.demo import DEMO_PASSWORD, fill_demo_data
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.contacts.queue import QueueService
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.service import StrategyService


def test_demo_fills_queue_research_and_strategy(ctx):
    summary = fill_demo_data(ctx, contacts=40)
    assert "40 contacts" in summary
    assert "2 strategy discussions" in summary
    accounts = AccountService(ctx)
    police = accounts.login("desk.police", DEMO_PASSWORD)
    la_manager = accounts.login("la.manager", DEMO_PASSWORD)
    assert QueueService(ctx).change_token(police) is not None
    assert len(ResearchService(ctx).research_due(police)) == 3
    assert len(StrategyService(ctx).discussions(la_manager)) == 2
    assert len(ActionTrackerService(ctx).actions_due(la_manager)) == 4
    again = fill_demo_data(ctx, contacts=40)  # a second run adds nothing
    assert "0 users and 0 contacts" in again
    assert verify_store(ctx.store).ok
