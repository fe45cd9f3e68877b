"""Who may print the copy register itself (SEC-5): any active user of the hub."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor


def require_register_view(session: Session, actor: Actor, _object_id: str) -> None:
    """The register lists copies, not case content: every active user may print it."""
    require_active(session, actor)
