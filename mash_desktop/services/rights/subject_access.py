"""Subject access requests (ISP-7, ISP-5.7.2): a partner's information governance user finds
the person, opens the request (the statutory clock starts from the day it was received), and
the app gathers what that partner contributed; other partners' contributions are named by
partner only ("ask them"). Reviewing the items is in ``review``; the response in ``response``.

Every step is audited; the audit trail holds references and counts, never the person's words.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import SUBJECT_ACCESS_OFFICERS
from mash_desktop.domain.statutory_clocks import clock_state
from mash_desktop.domain.subject_access import (
    Exemption,
    ItemDecision,
    ItemKind,
    sar_due,
)
from mash_desktop.domain.working_days import london_date
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.contacts.people import PersonQuery
from mash_desktop.services.contacts.people import find_people as search_people
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.rights.common import load_request, responded_on
from mash_desktop.services.rights.gather import gather
from mash_desktop.services.rights.person import (
    person_records,
    rights_for_subjects,
    subject_markers,
)
from mash_desktop.services.rights.rows import (
    ItemRow,
    PersonFound,
    RedactionRow,
    SarDetail,
    SarRow,
)
from mash_desktop.store.models import (
    Agency,
    Contact,
    Subject,
    SubjectAccessItem,
    SubjectAccessRedaction,
    SubjectAccessRequest,
    SubjectAccessSubject,
)


def _people(session: Session, subject_ids: set[int], reasons: dict[int, str]) -> list[PersonFound]:
    markers = subject_markers(session, subject_ids)
    found = [
        PersonFound(
            subject.id,
            f"{subject.first_name} {subject.last_name}",
            subject.dob,
            contact.reference,
            london_date(contact.received_at),
            subject.is_child,
            reasons.get(subject.id, ""),
            markers.get(subject.id, ""),
        )
        for subject, contact in session.execute(
            select(Subject, Contact)
            .join(Contact, Contact.id == Subject.contact_id)
            .where(Subject.id.in_(subject_ids))
            .order_by(Contact.received_at.desc())
        )
    ]
    return found


class SubjectAccessService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- finding the person -----------------------------------------------------------------
    def find_people(
        self, actor: Actor, name: str, dob: date | None = None, nhs_number: str = ""
    ) -> list[PersonFound]:
        """Records of people by name (spelling and script slips allowed, as the matcher
        allows), date of birth (day and month swapped too) and/or NHS number, through the
        shared person search (``services.contacts.people``); each with its ISP-14 marks.
        Audited with what kinds of detail were searched for, never what was typed."""
        query = PersonQuery(name=name, dob=dob, nhs_number=nhs_number)
        if not query.fields():
            raise ValidationError(
                "Type the person's name, date of birth or NHS number.", {"name": "Required."}
            )
        with self.ctx.store.transaction() as s:
            require_role(s, actor, SUBJECT_ACCESS_OFFICERS, "search for a data subject")
            results = search_people(s, query)
            reasons = {hit.subject_id: "; ".join(hit.reasons) for hit in results.hits}
            found = _people(s, set(reasons), reasons)
            record(
                s,
                self.ctx,
                actor,
                "person.search",
                "subject",
                "",
                {"fields": query.fields(), "count": len(found)},
            )
            return found

    # --- opening ------------------------------------------------------------------------------
    def open_request(self, actor: Actor, subject_id: int, requester: str, received_on: date) -> int:
        """Open a request for the person of ``subject_id`` (and their other records), received
        on ``received_on``; gathers the partner's own contributions at once."""
        today = london_date(self.ctx.clock.now())
        if received_on > today:
            raise ValidationError(
                "The request cannot be received in the future.",
                {"received_on": "Not in the future."},
            )
        with self.ctx.store.transaction() as s:
            user = require_role(s, actor, SUBJECT_ACCESS_OFFICERS, "open a subject access request")
            anchor = s.get(Subject, subject_id)
            if anchor is None:
                raise NotFound("That person record does not exist.")
            records = person_records(s, [subject_id])
            found = gather(s, user.agency_id, records)
            year = received_on.year
            serial = 1 + int(
                s.scalar(
                    select(func.count()).where(SubjectAccessRequest.reference.like(f"SAR-{year}-%"))
                )
                or 0
            )
            request = SubjectAccessRequest(
                reference=f"SAR-{year}-{serial:04d}",
                agency_id=user.agency_id,
                person_name=f"{anchor.first_name} {anchor.last_name}",
                person_dob=anchor.dob,
                requester=requester.strip() or "The data subject",
                received_on=received_on,
                due_on=sar_due(received_on),
                extension_reason="",
                elsewhere=json.dumps(
                    {str(a): dict(kinds) for a, kinds in sorted(found.elsewhere.items())}
                ),
                opened_by_id=user.id,
                opened_at=self.ctx.clock.now(),
            )
            s.add(request)
            s.flush()
            s.add_all(SubjectAccessSubject(request_id=request.id, subject_id=r) for r in records)
            order = list(ItemKind)
            items = sorted(found.items, key=lambda g: order.index(g.kind))
            s.add_all(
                SubjectAccessItem(
                    request_id=request.id,
                    contact_id=g.contact_id,
                    kind=g.kind.value,
                    source_id=g.source_id,
                    position=n,
                    label=g.label[:300],
                    text=g.text,
                    decision=ItemDecision.PENDING.value,
                )
                for n, g in enumerate(items)
            )
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "subject_access.open",
                "subject_access",
                request.id,
                {
                    "reference": request.reference,
                    "on": received_on.isoformat(),
                    "due_on": request.due_on.isoformat(),
                    "items": len(items),
                    "partner": sorted(found.elsewhere),
                },
            )
            return request.id

    def extend(self, actor: Actor, request_id: int, reason: str) -> date:
        """Extend the time by two further months (once), with the reason; the new due date."""
        if len(reason.strip()) < 10:
            raise ValidationError(
                "Say why more time is needed (e.g. complex; several requests from the person).",
                {"reason": "Required."},
            )
        with self.ctx.store.transaction() as s:
            request, _user = load_request(s, actor, request_id, "extend a subject access request")
            if request.extended_at is not None:
                raise ValidationError("The time has already been extended once.", {})
            if responded_on(s, [request.id]):
                raise ValidationError("The request has been answered already.", {})
            request.extended_at = self.ctx.clock.now()
            request.extension_reason = reason.strip()
            request.due_on = sar_due(request.received_on, extended=True)
            record(
                s,
                self.ctx,
                actor,
                "subject_access.extend",
                "subject_access",
                request.id,
                {"due_on": request.due_on.isoformat(), "reason": reason.strip()},
            )
            return request.due_on

    # --- reading ------------------------------------------------------------------------------
    def list_requests(self, actor: Actor) -> list[SarRow]:
        """The partner's requests, the oldest due first."""
        with self.ctx.store.read() as s:
            user = require_role(s, actor, SUBJECT_ACCESS_OFFICERS, "see subject access requests")
            requests = list(
                s.scalars(
                    select(SubjectAccessRequest)
                    .where(SubjectAccessRequest.agency_id == user.agency_id)
                    .order_by(SubjectAccessRequest.due_on, SubjectAccessRequest.id)
                )
            )
            return _rows(s, requests, london_date(self.ctx.clock.now()))

    def detail(self, actor: Actor, request_id: int) -> SarDetail:
        """One request with its items to review (audited: it shows personal data)."""
        with self.ctx.store.transaction() as s:
            request, _user = load_request(s, actor, request_id, "review a subject access request")
            [row] = _rows(s, [request], london_date(self.ctx.clock.now()))
            items = list(
                s.scalars(
                    select(SubjectAccessItem)
                    .where(SubjectAccessItem.request_id == request.id)
                    .order_by(SubjectAccessItem.position)
                )
            )
            spans: dict[int, list[RedactionRow]] = {}
            for r in s.scalars(
                select(SubjectAccessRedaction)
                .where(SubjectAccessRedaction.item_id.in_([i.id for i in items]))
                .order_by(SubjectAccessRedaction.start)
            ):
                spans.setdefault(r.item_id, []).append(
                    RedactionRow(r.id, r.start, r.end, Exemption(r.exemption))
                )
            records = set(
                s.scalars(
                    select(SubjectAccessSubject.subject_id).where(
                        SubjectAccessSubject.request_id == request.id
                    )
                )
            )
            rights = {r for rows in rights_for_subjects(s, records).values() for r in rows}
            detail = SarDetail(
                row=row,
                person_dob=request.person_dob,
                extension_reason=request.extension_reason,
                items=tuple(
                    ItemRow(
                        i.id,
                        ItemKind(i.kind),
                        i.label,
                        i.text,
                        ItemDecision(i.decision),
                        Exemption(i.exemption) if i.exemption else None,
                        tuple(spans.get(i.id, ())),
                    )
                    for i in items
                ),
                elsewhere=elsewhere_rows(s, request.elsewhere),
                records=tuple(_people(s, records, {})),
                rights=tuple(sorted(rights, key=lambda r: r.id)),
            )
            record(s, self.ctx, actor, "subject_access.view", "subject_access", request.id)
            return detail


def elsewhere_rows(session: Session, elsewhere_json: str) -> tuple[tuple[str, str], ...]:
    """(partner, what it holds) for the partners that hold more on the person: ask them."""
    data: dict[str, dict[str, int]] = json.loads(elsewhere_json or "{}")
    names = dict(session.execute(select(Agency.id, Agency.name)).all())
    rows = []
    for agency_id, kinds in data.items():
        what = ", ".join(
            f"{n} \u00d7 {ItemKind(k).label.lower()}" for k, n in sorted(kinds.items())
        )
        rows.append((names.get(int(agency_id), "Another partner"), what))
    return tuple(sorted(rows))


def _rows(session: Session, requests: list[SubjectAccessRequest], today: date) -> list[SarRow]:
    ids = [r.id for r in requests]
    answered = responded_on(session, ids)
    counts: Counter[int] = Counter()
    pending: Counter[int] = Counter()
    for request_id, decision in session.execute(
        select(SubjectAccessItem.request_id, SubjectAccessItem.decision).where(
            SubjectAccessItem.request_id.in_(ids)
        )
    ):
        counts[request_id] += 1
        pending[request_id] += decision == ItemDecision.PENDING.value
    subjects: dict[int, set[int]] = {}
    for request_id, subject_id in session.execute(
        select(SubjectAccessSubject.request_id, SubjectAccessSubject.subject_id).where(
            SubjectAccessSubject.request_id.in_(ids)
        )
    ):
        subjects.setdefault(request_id, set()).add(subject_id)
    markers = subject_markers(session, {s for v in subjects.values() for s in v})
    return [
        SarRow(
            r.id,
            r.reference,
            r.person_name,
            r.requester,
            r.received_on,
            r.due_on,
            r.extended_at is not None,
            clock_state(r.due_on, today, answered.get(r.id)),
            answered.get(r.id),
            counts[r.id],
            pending[r.id],
            next((markers[s] for s in sorted(subjects.get(r.id, ())) if s in markers), ""),
        )
        for r in requests
    ]
