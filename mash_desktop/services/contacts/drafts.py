"""Intake drafts (SEC-9): the unfinished form kept in the encrypted store, one per user, so nothing typed is lost."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import ContactDraft


@dataclass(frozen=True)
class DraftRow:
    payload: dict[str, Any]
    updated_at: datetime


class ContactDrafts:
    """Part of ContactService; split out to keep modules short."""

    ctx: AppContext

    def save_draft(self, actor: Actor, payload: dict[str, Any]) -> datetime:
        """Keep the unfinished intake form (one per user) in the encrypted store."""
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
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, CASEWORKERS, "log contacts")
            draft = s.scalar(select(ContactDraft).where(ContactDraft.user_id == user.id))
            if draft is None:
                return None
            record(s, self.ctx, actor, "contact.draft_view", "contact_draft", user.id)
            return DraftRow(json.loads(draft.payload), draft.updated_at)

    def discard_draft(self, actor: Actor) -> None:
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, CASEWORKERS, "log contacts")
            draft = s.scalar(select(ContactDraft).where(ContactDraft.user_id == user.id))
            if draft is not None:
                s.delete(draft)
                record(s, self.ctx, actor, "contact.draft_discard", "contact_draft", user.id)
