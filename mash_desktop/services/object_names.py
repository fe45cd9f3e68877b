"""What an audit entry or incident is about, in a reader's words (issue 13): "Contact
C-2026-0042", "User Pat One", "Strategy discussion SD-2026-00001", never "contact 301"."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.plain_words import object_type_words
from mash_desktop.services.context import AppContext
from mash_desktop.store.models import (
    Agency,
    Contact,
    IntelligencePackage,
    StrategyDiscussion,
    SubjectAccessRequest,
    User,
)


def agency_name_map(session: Session) -> dict[str, str]:
    """Agency code -> the agency's name: a code such as LA-DORSET is never shown to a person."""
    rows = session.execute(select(Agency.code, Agency.name)).all()
    return {str(code): str(name) for code, name in rows}


def agency_names_of(session: Session, codes: Iterable[str]) -> tuple[str, ...]:
    names = agency_name_map(session)
    return tuple(names.get(c, c) for c in codes)


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
    if any(kind == "agency" for kind, _oid in pairs):
        agencies = agency_name_map(session)
        for kind, oid in pairs:
            if kind == "agency" and oid in agencies:
                names[(kind, oid)] = f"Agency {agencies[oid]}"
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


def objects_named(session: Session, text: str, limit: int = 200) -> list[tuple[str, str]]:
    """(object_type, object_id) of the records whose reference contains ``text``: what a person types to find a record's audit entries, since the
    About column shows "Contact MASH-2026-000001", not the row id (issue 13)."""
    like = f"%{text.strip()}%"
    found: list[tuple[str, str]] = []
    for kind, column, key in (
        ("contact", Contact.reference, Contact.id),
        ("strategy_discussion", StrategyDiscussion.reference, StrategyDiscussion.id),
        ("subject_access", SubjectAccessRequest.reference, SubjectAccessRequest.id),
    ):
        rows = session.scalars(select(key).where(column.ilike(like)).limit(limit))
        found.extend((kind, str(i)) for i in rows)
    return found[:limit]


def agency_names(ctx: AppContext) -> dict[str, str]:
    """Agency code -> name, for screens (read once per session; names are not personal data)."""
    with ctx.store.transaction() as session:
        return agency_name_map(session)
