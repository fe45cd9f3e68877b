"""Intake drafts (SEC-9): the unfinished form kept in the encrypted store, one per user, so nothing typed is lost."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.drafts import (
    Draft,
    discard_everywhere,
    forget_here,
    keep_here,
    load_newest,
    save_or_keep_here,
)
from mash_desktop.store.models import ContactDraft

INTAKE = "contact.intake"  # the name of the intake form's draft kept on this computer


@dataclass(frozen=True)
class DraftRow:
    payload: dict[str, Any]
    updated_at: datetime


class ContactDrafts:
    """Part of ContactService; split out to keep modules short."""

    ctx: AppContext

    def save_draft(self, actor: Actor, payload: dict[str, Any]) -> datetime:
        """Keep the unfinished intake form (one per user) in the encrypted store; on a hub out
        of reach, on this computer (encrypted) until the hub is back."""
        return save_or_keep_here(
            self.ctx, INTAKE, "", payload, lambda: self._save_draft(actor, payload)
        )

    def keep_draft_here(self, payload: dict[str, Any]) -> bool:
        """Logging the contact failed because the hub cannot be reached: keep it here."""
        return keep_here(self.ctx, INTAKE, "", payload)

    def drop_drafts(self, s: Session, user_id: int) -> None:
        """The contact is being logged: its draft goes, in the store and on this computer (if
        the commit then fails, the form still holds the text and keeps it again)."""
        s.execute(delete(ContactDraft).where(ContactDraft.user_id == user_id))
        forget_here(self.ctx, INTAKE, "")

    def _save_draft(self, actor: Actor, payload: dict[str, Any]) -> datetime:
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, CASEWORKERS, "log contacts")
            now = self.ctx.clock.now()
            draft = s.scalar(select(ContactDraft).where(ContactDraft.user_id == user.id))
            text = json.dumps(payload, sort_keys=True)
            if draft is None:
                s.add(ContactDraft(user_id=user.id, payload=text, updated_at=now))
            elif draft.payload != text:
                draft.payload = text
                draft.updated_at = now
            else:
                return draft.updated_at
            record(s, self.ctx, actor, "contact.draft_save", "contact_draft", user.id)
            return now

    def load_draft(self, actor: Actor) -> DraftRow | None:
        newest = load_newest(self.ctx, INTAKE, "", lambda: self._load_draft(actor))
        return None if newest is None else DraftRow(newest.payload, newest.updated_at)

    def _load_draft(self, actor: Actor) -> Draft | None:
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, CASEWORKERS, "log contacts")
            draft = s.scalar(select(ContactDraft).where(ContactDraft.user_id == user.id))
            if draft is None:
                return None
            record(s, self.ctx, actor, "contact.draft_view", "contact_draft", user.id)
            return Draft(INTAKE, "", json.loads(draft.payload), draft.updated_at)

    def discard_draft(self, actor: Actor) -> None:
        discard_everywhere(self.ctx, INTAKE, "", lambda: self._discard_draft(actor))

    def _discard_draft(self, actor: Actor) -> None:
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, CASEWORKERS, "log contacts")
            draft = s.scalar(select(ContactDraft).where(ContactDraft.user_id == user.id))
            if draft is not None:
                s.delete(draft)
                record(s, self.ctx, actor, "contact.draft_discard", "contact_draft", user.id)
