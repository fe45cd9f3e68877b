"""What an audit entry or incident is about, in a reader's words (issue 13): "Contact
C-2026-0042", "User Pat One", "Strategy discussion SD-2026-00001", never "contact 301"."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.plain_words import object_type_words
from mash_desktop.store.models import (
    Contact,
    IntelligencePackage,
    StrategyDiscussion,
    SubjectAccessRequest,
    User,
)


def _ids(pairs: Iterable[tuple[str, str]], kind: str) -> set[int]:
    return {int(i) for t, i in pairs if t == kind and i.isdigit()}


def object_names(session: Session, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(object_type, object_id) -> words, looked up in a few batched queries."""
    pairs = set(pairs)
    names: dict[tuple[str, str], str] = {}
    if ids := _ids(pairs, "contact"):
        for cid, ref in session.execute(
            select(Contact.id, Contact.reference).where(Contact.id.in_(ids))
        ):
            names[("contact", str(cid))] = f"Contact {ref}"
    if ids := _ids(pairs, "user"):
        for uid, name in session.execute(select(User.id, User.full_name).where(User.id.in_(ids))):
            names[("user", str(uid))] = f"User {name}"
    if ids := _ids(pairs, "strategy_discussion"):
        for did, ref in session.execute(
            select(StrategyDiscussion.id, StrategyDiscussion.reference).where(
                StrategyDiscussion.id.in_(ids)
            )
        ):
            names[("strategy_discussion", str(did))] = f"Strategy discussion {ref}"
    if ids := _ids(pairs, "intelligence_package"):
        for pid, ref in session.execute(
            select(IntelligencePackage.id, Contact.reference)
            .join(Contact, Contact.id == IntelligencePackage.contact_id)
            .where(IntelligencePackage.id.in_(ids))
        ):
            names[("intelligence_package", str(pid))] = (
                f"Intelligence package {pid} for contact {ref}"
            )
    if ids := _ids(pairs, "subject_access"):
        for rid, ref in session.execute(
            select(SubjectAccessRequest.id, SubjectAccessRequest.reference).where(
                SubjectAccessRequest.id.in_(ids)
            )
        ):
            names[("subject_access", str(rid))] = f"Subject access request {ref}"
    for kind, oid in pairs:
        if (kind, oid) not in names:
            names[(kind, oid)] = f"{object_type_words(kind)} {oid}".strip() if kind else oid
    return names
