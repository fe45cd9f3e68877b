"""Person search (RQ-8, RQ-3): everyone named on a contact, child or household member, found
by name (tolerant of spelling and script, as the matcher is), date of birth (also with day
and month swapped), NHS number, other identifier (PNC ID, LA ID, UPN) and address; each
earlier contact shown with its reference, date, outcome and status, an open Children's
Social Care case marked.

Two layers, so other work can reuse the search (subject access requests, ISP-7):

- ``find_people(session, query)``: the search itself, inside the caller's transaction; no
  role check and no audit, so the caller does both.
- ``PersonSearchService.search(actor, query)``: for the desk; caseworkers only, and every
  search is audited with which kinds of detail were searched for and which records were
  shown, never the name, date or number typed (the trail holds no more personal data than
  the records it points to).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.contact_codes import ContactStatus, Outcome
from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.matching import candidate_dobs, dob_similarity
from mash_desktop.domain.nhs import normalise_nhs_number
from mash_desktop.domain.person_search import name_lookups, score_name
from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.rights.person import subject_markers
from mash_desktop.store.models import Contact, Subject

LIMIT = 200  # people-on-contacts shown at once; more asks for a narrower search
CANDIDATES = 5000  # read at most this many before scoring names

FIELD_WORDS = {
    "name": "name",
    "dob": "date of birth",
    "nhs_number": "NHS number",
    "identifier": "other identifier",
    "address": "address or postcode",
}


@dataclass(frozen=True)
class PersonQuery:
    """What the officer searched for; any mix, every part given must match."""

    name: str = ""
    dob: date | None = None
    nhs_number: str = ""
    identifier: str = ""  # PNC ID, LA ID or UPN, as typed
    address: str = ""  # words of the address and/or the postcode

    def fields(self) -> list[str]:
        """Which kinds of detail were searched for (what the audit trail records)."""
        given = {
            "name": bool(self.name.strip()),
            "dob": self.dob is not None,
            "nhs_number": bool(normalise_nhs_number(self.nhs_number)),
            "identifier": bool(self.identifier.strip()),
            "address": bool(self.address.strip()),
        }
        return [key for key, used in given.items() if used]


@dataclass(frozen=True)
class PersonHit:
    """One person named on one contact, as a search result."""

    subject_id: int
    contact_id: int
    reference: str
    received_at: datetime
    first_name: str
    last_name: str
    dob: date | None
    is_child: bool
    relationship: str  # to the child, for a household member
    address: str
    postcode: str
    nhs_number: str | None
    status: str
    outcome: str | None
    csc_case_open: bool
    allocated_team: str
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)
    rights: str = ""  # ISP-14: "RESTRICTED" / "OBJECTION RECORDED" where the person has one

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_words(self) -> str:
        if self.is_child:
            return "Child"
        return f"Household ({self.relationship})" if self.relationship else "Household"

    @property
    def status_words(self) -> str:
        return ContactStatus(self.status).label

    @property
    def outcome_words(self) -> str:
        return Outcome(self.outcome).label if self.outcome else "Not decided yet"

    @property
    def case_words(self) -> str:
        """The open Children's Social Care case, in plain words ('' when none)."""
        if not self.csc_case_open:
            return ""
        team = f": {self.allocated_team}" if self.allocated_team else ""
        return f"OPEN CSC CASE{team}"


@dataclass(frozen=True)
class PersonResults:
    hits: list[PersonHit]
    more: bool  # more were found than are shown: narrow the search

    @property
    def open_cases(self) -> list[PersonHit]:
        return [h for h in self.hits if h.csc_case_open]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(query: PersonQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    for lookup in name_lookups(query.name):
        found = [Subject.name_keys.like(f"% {_like_escape(k)} %", escape="\\") for k in lookup.keys]
        if lookup.part:
            found.append(Subject.name_keys.like(f"%{_like_escape(lookup.part)}%", escape="\\"))
        where.append(or_(*found))
    if query.dob is not None:
        where.append(Subject.dob.in_(candidate_dobs(query.dob)))
    nhs = normalise_nhs_number(query.nhs_number)
    if nhs:
        where.append(Subject.nhs_number == nhs)
    if query.identifier.strip():
        where.append(Subject.other_identifiers.icontains(query.identifier.strip(), autoescape=True))
    postcode = func.replace(Subject.postcode, " ", "")
    for word in query.address.split():
        where.append(
            or_(
                Subject.address.icontains(word, autoescape=True),
                postcode.icontains(word.replace(" ", ""), autoescape=True),
            )
        )
    return where


def _score(
    query: PersonQuery, exact: list[tuple[int, str]], first: str, last: str, dob: date | None
) -> tuple[int, list[str]] | None:
    """(score, reasons) for one candidate; ``exact`` the parts SQL matched exactly."""
    score, reasons = 0, list[str]()
    if query.name.strip():
        named = score_name(query.name, first, last)
        if named is None:
            return None
        score, reasons = named
    if query.dob is not None:
        similar = dob_similarity(query.dob, dob)
        if similar is None:
            return None
        score += similar[0]
        reasons.append(similar[1])
    for points, reason in exact:
        score += points
        reasons.append(reason)
    return score, reasons


# Parts of a query that SQL matched exactly: every candidate scores them alike.
_EXACT = (
    ("nhs_number", 100, "same NHS number"),
    ("identifier", 90, "same other identifier"),
    ("address", 10, "address matches"),
)

# What a result shows, read as plain columns: thousands of candidates as ORM objects (with
# each contact's concern text) took most of a one-word search's time.
_HIT_COLUMNS = (
    Subject.id,
    Contact.id,
    Contact.reference,
    Contact.received_at,
    Subject.first_name,
    Subject.last_name,
    Subject.dob,
    Subject.is_child,
    Subject.relationship_to_child,
    Subject.address,
    Subject.postcode,
    Subject.nhs_number,
    Contact.status,
    Contact.outcome,
    Contact.csc_case_open,
    Contact.allocated_team,
)


def find_people(s: Session, query: PersonQuery, limit: int = LIMIT) -> PersonResults:
    """Everyone on a contact matching ``query``, strongest first, then newest contact first.
    Runs in the caller's transaction; checks no role and audits nothing (the caller does)."""
    if not query.fields():
        raise ValidationError(
            "Type a name, a date of birth, an NHS number, an identifier or an address."
        )
    exact = [(points, reason) for kind, points, reason in _EXACT if kind in query.fields()]
    rows = s.execute(
        select(*_HIT_COLUMNS)
        .join(Contact, Contact.id == Subject.contact_id)
        .where(and_(*_conditions(query)))
        .order_by(Contact.received_at.desc(), Subject.id)
        .limit(CANDIDATES)
    ).all()
    hits: list[PersonHit] = []
    for row in rows:
        (sid, cid, reference, received, first, last, dob, child, relation, address, postcode,
         nhs, status, outcome, csc_open, team) = row  # fmt: skip
        scored = _score(query, exact, first, last, dob)
        if scored is None:
            continue
        hits.append(
            PersonHit(
                subject_id=sid,
                contact_id=cid,
                reference=reference,
                received_at=received,
                first_name=first,
                last_name=last,
                dob=dob,
                is_child=child,
                relationship=relation,
                address=address,
                postcode=postcode,
                nhs_number=nhs,
                status=status,
                outcome=outcome,
                csc_case_open=csc_open,
                allocated_team=team or "",
                score=scored[0],
                reasons=tuple(scored[1]),
            )
        )
    hits.sort(key=lambda h: (-h.score, -h.received_at.timestamp(), h.subject_id))
    shown = hits[:limit]
    markers = subject_markers(s, [h.subject_id for h in shown])
    shown = [replace(h, rights=markers.get(h.subject_id, "")) for h in shown]
    return PersonResults(shown, len(hits) > limit or len(rows) >= CANDIDATES)


class PersonSearchService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def search(self, actor: Actor, query: PersonQuery, limit: int = LIMIT) -> PersonResults:
        """Find a person (RQ-8); audited as 'person.search' with the kinds of detail searched
        for and the records shown, not the values typed (SEC-3)."""
        with self.ctx.store.read() as s:
            require_role(s, actor, CASEWORKERS, "search for people")
            results = find_people(s, query, limit)
        details = {
            "searched_for": [FIELD_WORDS[f] for f in query.fields()],
            "found": len(results.hits),
            "more": results.more,
            "contacts": sorted({h.contact_id for h in results.hits}),
            "people": [h.subject_id for h in results.hits],
        }
        with self.ctx.store.transaction() as s:
            record(s, self.ctx, actor, "person.search", "person", "", details)
        return results
