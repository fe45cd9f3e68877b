"""Who may act: every service call re-reads the acting user, so a suspension made by an
administrator takes effect at that user's next action (ISP-9.1.1)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from mash_desktop.domain.errors import (
    AccountLocked,
    AccountRemoved,
    AccountSuspended,
    AgencyWithdrawn,
    PermissionDenied,
)
from mash_desktop.domain.roles import Role
from mash_desktop.services.context import Actor
from mash_desktop.store.models import User


def require_active(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id)
    if user is None:
        raise AccountRemoved("Your account no longer exists. Log in again.")
    if user.suspended:
        raise AccountSuspended(
            "Your account has been suspended by an administrator. Contact the MASH manager."
        )
    if user.locked:
        raise AccountLocked("Your account is locked. An administrator must unlock it.")
    if not user.agency.active:
        raise AgencyWithdrawn(
            "Your agency has withdrawn from the agreement; its users no longer have access."
        )
    return user


def require_role(session: Session, actor: Actor, roles: Iterable[Role], doing: str) -> User:
    user = require_active(session, actor)
    allowed = set(roles)
    if Role(user.role) not in allowed:
        names = ", ".join(sorted(r.label for r in allowed))
        raise PermissionDenied(f"Only {names} can {doing}.")
    return user
