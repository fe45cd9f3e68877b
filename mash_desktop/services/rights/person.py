"""A person across contacts, and the objections and restrictions recorded against them (ISP-14).

A person is one record of a child or household member on a contact together with the records
that are the same person: those decided "same child" on a match (RQ-3) and those with the same
NHS number. A right recorded against any of them is shown on all of them, wherever they appear:
the queue, the contact, the matches panel, search results and subject access requests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.contact_codes import LinkDecision
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import SUBJECT_ACCESS_OFFICERS
from mash_desktop.domain.subject_access import RightKind, marker_text
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Agency, PersonLink, PersonRight, Subject, User


def person_records(session: Session, subject_ids: Iterable[int]) -> set[int]:
    """The records that are the same person as any of ``subject_ids`` (links followed until
    nothing new is found, NHS numbers matched)."""
    found = set(subject_ids)
    frontier = set(found)
    while frontier:
        new: set[int] = set()
        for low, high in session.execute(
            select(PersonLink.subject_id, PersonLink.other_subject_id).where(
                PersonLink.decision == LinkDecision.SAME.value,
                or_(PersonLink.subject_id.in_(frontier), PersonLink.other_subject_id.in_(frontier)),
            )
        ):
            new |= {low, high}
        numbers = set(
            session.scalars(
                select(Subject.nhs_number).where(
                    Subject.id.in_(frontier), Subject.nhs_number.is_not(None)
                )
            )
        ) - {""}
        if numbers:
            new |= set(session.scalars(select(Subject.id).where(Subject.nhs_number.in_(numbers))))
        frontier = new - found
        found |= new
    return found


@dataclass(frozen=True)
class RightRow:
    id: int
    subject_id: int
    kind: RightKind
    received_on: date
    detail: str
    agency: str
    recorded_by: str
    recorded_at: datetime

    @property
    def describe(self) -> str:
        return (
            f"{self.kind.label} received {self.received_on.strftime('%d/%m/%Y')} "
            f"(recorded by {self.recorded_by}, {self.agency}): {self.detail}"
        )


def _open_rights(session: Session) -> list[PersonRight]:
    return list(
        session.scalars(
            select(PersonRight).where(PersonRight.lifted_at.is_(None)).order_by(PersonRight.id)
        )
    )


def rights_for_subjects(session: Session, subject_ids: Iterable[int]) -> dict[int, list[RightRow]]:
    """Open rights that apply to each of ``subject_ids`` (recorded against the same person)."""
    wanted = set(subject_ids)
    rights = _open_rights(session)
    if not rights or not wanted:
        return {}
    names = dict(session.execute(select(Agency.id, Agency.name)).all())
    users = dict(
        session.execute(
            select(User.id, User.full_name).where(User.id.in_({r.recorded_by_id for r in rights}))
        ).all()
    )
    result: dict[int, list[RightRow]] = defaultdict(list)
    for right in rights:
        row = RightRow(
            right.id,
            right.subject_id,
            RightKind(right.kind),
            right.received_on,
            right.detail,
            names.get(right.agency_id, ""),
            users.get(right.recorded_by_id, ""),
            right.recorded_at,
        )
        for subject_id in person_records(session, [right.subject_id]) & wanted:
            result[subject_id].append(row)
    return dict(result)


def subject_markers(session: Session, subject_ids: Iterable[int]) -> dict[int, str]:
    """'RESTRICTED' / 'OBJECTION RECORDED' for each record of a person with an open right."""
    return {
        sid: marker_text(r.kind for r in rows)
        for sid, rows in rights_for_subjects(session, subject_ids).items()
    }


def contact_markers(session: Session, contact_ids: Iterable[int]) -> dict[int, str]:
    """The marks of the people on each contact (for the queue): contact id -> 'RESTRICTED'."""
    ids = set(contact_ids)
    if not ids or not _open_rights(session):
        return {}
    by_contact: dict[int, list[int]] = defaultdict(list)
    for sid, cid in session.execute(
        select(Subject.id, Subject.contact_id).where(Subject.contact_id.in_(ids))
    ):
        by_contact[cid].append(sid)
    rights = rights_for_subjects(session, [s for sids in by_contact.values() for s in sids])
    markers: dict[int, str] = {}
    for cid, sids in by_contact.items():
        kinds = [r.kind for sid in sids for r in rights.get(sid, [])]
        if kinds:
            markers[cid] = marker_text(kinds)
    return markers


class PersonRightsService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def record_right(
        self, actor: Actor, subject_id: int, kind: RightKind, received_on: date, detail: str
    ) -> int:
        """Record an objection (what the person objects to) or a restriction (what it allows)
        against the person; audited without the words."""
        errors: dict[str, str] = {}
        if len(detail.strip()) < 5:
            errors["detail"] = (
                "Say what the person objects to."
                if kind is RightKind.OBJECTION
                else "Say what the restriction allows (e.g. keep only; use for legal claims)."
            )
        if received_on > self.ctx.clock.now().date():
            errors["received_on"] = "The date it was received cannot be in the future."
        if errors:
            raise ValidationError(" ".join(errors.values()), errors)
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, SUBJECT_ACCESS_OFFICERS, "record a data subject's rights")
            if s.get(Subject, subject_id) is None:
                raise NotFound("That person record does not exist.")
            right = PersonRight(
                subject_id=subject_id,
                kind=kind.value,
                received_on=received_on,
                detail=detail.strip(),
                agency_id=user.agency_id,
                recorded_by_id=user.id,
                recorded_at=self.ctx.clock.now(),
                lift_reason="",
            )
            s.add(right)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "person_right.record",
                "subject",
                subject_id,
                {"kind": kind.value, "on": received_on.isoformat()},
            )
            return right.id

    def lift(self, actor: Actor, right_id: int, reason: str) -> None:
        """End an objection or restriction (withdrawn by the person, or decided), with why."""
        if len(reason.strip()) < 5:
            raise ValidationError("Say why it ends.", {"reason": "Say why it ends."})
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, SUBJECT_ACCESS_OFFICERS, "record a data subject's rights")
            right = s.get(PersonRight, right_id)
            if right is None or right.lifted_at is not None:
                raise NotFound("That objection or restriction is not open.")
            right.lifted_at = self.ctx.clock.now()
            right.lifted_by_id = user.id
            right.lift_reason = reason.strip()
            record(
                s,
                self.ctx,
                actor,
                "person_right.lift",
                "subject",
                right.subject_id,
                {"kind": right.kind, "reason": reason.strip()},
            )

    def for_subjects(self, actor: Actor, subject_ids: Iterable[int]) -> dict[int, list[RightRow]]:
        """What applies to these records (for the contact view and the matches panel)."""
        with self.ctx.store.read() as s:
            require_active(s, actor)
            return rights_for_subjects(s, subject_ids)
