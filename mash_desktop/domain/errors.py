"""Errors a user can act on. Anything else is a bug and is raised as is."""

from __future__ import annotations


class MashError(Exception):
    """Base of every error that carries a message meant for the user."""


class ValidationError(MashError):
    """Input that breaks a rule; ``fields`` maps a field name to its message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})


class PermissionDenied(MashError):
    """The acting user's role or agency does not allow this."""


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


class AccountUnusable(AuthenticationError):
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
