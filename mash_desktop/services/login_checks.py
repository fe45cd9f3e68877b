"""The slow and the plain parts of logging in (SEC-2, SEC-7), apart from the audited outcome.

The password is checked before the writing transaction that records the outcome, never inside
it: argon2 is slow by design (and on a hub the check is a round trip to the server), and a
write lock held across it would make every other log-in and save on the store wait (issue 13).
"""

from __future__ import annotations

import contextlib
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mash_desktop.domain.errors import AccountLocked, AccountSuspended, AuthenticationError
from mash_desktop.store.hub import AnyStore
from mash_desktop.store.models import User

_hasher = PasswordHasher()


@cache
def _nobody_hash() -> str:
    """Verified against for an unknown user name, so it costs the time of a wrong password.
    Made on first use, not at import (an argon2 hash would slow every start-up)."""
    return _hasher.hash("no such user: the time taken must not tell")


def verify_password(store: AnyStore, username: str, stored: str | None, password: str) -> bool:
    """True when ``password`` is the account's; call it outside any transaction."""
    if stored is None:
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_nobody_hash(), password)
        return False
    return store.passwords.matches(None, username, stored, password)


def login_refusal(user: User) -> tuple[str, AuthenticationError] | None:
    """Why this account may not log in whatever its password (audit reason, error), if so."""
    if user.suspended:
        return "suspended", AccountSuspended("This account is suspended. Contact the MASH manager.")
    if user.locked:
        return "locked", AccountLocked(
            "This account is locked after too many failed attempts. "
            "An administrator must unlock it."
        )
    if not user.agency.active:
        return "agency withdrawn", AuthenticationError(
            "Your agency has withdrawn from the agreement."
        )
    return None
