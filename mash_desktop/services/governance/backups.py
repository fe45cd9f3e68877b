"""Backups are an authorised, audited action (SEC-10).

A backup is made by a logged-in administrator, or by a scheduled job holding an unattended
backup credential that an administrator created (and can revoke). Each backup is written to
the audit trail before the copy is taken, so the copy carries the record of its own making;
a failed backup is recorded too. A wrong credential is recorded as attempted unauthorised
access (InfoSec 1.1.1).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import AuthenticationError, NotFound, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.incidents import record_incident
from mash_desktop.store.backup import backup_store
from mash_desktop.store.errors import StoreError
from mash_desktop.store.hub import local_store
from mash_desktop.store.models import Setting

CREDENTIALS_SETTING = "backup_credentials"
TOKEN_PREFIX = "mash-backup-"
_hasher = PasswordHasher()


@dataclass(frozen=True)
class BackupCredentialRow:
    label: str
    created_by: str
    created_at: str


def _credentials(session: Session) -> dict[str, dict[str, str]]:
    row = session.get(Setting, CREDENTIALS_SETTING)
    return dict(json.loads(row.value)) if row else {}


def _save_credentials(session: Session, creds: dict[str, dict[str, str]]) -> None:
    row = session.get(Setting, CREDENTIALS_SETTING)
    if row is None:
        session.add(Setting(key=CREDENTIALS_SETTING, value=json.dumps(creds, sort_keys=True)))
    else:
        row.value = json.dumps(creds, sort_keys=True)


class BackupService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def backup(self, admin: Actor, target: Path) -> Path:
        """An administrator's backup: refused to anyone else."""
        with self.ctx.store.transaction() as session:
            require_role(session, admin, {Role.ADMINISTRATOR}, "back up the database")
        return self._copy(target, admin, None)

    def backup_unattended(self, token: str, target: Path) -> Path:
        """A scheduled backup with a credential an administrator created."""
        label = self._check_token(token)
        return self._copy(target, None, f"backup credential '{label}'")

    def _copy(self, target: Path, actor: Actor | None, by: str | None) -> Path:
        target = Path(target).expanduser().absolute()
        details: dict[str, Any] = {"target": str(target)}
        if by:
            details["credential"] = by
        with self.ctx.store.transaction() as session:
            record(session, self.ctx, actor, "store.backup", "store", "", details, actor_name=by)
        try:
            return backup_store(local_store(self.ctx.store), target)
        except StoreError as exc:
            with self.ctx.store.transaction() as session:
                record(
                    session,
                    self.ctx,
                    actor,
                    "store.backup_failed",
                    "store",
                    "",
                    {**details, "error": str(exc)},
                    actor_name=by,
                )
            raise

    def _check_token(self, token: str) -> str:
        with self.ctx.store.transaction() as session:
            for label, cred in _credentials(session).items():
                try:
                    if _hasher.verify(cred["hash"], token):
                        return label
                except (VerificationError, InvalidHashError):
                    continue
            record_incident(
                session,
                self.ctx,
                None,
                IncidentKind.UNAUTHORISED_ACCESS,
                "A backup was attempted with a backup credential that is not valid.",
                "store",
                "",
            )
        raise AuthenticationError(
            "The backup credential is not valid (revoked, mistyped or for another database)."
        )

    # --- unattended credentials ----------------------------------------------------------
    def create_credential(self, admin: Actor, label: str) -> str:
        """A new credential for a scheduled backup; the token is shown once, only its hash
        is kept."""
        label = label.strip()
        if not label:
            raise ValidationError(
                "Name the credential (e.g. 'nightly backup').", {"label": "Required."}
            )
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.ctx.store.transaction() as session:
            require_role(session, admin, {Role.ADMINISTRATOR}, "create a backup credential")
            creds = _credentials(session)
            if label in creds:
                raise ValidationError(
                    f"A backup credential named '{label}' exists already.", {"label": "Taken."}
                )
            creds[label] = {
                "hash": _hasher.hash(token),
                "created_by": admin.username,
                "created_at": self.ctx.clock.now().isoformat(),
            }
            _save_credentials(session, creds)
            record(session, self.ctx, admin, "backup_credential.create", "backup_credential", label)
        return token

    def revoke_credential(self, admin: Actor, label: str) -> None:
        with self.ctx.store.transaction() as session:
            require_role(session, admin, {Role.ADMINISTRATOR}, "revoke a backup credential")
            creds = _credentials(session)
            if creds.pop(label, None) is None:
                raise NotFound(f"No backup credential named '{label}'.")
            _save_credentials(session, creds)
            record(session, self.ctx, admin, "backup_credential.revoke", "backup_credential", label)

    def list_credentials(self, admin: Actor) -> list[BackupCredentialRow]:
        with self.ctx.store.transaction() as session:
            require_role(session, admin, {Role.ADMINISTRATOR}, "see backup credentials")
            return [
                BackupCredentialRow(label, c["created_by"], c["created_at"])
                for label, c in sorted(_credentials(session).items())
            ]
