"""Who may act: every service call re-reads the acting user, so a suspension made by an
administrator takes effect at that user's next action (ISP-9.1.1).

Every refusal raised here carries a :class:`Refusal`: the store writes it to the audit
trail after the transaction rolls back (services/refusals.py)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from mash_desktop.domain.errors import (
    AccountLocked,
    AccountRemoved,
    AccountSuspended,
    AgencyWithdrawn,
    LoggedOut,
    MashError,
    NotFound,
    PermissionDenied,
    Refusal,
)
from mash_desktop.domain.roles import Role
from mash_desktop.services.context import Actor
from mash_desktop.store.models import User


def refusal(actor: Actor, reason: str, tried: str) -> Refusal:
    return Refusal(actor.user_id, actor.username, actor.agency_code, reason, tried)


def require_active(session: Session, actor: Actor, doing: str = "use MASH Desktop") -> User:
    user = session.get(User, actor.user_id)
    error: MashError | None = None
    if actor.login.ended:
        error = LoggedOut("You have logged out: log in again.")
        reason = "logged_out"
    elif user is None:
        error = AccountRemoved("Your account no longer exists. Log in again.")
        reason = "removed"
    elif user.suspended:
        error = AccountSuspended(
            "Your account has been suspended by an administrator. Contact the MASH manager."
        )
        reason = "suspended"
    elif user.locked:
        error = AccountLocked("Your account is locked. An administrator must unlock it.")
        reason = "locked"
    elif not user.agency.active:
        error = AgencyWithdrawn(
            "Your agency has withdrawn from the agreement; its users no longer have access."
        )
        reason = "withdrawn"
    if error is not None:
        raise error.refusing(refusal(actor, reason, doing))
    assert user is not None
    return user


def require_role(session: Session, actor: Actor, roles: Iterable[Role], doing: str) -> User:
    user = require_active(session, actor, doing)
    allowed = set(roles)
    if Role(user.role) not in allowed:
        names = ", ".join(sorted(r.label for r in allowed))
        raise PermissionDenied(f"Only {names} can {doing}.").refusing(
            refusal(actor, "permission", doing)
        )
    return user


def hidden(actor: Actor, message: str, doing: str) -> MashError:
    """Need to know: the item exists but is not this user's to see. It reads exactly as a
    missing item (NotFound, same message) and is still recorded as a refusal (ISP-2)."""
    return NotFound(message).refusing(refusal(actor, "need_to_know", doing))
