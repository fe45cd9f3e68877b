"""Drafts of any form (SEC-9): what a user typed and has not saved, kept in the encrypted store
and offered back after a crash, a lock or a restart. A draft belongs to one user and names
its form (``kind``) and the record it edits (``ref``); nobody else can read it.

On a hub whose server cannot be reached, a draft is kept on this computer instead, in the
account's encrypted file (store/offline_drafts.py), offered back like any other (the newer
of the two wins) and removed from there once the hub holds it or the form is saved."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, select

from mash_desktop.domain.errors import ServerUnreachable
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import FormDraft
from mash_desktop.store.offline_drafts import OfflineDraftsUnavailable

MAX_DRAFT_BYTES = 2_000_000  # a form, not a file store
T = TypeVar("T")


@dataclass(frozen=True)
class Draft:
    kind: str
    ref: str
    payload: dict[str, Any]
    updated_at: datetime
    kept_here: bool = False  # on this computer, while the hub could not be reached


def keep_here(ctx: AppContext, kind: str, ref: str | int, payload: dict[str, Any]) -> bool:
    """Keep a draft on this computer (encrypted) because the hub cannot be reached; False
    when this computer cannot keep one (a local store, or no secure keyring)."""
    if ctx.offline_drafts is None:
        return False
    try:
        text = json.dumps(payload, sort_keys=True, default=str)
        ctx.offline_drafts.put(kind, str(ref), text, ctx.clock.now())
    except OfflineDraftsUnavailable:
        return False
    return True


def save_or_keep_here(
    ctx: AppContext, kind: str, ref: str | int, payload: dict[str, Any], save: Callable[[], T]
) -> T | datetime:
    """``save`` the draft in the store; when the hub cannot be reached, keep it here."""
    try:
        saved = save()
    except ServerUnreachable:
        if not keep_here(ctx, kind, ref, payload):
            raise
        return ctx.clock.now()
    forget_here(ctx, kind, ref)  # the hub holds it now
    return saved


def load_newest(
    ctx: AppContext, kind: str, ref: str | int, load: Callable[[], Draft | None]
) -> Draft | None:
    """The newer of the draft kept on this computer and the one in the store."""
    kept = None
    if ctx.offline_drafts is not None:
        with contextlib.suppress(OfflineDraftsUnavailable):
            kept = ctx.offline_drafts.get(kind, str(ref))
    try:
        stored = load()
    except ServerUnreachable:
        if kept is None:
            raise
        stored = None
    if kept is not None and (stored is None or kept.updated_at >= stored.updated_at):
        return Draft(kind, kept.ref, json.loads(kept.payload), kept.updated_at, kept_here=True)
    return stored


def forget_here(ctx: AppContext, kind: str, ref: str | int) -> None:
    if ctx.offline_drafts is not None:
        with contextlib.suppress(OfflineDraftsUnavailable):
            ctx.offline_drafts.remove(kind, str(ref))


def discard_everywhere(
    ctx: AppContext, kind: str, ref: str | int, discard: Callable[[], None]
) -> None:
    """Discard here and in the store; a store out of reach keeps an older copy, which is
    offered (and can be discarded) once it is back."""
    forget_here(ctx, kind, ref)
    with contextlib.suppress(ServerUnreachable):
        discard()


class DraftService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def save(self, actor: Actor, kind: str, ref: str | int, payload: dict[str, Any]) -> datetime:
        """Keep (or replace) the user's draft of this form; returns when it was kept."""
        text = json.dumps(payload, sort_keys=True, default=str)
        if len(text) > MAX_DRAFT_BYTES:
            raise ValueError("The draft is too large to keep.")
        return save_or_keep_here(
            self.ctx, kind, ref, payload, lambda: self._save(actor, kind, ref, text)
        )

    def keep_here(self, kind: str, ref: str | int, payload: dict[str, Any]) -> bool:
        """The save failed because the hub cannot be reached: keep the form on this computer."""
        return keep_here(self.ctx, kind, ref, payload)

    def _save(self, actor: Actor, kind: str, ref: str | int, text: str) -> datetime:
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
        return load_newest(self.ctx, kind, ref, lambda: self._load(actor, kind, ref))

    def _load(self, actor: Actor, kind: str, ref: str | int) -> Draft | None:
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
        discard_everywhere(self.ctx, kind, ref, lambda: self._discard(actor, kind, ref))

    def _discard(self, actor: Actor, kind: str, ref: str | int) -> None:
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
