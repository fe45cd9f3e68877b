"""Where account passwords are checked: argon2 hashes in a local store; on a hub, the
database server itself (each account is a login role, SCRAM-SHA-256).

Services call these through ``store.passwords`` and never ask which engine they are on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import text
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from mash_desktop.store.hub_connection import HubLocation

# Kept in users.password_hash on a hub: the secret lives only in the server's role catalogue.
HUB_ROLE_MARKER = "!hub-login-role"
_hasher = PasswordHasher()


class LocalPasswords:
    """argon2id hashes in the users table of the encrypted store."""

    def new_secret(self, session: Session, username: str, password: str) -> str:
        return _hasher.hash(password)

    def matches(self, session: Session | None, username: str, stored: str, password: str) -> bool:
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def refreshed(self, stored: str, password: str) -> str | None:
        """A new hash when the stored one uses outdated parameters."""
        return _hasher.hash(password) if _hasher.check_needs_rehash(stored) else None

    def set_login_allowed(self, session: Session, username: str, allowed: bool) -> None:
        """Nothing to do: the users row's flags are the whole story on a local store."""


def role_name(dbname: str, username: str) -> str:
    """The login role of a MASH account on a hub (same rule as SQL ``mash_role_name``)."""
    return f"{dbname}/{username.strip().lower()}"


class HubPasswords:
    """Login roles on the hub server; only SCRAM verifiers ever leave the workstation."""

    def __init__(self, location: HubLocation) -> None:
        self.location = location

    def new_secret(self, session: Session, username: str, password: str) -> str:
        role = role_name(self.location.dbname, username)
        dbapi = session.connection().connection.driver_connection
        verifier = dbapi.pgconn.encrypt_password(  # type: ignore[union-attr]
            password.encode("utf-8"), role.encode("utf-8"), b"scram-sha-256"
        ).decode("ascii")
        session.execute(
            text("SELECT mash_account_set_password(:username, :verifier)"),
            {"username": username, "verifier": verifier},
        )
        return HUB_ROLE_MARKER

    def matches(self, session: Session | None, username: str, stored: str, password: str) -> bool:
        """The server checks the password: one connection as the account's own role. A role
        whose LOGIN was taken away (suspended, locked) still had its password checked first;
        the service refuses the log-in itself, from the users row."""
        from mash_desktop.store.hub_connection import (
            HubCredentials,
            HubLoginNotPermitted,
            HubLoginRefused,
            build_hub_engine,
            check_connection,
        )

        engine = build_hub_engine(
            self.location, HubCredentials(role_name(self.location.dbname, username), password)
        )
        try:
            check_connection(engine)
        except HubLoginNotPermitted:
            return True
        except HubLoginRefused:
            return False
        finally:
            engine.dispose()
        return True

    def refreshed(self, stored: str, password: str) -> str | None:
        return None  # the server keeps the verifier; nothing to refresh here

    def set_login_allowed(self, session: Session, username: str, allowed: bool) -> None:
        """NOLOGIN at once, and the role's open connections are ended (suspension, lock)."""
        session.execute(
            text("SELECT mash_account_set_login(:username, :allowed)"),
            {"username": username, "allowed": allowed},
        )
