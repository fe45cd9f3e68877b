"""Who may print a strategy discussion record (SD-4, SEC-5): exactly who may view it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound
from mash_desktop.services.context import Actor
from mash_desktop.services.strategy.common import agency_of, load_discussion, require_view


def require_discussion_view(session: Session, actor: Actor, object_id: str) -> None:
    """Refuse unless ``actor`` may view strategy discussion ``object_id``."""
    try:
        key = int(object_id)
    except ValueError:
        raise NotFound("No such strategy discussion.") from None
    discussion = load_discussion(session, key)
    require_view(actor, agency_of(session, actor), discussion)
