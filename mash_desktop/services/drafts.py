"""Drafts of any form (SEC-9): what a user typed and has not saved, kept in the encrypted store
and offered back after a crash, a lock or a restart. A draft belongs to one user and names
its form (``kind``) and the record it edits (``ref``); nobody else can read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import FormDraft

MAX_DRAFT_BYTES = 2_000_000  # a form, not a file store


@dataclass(frozen=True)
class Draft:
    kind: str
    ref: str
    payload: dict[str, Any]
    updated_at: datetime


class DraftService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def save(self, actor: Actor, kind: str, ref: str | int, payload: dict[str, Any]) -> datetime:
        """Keep (or replace) the user's draft of this form; returns when it was kept."""
        text = json.dumps(payload, sort_keys=True, default=str)
        if len(text) > MAX_DRAFT_BYTES:
            raise ValueError("The draft is too large to keep.")
        with self.ctx.store.transaction() as s:
            user = require_active(s, actor)
            draft = s.scalar(
                select(FormDraft).where(
                    FormDraft.user_id == user.id,
                    FormDraft.kind == kind,
                    FormDraft.ref == str(ref),
                )
            )
            now = self.ctx.clock.now()
            if draft is None:
                s.add(
                    FormDraft(
                        user_id=user.id, kind=kind, ref=str(ref), payload=text, updated_at=now
                    )
                )
            elif draft.payload == text:
                return draft.updated_at
            else:
                draft.payload = text
                draft.updated_at = now
            record(s, self.ctx, actor, "draft.save", kind, str(ref))
            return now

    def load(self, actor: Actor, kind: str, ref: str | int) -> Draft | None:
        with self.ctx.store.transaction() as s:
            user = require_active(s, actor)
            draft = s.scalar(
                select(FormDraft).where(
                    FormDraft.user_id == user.id,
                    FormDraft.kind == kind,
                    FormDraft.ref == str(ref),
                )
            )
            if draft is None:
                return None
            record(s, self.ctx, actor, "draft.view", kind, str(ref))
            return Draft(kind, draft.ref, json.loads(draft.payload), draft.updated_at)

    def discard(self, actor: Actor, kind: str, ref: str | int) -> None:
        with self.ctx.store.transaction() as s:
            user = require_active(s, actor)
            gone = s.scalars(
                delete(FormDraft)
                .where(
                    FormDraft.user_id == user.id,
                    FormDraft.kind == kind,
                    FormDraft.ref == str(ref),
                )
                .returning(FormDraft.id)
            ).all()
            if gone:
                record(s, self.ctx, actor, "draft.discard", kind, str(ref))
