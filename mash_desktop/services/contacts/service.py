"""Contacts: intake (RQ-1), drafts, viewing, claiming (RQ-6), saving with optimistic locking,
triage decisions and routing of open CSC cases (RQ-4, RQ-5, SD-0). Every view and every
change is audited inside its own transaction.

For the strategy discussion work (SD-0): ``can_start_strategy_discussion(contact)`` (the pure
rule from ``domain.triage``, importable from here) or
``ContactService.strategy_discussion_allowed(actor, contact_id)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import Channel, ContactStatus, Outcome, Rag, status_sentence
from mash_desktop.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.names import as_stored, search_text
from mash_desktop.domain.nhs import normalise_nhs_number
from mash_desktop.domain.person_search import name_keys
from mash_desktop.domain.rag import decision_due, hours_from_settings
from mash_desktop.domain.roles import CASEWORKERS, DECIDERS, SENIOR_STAFF
from mash_desktop.domain.triage import (
    ContactInput,
    RuleAnswer,
    SubjectInput,
    can_start_strategy_discussion,
    outcome_allowed,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.contacts import identity
from mash_desktop.services.contacts.codes import intake_problems
from mash_desktop.services.contacts.drafts import ContactDrafts
from mash_desktop.services.contacts.rows import ContactDetail, contact_detail
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.settings import read_setting
from mash_desktop.store.models import Agency, Contact, Subject, User


@dataclass(frozen=True)
class ContactEdit:
    """The triage fields an officer holding the claim may change."""

    rag: Rag
    rag_reason: str
    concern: str
    call_notes: str
    child_in_hospital: bool
    csc_case_open: bool
    allocated_team: str


def rag_hours(session: Session) -> dict[Rag, int]:
    """The RAG clock table from the hub's settings (RQ-2)."""
    return hours_from_settings(
        {f"rag_hours_{r.value}": read_setting(session, f"rag_hours_{r.value}") for r in Rag}
    )


def child_search_text(children: list[tuple[str, str]]) -> str:
    """What the queue's free-text filter searches: every child's name, lower case as typed,
    romanised and by its variant keys (RQ-8: 'Zoe' finds Zoë, 'Mohamed' finds Muhammad)."""
    return search_text(children)


class ContactService(ContactDrafts):
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- intake -----------------------------------------------------------------------------
    def intake(self, actor: Actor, data: ContactInput) -> ContactDetail:
        """Log a new contact (RQ-1); the RAG clock starts at receipt (RQ-2)."""
        with self.ctx.store.transaction(row_locks=True) as s:
            user = require_role(s, actor, CASEWORKERS, "log contacts")
            now = self.ctx.clock.now()
            errors = intake_problems(data, now, {a.code: a for a in s.scalars(select(Agency))})
            if errors:
                raise ValidationError(
                    "Some details are missing or wrong: see the marked fields.", errors
                )
            assert data.received_at is not None
            assert data.channel is not None
            rag = Rag(data.rag)
            agencies = {a.code: a for a in s.scalars(select(Agency))}
            la = agencies.get(data.la_agency_code) if data.la_agency_code else None
            next_id = self.ctx.store.reserve_id(s, Contact.__tablename__)
            contact = Contact(
                id=next_id,
                reference=f"MASH-{data.received_at:%Y}-{next_id:06d}",
                la_agency_id=la.id if la else None,
                referrer_agency_id=agencies[data.referrer_agency_code].id,
                referrer_name=data.referrer_name.strip(),
                referrer_contact=data.referrer_contact.strip(),
                channel=data.channel.value,
                received_at=data.received_at,
                concern=data.concern.strip(),
                consent_obtained=bool(data.consent_obtained),
                consent_reason=None if data.consent_obtained else data.consent_reason.strip(),
                child_in_hospital=data.child_in_hospital,
                call_notes=data.call_notes.strip() or None,
                rag=rag.value,
                rag_reason=data.rag_reason.strip(),
                decision_due_at=decision_due(data.received_at, rag, rag_hours(s)),
                status=ContactStatus.OPEN.value,
                csc_case_open=data.csc_case_open,
                allocated_team=data.allocated_team.strip() or None,
                created_by_id=user.id,
                created_at=now,
                updated_at=now,
            )
            for person in data.children:
                contact.subjects.append(_subject(person, True))
            for person in data.household:
                contact.subjects.append(_subject(person, False))
            refresh_queue_columns(contact)
            s.add(contact)
            s.flush()
            self.drop_drafts(s, user.id)  # logged: no draft stays, here or on the hub (SEC-9)
            record(
                s,
                self.ctx,
                actor,
                "contact.create",
                "contact",
                contact.id,
                {
                    "reference": contact.reference,
                    "channel": contact.channel,
                    "rag": contact.rag,
                    "children": sum(1 for p in data.children),
                },
            )
            return self._detail(s, contact)

    # --- reading ----------------------------------------------------------------------------
    def get(self, actor: Actor, contact_id: int) -> ContactDetail:
        """One contact, in full; the view is audited before the data is returned (SEC-3).
        Read without the write lock; only the audit entry is a (short) write (issue 13)."""
        with self.ctx.store.read() as s:
            require_role(s, actor, CASEWORKERS, "see contacts")
            detail = self._detail(s, _load(s, contact_id))
        with self.ctx.store.transaction(row_locks=True) as s:
            record(s, self.ctx, actor, "contact.view", "contact", detail.id)
        return detail

    def strategy_discussion_allowed(self, actor: Actor, contact_id: int) -> RuleAnswer:
        """SD-0 for the strategy discussion service: may this contact go to one?"""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "see contacts")
            contact = _load(s, contact_id)
            return identity.strategy_answer(s, contact, can_start_strategy_discussion(contact))

    # --- claiming (RQ-6) -------------------------------------------------------------------
    def claim(self, actor: Actor, contact_id: int) -> ContactDetail:
        """Take the contact to work it; refused while another officer holds it."""
        with self.ctx.store.transaction(row_locks=True) as s:
            user = require_role(s, actor, CASEWORKERS, "claim contacts")
            contact = _load(s, contact_id, lock=True)
            if contact.claimed_by_id not in (None, user.id):
                holder = s.get(User, contact.claimed_by_id)
                raise ConflictError(
                    f"{holder.full_name if holder else 'Another officer'} holds this contact "
                    f"(claimed {format_london(contact.claimed_at)}). Ask them to release it, "
                    "or ask a MASH manager to take it over.",
                    theirs=holder.full_name if holder else None,
                )
            if contact.status != ContactStatus.OPEN.value:
                raise ValidationError(f"{status_sentence(contact.status)}: it cannot be claimed.")
            if contact.claimed_by_id != user.id:
                contact.claimed_by_id = user.id
                contact.claimed_at = self.ctx.clock.now()
                contact.updated_at = self.ctx.clock.now()
                s.flush()
                record(s, self.ctx, actor, "contact.claim", "contact", contact.id)
            return self._detail(s, contact)

    def release(self, actor: Actor, contact_id: int) -> ContactDetail:
        with self.ctx.store.transaction(row_locks=True) as s:
            user = require_role(s, actor, CASEWORKERS, "release contacts")
            contact = _load(s, contact_id, lock=True)
            if contact.claimed_by_id is None:
                return self._detail(s, contact)
            if contact.claimed_by_id != user.id:
                raise PermissionDenied(
                    "Only the officer holding a contact can release it; a MASH manager can take "
                    "it over."
                )
            contact.claimed_by_id = None
            contact.claimed_at = None
            contact.updated_at = self.ctx.clock.now()
            s.flush()
            record(s, self.ctx, actor, "contact.release", "contact", contact.id)
            return self._detail(s, contact)

    def take_over(self, actor: Actor, contact_id: int, reason: str) -> ContactDetail:
        """A MASH manager moves the claim to themselves (audited with the previous holder)."""
        with self.ctx.store.transaction(row_locks=True) as s:
            user = require_role(s, actor, SENIOR_STAFF, "take over a claimed contact")
            if not reason.strip():
                raise ValidationError(
                    "Give the reason for taking the contact over.", {"reason": "Required."}
                )
            contact = _load(s, contact_id, lock=True)
            previous = contact.claimed_by_id
            contact.claimed_by_id = user.id
            contact.claimed_at = self.ctx.clock.now()
            contact.updated_at = self.ctx.clock.now()
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "contact.take_over",
                "contact",
                contact.id,
                {"from_user_id": previous, "reason": reason.strip()},
            )
            return self._detail(s, contact)

    # --- saving with optimistic locking ----------------------------------------------------
    def save(
        self, actor: Actor, contact_id: int, expected_version: int, edit: ContactEdit
    ) -> ContactDetail:
        """Save triage fields; refuses with both versions if someone saved in between."""
        with self.ctx.store.transaction(row_locks=True) as s:
            user = require_role(s, actor, CASEWORKERS, "change contacts")
            contact = _load(s, contact_id, lock=True)
            self._check_version(s, contact, expected_version, asdict(edit))
            _require_claim(contact, user.id)
            errors: dict[str, str] = {}
            if edit.rag.value != contact.rag and not edit.rag_reason.strip():
                errors["rag_reason"] = "Give the reason for the RAG rating."
            if not edit.concern.strip():
                errors["concern"] = "Describe the concern."
            if contact.channel == Channel.PHONE.value and not edit.call_notes.strip():
                errors["call_notes"] = "A phone contact needs the call notes."
            if edit.csc_case_open and not edit.allocated_team.strip():
                errors["allocated_team"] = "The CSC case is open: name the allocated team."
            if errors:
                raise ValidationError("Some details are missing: see the marked fields.", errors)
            before = _editable(contact)
            if edit.rag.value != contact.rag:
                contact.decision_due_at = decision_due(contact.received_at, edit.rag, rag_hours(s))
            contact.rag = edit.rag.value
            contact.rag_reason = edit.rag_reason.strip()
            contact.concern = edit.concern.strip()
            contact.call_notes = edit.call_notes.strip() or None
            contact.child_in_hospital = edit.child_in_hospital
            contact.csc_case_open = edit.csc_case_open
            contact.allocated_team = edit.allocated_team.strip() or None
            after = _editable(contact)
            changed = sorted(k for k in after if after[k] != before[k])
            if changed:
                contact.updated_at = self.ctx.clock.now()
                s.flush()
                record(
                    s,
                    self.ctx,
                    actor,
                    "contact.update",
                    "contact",
                    contact.id,
                    {"fields": changed, "rag": contact.rag},
                )
            return self._detail(s, contact)

    def decide(
        self,
        actor: Actor,
        contact_id: int,
        expected_version: int,
        outcome: Outcome,
        rationale: str,
    ) -> ContactDetail:
        """Record the MASH outcome with who decided, when and why (RQ-5)."""
        with self.ctx.store.transaction(row_locks=True) as s:
            user = require_role(s, actor, DECIDERS, "record the MASH decision")
            contact = _load(s, contact_id, lock=True)
            mine = {"outcome": outcome.value, "outcome_rationale": rationale}
            self._check_version(s, contact, expected_version, mine)
            _require_claim(contact, user.id)
            if contact.status != ContactStatus.OPEN.value:
                raise ValidationError(f"{status_sentence(contact.status)} already.")
            refusal = identity.open_case_refusal(s, contact)
            if refusal:
                raise ValidationError(
                    refusal, {"outcome": outcome_allowed(outcome, True).reason or "Route instead."}
                )
            if not rationale.strip():
                raise ValidationError(
                    "Record why this outcome was chosen.", {"rationale": "Required."}
                )
            contact.outcome = outcome.value
            _close(contact, user.id, ContactStatus.DECIDED, rationale.strip(), self.ctx.clock.now())
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "contact.decide",
                "contact",
                contact.id,
                {"outcome": outcome.value},
            )
            return self._detail(s, contact)

    def route_to_allocated_team(
        self, actor: Actor, contact_id: int, expected_version: int, rationale: str
    ) -> ContactDetail:
        """RQ-4 / SD-0: a contact on an open CSC case goes to the allocated team."""
        with self.ctx.store.transaction(row_locks=True) as s:
            user = require_role(s, actor, CASEWORKERS, "route contacts")
            contact = _load(s, contact_id, lock=True)
            self._check_version(s, contact, expected_version, {"outcome_rationale": rationale})
            _require_claim(contact, user.id)
            elsewhere = None if contact.csc_case_open else identity.open_case_elsewhere(s, contact)
            if elsewhere is not None and elsewhere.allocated_team:
                # RQ-4: matched to the same child's open case; it goes to that team.
                contact.allocated_team = elsewhere.allocated_team
            elif not contact.csc_case_open or not contact.allocated_team:
                raise ValidationError(
                    "Only a contact on an open CSC case, with its allocated team named, is "
                    "routed. Save the CSC case details first.",
                    {"allocated_team": "Name the allocated team and save."},
                )
            if contact.status != ContactStatus.OPEN.value:
                raise ValidationError(f"{status_sentence(contact.status)} already.")
            why = rationale.strip() or f"Open CSC case: routed to {contact.allocated_team}."
            _close(contact, user.id, ContactStatus.ROUTED, why, self.ctx.clock.now())
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "contact.route",
                "contact",
                contact.id,
                {"team": contact.allocated_team},
            )
            return self._detail(s, contact)

    # --- helpers ----------------------------------------------------------------------------
    def _check_version(
        self, s: Session, contact: Contact, expected: int, mine: dict[str, Any]
    ) -> None:
        if contact.version == expected:
            return
        theirs = self._detail(s, contact)
        who = s.get(User, contact.claimed_by_id) if contact.claimed_by_id else None
        raise ConflictError(
            f"{contact.reference} was changed by someone else at "
            f"{format_london(contact.updated_at)}"
            + (f" (now held by {who.full_name})" if who else "")
            + " after you opened it. Nothing of yours was saved: compare the two versions, "
            "then apply yours again on top of theirs or keep theirs.",
            mine=mine,
            theirs=theirs,
        )

    def _detail(self, s: Session, contact: Contact) -> ContactDetail:
        ids = {i for i in (contact.claimed_by_id, contact.outcome_by_id) if i}
        names: dict[int, str] = {}
        if ids:
            for uid, name in s.execute(select(User.id, User.full_name).where(User.id.in_(ids))):
                names[uid] = name
        agency_ids = {i for i in (contact.referrer_agency_id, contact.la_agency_id) if i}
        agencies = {
            a.id: (a.code, a.name)
            for a in s.scalars(select(Agency).where(Agency.id.in_(agency_ids)))
        }
        return identity.with_open_case(s, contact, contact_detail(contact, names, agencies))


def _load(s: Session, contact_id: int, lock: bool = False) -> Contact:
    """The contact with its people; ``lock``: its row held to the commit (a second writer waits)."""
    query = select(Contact).where(Contact.id == contact_id).options(selectinload(Contact.subjects))
    contact = s.scalar(query.with_for_update(of=Contact) if lock else query)
    if contact is None:
        raise NotFound("That contact does not exist.")
    return contact


def _require_claim(contact: Contact, user_id: int) -> None:
    if contact.claimed_by_id is None:
        raise PermissionDenied("Claim the contact before working it.")
    if contact.claimed_by_id != user_id:
        raise PermissionDenied(
            "Another officer holds this contact; nothing was saved. Ask them to release it."
        )


def _editable(contact: Contact) -> dict[str, Any]:
    return {
        "rag": contact.rag,
        "rag_reason": contact.rag_reason,
        "concern": contact.concern,
        "call_notes": contact.call_notes,
        "child_in_hospital": contact.child_in_hospital,
        "csc_case_open": contact.csc_case_open,
        "allocated_team": contact.allocated_team,
    }


def _subject(person: SubjectInput, is_child: bool) -> Subject:
    nhs = normalise_nhs_number(person.nhs_number)
    return Subject(
        is_child=is_child,
        relationship_to_child=person.relationship_to_child.strip(),
        first_name=as_stored(person.first_name),
        last_name=as_stored(person.last_name),
        dob=person.dob,
        gender=person.gender.strip(),
        address=person.address.strip(),
        postcode=person.postcode.strip().upper(),
        nhs_number=nhs or None,
        school=person.school.strip(),
        other_identifiers=person.other_identifiers.strip(),
    )


def refresh_queue_columns(contact: Contact) -> None:
    """Keep the queue's child columns and the name search keys (RQ-8) in step with people."""
    for person in contact.subjects:
        person.name_keys = name_keys(person.first_name, person.last_name)
    children = [s for s in contact.subjects if s.is_child]
    contact.child_count = len(children)
    first = f"{children[0].first_name} {children[0].last_name}" if children else ""
    contact.first_child_name = first[:200]  # its column's width (two 100-letter names: 201)
    contact.first_child_dob = children[0].dob if children else None
    contact.child_search = child_search_text([(c.first_name, c.last_name) for c in children])


def _close(
    contact: Contact, user_id: int, status: ContactStatus, rationale: str, now: datetime
) -> None:
    """Leave the queue: decided or routed, by whom, when and why; the claim ends."""
    contact.status = status.value
    contact.outcome_by_id = user_id
    contact.outcome_at = now
    contact.outcome_rationale = rationale
    contact.claimed_by_id = None
    contact.claimed_at = None
    contact.updated_at = now
