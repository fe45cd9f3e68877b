"""Who may print what: printing needs the right to view the content (SEC-5, SEC-3).

The service that owns a kind of content registers a view check for its ``object_type``; the
copy register calls it inside its own transaction before it registers any copy. Content with
no registered check cannot be printed at all (fail closed).

To make new content printable (strategy discussion record, intelligence package...): in the
owning service module call ``register_view_check("strategy_discussion", check)`` at import
time, and add that module's import to ``_load_known_content`` below.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.services.context import Actor

ViewCheck = Callable[[Session, Actor, str], None]
"""Raises PermissionDenied (or NotFound) when ``actor`` may not view object ``object_id``."""

_VIEW_CHECKS: dict[str, ViewCheck] = {}


def register_view_check(object_type: str, check: ViewCheck) -> None:
    """Content services call this at import time for each object type they can print."""
    _VIEW_CHECKS[object_type] = check


def require_view(session: Session, actor: Actor, object_type: str, object_id: str) -> None:
    """Refuse unless the owning content service says ``actor`` may view the object."""
    _load_known_content()
    check = _VIEW_CHECKS.get(object_type)
    if check is None:
        raise PermissionDenied(
            f"Documents about '{object_type}' cannot be printed: no service vouches for who may "
            "view them."
        )
    check(session, actor, object_id)


def _load_known_content() -> None:
    # Importing the content services registers their checks.
    import mash_desktop.services.contacts.documents
    import mash_desktop.services.copies.register
    import mash_desktop.services.research.print_access
    import mash_desktop.services.strategy.print_access  # noqa: F401
