"""Errors a user can act on. Anything else is a bug and is raised as is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """Who was refused what, and why: written to the audit trail after the rollback (SEC-3)."""

    user_id: int
    username: str
    agency: str
    reason: str  # permission, withdrawn, need_to_know, suspended, locked, removed
    tried: str  # what they tried to do, in words ("see contacts")


class MashError(Exception):
    """Base of every error that carries a message meant for the user.

    ``refusal`` is set when the error refuses an acting user: the store records it in the
    audit trail once the transaction has rolled back."""

    refusal: Refusal | None = None

    def refusing(self, refusal: Refusal) -> MashError:
        self.refusal = refusal
        return self


class ValidationError(MashError):
    """Input that breaks a rule; ``fields`` maps a field name to its message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})


class NotAuthorised(MashError):
    """Base of every refusal of an acting user: clients handle refusals through this one type.

    A need-to-know refusal is not one of these: it is a plain NotFound (with ``refusal``
    set), so nobody can tell a hidden item from a missing one."""


class PermissionDenied(NotAuthorised):
    """The acting user's role does not allow this."""


class NotFound(MashError):
    """The record asked for does not exist (or is not visible to this user)."""


class ConflictError(MashError):
    """Someone else saved the same record first; ``theirs`` holds their version."""

    def __init__(self, message: str, mine: object = None, theirs: object = None) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs


class AuthenticationError(MashError):
    """Wrong user name or password, or the account cannot log in."""


class AccountUnusable(AuthenticationError, NotAuthorised):
    """The account can no longer act: an open session must end at once (ISP-9.1.1).
    Clients match these types, never the message text."""


class AccountSuspended(AccountUnusable):
    """The account was suspended by an administrator (ISP-9.1.1)."""


class AccountLocked(AccountUnusable):
    """Too many failed attempts; an administrator must unlock the account."""


class AccountRemoved(AccountUnusable):
    """The account was removed while its user was logged in."""


class AgencyWithdrawn(AccountUnusable):
    """The user's agency has withdrawn from the agreement (ISP-8): open sessions end."""


class LoggedOut(AccountUnusable):
    """The log-in this actor came from was logged out: it acts no more (SEC-2)."""


class ServerUnreachable(MashError):
    """The hub server cannot be reached (down, restarting, network); nothing was saved.
    What the user typed is kept on this computer until it can be saved (SEC-9)."""
