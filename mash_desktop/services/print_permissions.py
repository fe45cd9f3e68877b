"""Who may print what: printing needs the right to view the content (SEC-5, SEC-3).

One explicit table: each kind of printable content (``object_type``) and the feature's check of
who may view it. The copy register calls :func:`require_view` inside its own transaction before
it registers any copy. Content with no entry here cannot be printed at all (fail closed).

To make new content printable: write the feature's check (``require_..._view(session, actor,
object_id)``, raising PermissionDenied or NotFound) and add one line to ``VIEW_CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session

from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.services.contacts.chronology import CHRONOLOGY_OBJECT, require_chronology_view
from mash_desktop.services.contacts.documents import require_contact_view
from mash_desktop.services.context import Actor
from mash_desktop.services.copies.print_access import require_register_view
from mash_desktop.services.governance.board import BOARD_OBJECT, require_board_view
from mash_desktop.services.governance.key_recovery import SHARE_OBJECT, require_share_view
from mash_desktop.services.research.print_access import require_package_print
from mash_desktop.services.rights.common import SAR_OBJECT
from mash_desktop.services.rights.response import require_sar_view
from mash_desktop.services.strategy.print_access import require_discussion_view

ViewCheck = Callable[[Session, Actor, str], object]
"""Raises PermissionDenied (or NotFound) when ``actor`` may not view object ``object_id``."""

VIEW_CHECKS: Mapping[str, ViewCheck] = {
    "contact": require_contact_view,
    CHRONOLOGY_OBJECT: require_chronology_view,  # a child's chronology (RQ-8)
    "copy_register": require_register_view,
    "intelligence_package": require_package_print,
    "strategy_discussion": require_discussion_view,
    SHARE_OBJECT: require_share_view,  # key recovery shares (SEC-10): administrators only
    BOARD_OBJECT: require_board_view,  # the Management Board report (GOV-1)
    SAR_OBJECT: require_sar_view,  # a subject access response (ISP-7): its partner only
}


def require_view(session: Session, actor: Actor, object_type: str, object_id: str) -> None:
    """Refuse unless the owning feature says ``actor`` may view the object."""
    check = VIEW_CHECKS.get(object_type)
    if check is None:
        raise PermissionDenied(
            f"Documents about '{object_type}' cannot be printed: no service vouches for who may "
            "view them."
        )
    check(session, actor, object_id)
