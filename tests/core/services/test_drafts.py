"""SEC-9: drafts of any form kept in the store (local and hub), one user's own."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.drafts import DraftService


# REQ: SEC-9
def test_a_draft_is_kept_read_back_by_its_author_only_and_discarded(ctx, make_user):
    chair = make_user("la.chair", Role.LA_MANAGER, "LA-DORSET", "Lee Chair")
    other = make_user("la.other", Role.LA_MANAGER, "LA-DORSET", "Ola Other")
    drafts = DraftService(ctx)
    drafts.save(chair, "strategy.record", 7, {"place": "MASH room 2"})
    drafts.save(chair, "strategy.record", 7, {"place": "MASH room 3"})  # replaced, not added
    kept = drafts.load(chair, "strategy.record", 7)
    assert kept is not None and kept.payload == {"place": "MASH room 3"}
    assert drafts.load(other, "strategy.record", 7) is None
    assert drafts.load(chair, "strategy.record", 8) is None
    drafts.discard(chair, "strategy.record", 7)
    assert drafts.load(chair, "strategy.record", 7) is None
