"""A child's chronology (RQ-8), on screen and as a printable document: every contact about
the child, its MASH decision, agency research as the viewer may see it (ISP-2), strategy
discussions, their actions and conference dates, newest first, each with who and when.

The child is the person the officer chose plus every record the hub knows is the same child
by strong evidence (same NHS number or other identifier, or an officer's "same child"
decision: ``identity.same_child_subject_ids``); spelling-tolerant suggestions join only
when someone confirms them. Research another agency has not shared is left out, as on the
research panels; a strategy discussion the viewer's agency is not involved in shows only
that one was held (need to know). Viewing is audited with what was shown; the same check
decides who may print it as a controlled copy (SEC-5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import ContactStatus, Outcome
from mash_desktop.domain.errors import NotFound
from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.domain.sharing import Relevance
from mash_desktop.domain.strategy import ActionStatus, AssessmentOutcome, Flow4Outcome
from mash_desktop.printing.document import Block, KeyValues, Paragraph, PrintableDocument, Table
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.contacts.identity import same_child_subject_ids
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.rows import agency_id_of, user_names, visible_to
from mash_desktop.services.strategy.common import agency_of, may_view
from mash_desktop.store.models import (
    Agency,
    Contact,
    ResearchFinding,
    ResearchRequest,
    StrategyAction,
    StrategyDiscussion,
    StrategyOutcomeFeedback,
    Subject,
)

CHRONOLOGY_OBJECT = "chronology"  # print register and audit object type; the id is a subject


@dataclass(frozen=True)
class ChronologyEntry:
    when: datetime
    what: str  # the kind of event, in words
    contact_reference: str
    detail: str
    who: str


@dataclass(frozen=True)
class Chronology:
    subject_id: int
    child_name: str
    child_dob: date | None
    contact_references: tuple[str, ...]
    entries: tuple[ChronologyEntry, ...]  # newest first
    open_case: str  # '' or the open CSC case in words
    withheld_discussions: int  # discussions shown without details (need to know)


def require_chronology_view(session: Session, actor: Actor, object_id: str) -> Subject:
    """Who may see (and so print) a child's chronology: whoever may see contacts."""
    require_role(session, actor, CASEWORKERS, "see a child's chronology")
    try:
        child = session.get(Subject, int(object_id))
    except (TypeError, ValueError):
        child = None
    if child is None or not child.is_child:
        raise NotFound("No such child.")
    return child


def _label(codes: type, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(codes(value).label)
    except ValueError:
        return value


def _contact_entries(
    c: Contact, names: dict[int, str], agencies: dict[int, str]
) -> list[ChronologyEntry]:
    referrer = agencies.get(c.referrer_agency_id or 0, "")
    who = ", ".join(x for x in (c.referrer_name, referrer) if x)
    entries = [ChronologyEntry(c.received_at, "Contact received", c.reference, c.concern, who)]
    if c.outcome_at is not None:
        if c.status == ContactStatus.ROUTED.value:
            what, words = "Routed to the allocated team", c.allocated_team or ""
        else:
            what, words = "MASH decision", _label(Outcome, c.outcome)
        detail = ": ".join(x for x in (words, c.outcome_rationale or "") if x)
        entries.append(
            ChronologyEntry(
                c.outcome_at, what, c.reference, detail, names.get(c.outcome_by_id or 0, "")
            )
        )
    return entries


class ChronologyService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def chronology(self, actor: Actor, subject_id: int) -> Chronology:
        """The child's story, newest first, as ``actor`` may see it; the view is audited."""
        with self.ctx.store.transaction() as s:
            child = require_chronology_view(s, actor, str(subject_id))
            result, shown = build_chronology(s, actor, child)
            record(s, self.ctx, actor, "person.chronology_view", CHRONOLOGY_OBJECT, child.id, shown)
            return result

    def printable(self, actor: Actor, subject_id: int) -> PrintableDocument:
        """The chronology for controlled-copy printing (SEC-5); the view is audited here,
        the print itself by the copy register."""
        with self.ctx.store.transaction() as s:
            child = require_chronology_view(s, actor, str(subject_id))
            result, shown = build_chronology(s, actor, child)
            record(
                s, self.ctx, actor, "person.chronology_print", CHRONOLOGY_OBJECT, child.id, shown
            )
        return chronology_document(result, actor.full_name)


def build_chronology(
    s: Session, actor: Actor, child: Subject
) -> tuple[Chronology, dict[str, list[int]]]:
    """The chronology and what it shows (for the audit entry), in the caller's transaction."""
    subject_ids = {child.id} | same_child_subject_ids(s, child)
    contacts = list(
        s.scalars(
            select(Contact)
            .join(Subject, Subject.contact_id == Contact.id)
            .where(Subject.id.in_(subject_ids))
            .distinct()
        )
    )
    contact_ids = [c.id for c in contacts]
    refs = {c.id: c.reference for c in contacts}
    agencies = {a.id: a.name for a in s.scalars(select(Agency))}
    entries: list[ChronologyEntry] = []
    user_ids: set[int | None] = {c.outcome_by_id for c in contacts}
    # Research: own agency's, or shared; not about another child on the same contact.
    my_agency = agency_id_of(s, actor)
    findings = s.execute(
        select(ResearchFinding, ResearchRequest)
        .join(ResearchRequest, ResearchRequest.id == ResearchFinding.request_id)
        .outerjoin(Subject, Subject.id == ResearchFinding.subject_id)
        .where(ResearchRequest.contact_id.in_(contact_ids), visible_to(my_agency))
        .where((Subject.id.is_(None)) | (Subject.is_child.is_(False)) | Subject.id.in_(subject_ids))
        .order_by(ResearchFinding.id)
    ).all()
    discussions = list(
        s.scalars(select(StrategyDiscussion).where(StrategyDiscussion.contact_id.in_(contact_ids)))
    )
    my_agency_row = agency_of(s, actor)
    seen = [d for d in discussions if may_view(actor, my_agency_row, d)]
    seen_ids = [d.id for d in seen]
    actions = list(
        s.scalars(select(StrategyAction).where(StrategyAction.discussion_id.in_(seen_ids)))
    )
    feedback = list(
        s.scalars(
            select(StrategyOutcomeFeedback).where(
                StrategyOutcomeFeedback.discussion_id.in_(seen_ids)
            )
        )
    )
    for f, _req in findings:
        user_ids.add(f.created_by_id)
    for d in discussions:
        user_ids |= {d.requested_by_id, d.chair_id, d.completed_by_id}
    user_ids |= {a.created_by_id for a in actions} | {f.recorded_by_id for f in feedback}
    names = user_names(s, user_ids)
    for c in contacts:
        entries += _contact_entries(c, names, agencies)
    for f, req in findings:
        agency = agencies.get(req.agency_id, "")
        shared = f.shared_at is not None
        what = f"Research shared by {agency}" if shared else f"Research by {agency} (not shared)"
        about = f"About {f.about}. " if f.about else ""
        system = f"{f.system}: " if f.system else ""
        detail = f"{about}{system}{f.finding} (relevance: {_label(Relevance, f.relevance)})"
        entries.append(
            ChronologyEntry(
                f.shared_at or f.created_at,
                what,
                refs[req.contact_id],
                detail,
                names.get(f.created_by_id, ""),
            )
        )
    seen_set = set(seen_ids)
    discussion_refs = {d.id: refs[d.contact_id] for d in discussions}
    for d in discussions:
        ref = refs[d.contact_id]
        if d.id not in seen_set:
            entries.append(
                ChronologyEntry(
                    d.requested_at,
                    "Strategy discussion",
                    ref,
                    "Held or requested; only the agencies involved can see it.",
                    "",
                )
            )
            continue
        entries.append(
            ChronologyEntry(
                d.requested_at,
                "Strategy discussion requested",
                ref,
                f"{d.reference}: {d.reason}",
                names.get(d.requested_by_id, ""),
            )
        )
        if d.held_at is not None:
            entries.append(
                ChronologyEntry(
                    d.held_at,
                    "Strategy discussion held",
                    ref,
                    f"{d.reference}. {d.information_shared}".strip(),
                    names.get(d.chair_id or 0, ""),
                )
            )
        if d.completed_at is not None:
            entries.append(
                ChronologyEntry(
                    d.completed_at,
                    "Strategy discussion outcome",
                    ref,
                    _label(Flow4Outcome, d.outcome) or "Recorded",
                    names.get(d.completed_by_id or 0, ""),
                )
            )
    for a in actions:
        entries.append(
            ChronologyEntry(
                a.created_at,
                "Action agreed",
                discussion_refs[a.discussion_id],
                f"{a.description} (for {a.owner_person}, {agencies.get(a.owner_agency_id, '')}; "
                f"due {a.due_on:%d/%m/%Y}; {_label(ActionStatus, a.status).lower()})",
                names.get(a.created_by_id, ""),
            )
        )
    for fb in feedback:
        when = (
            f"conference on {fb.conference_on:%d/%m/%Y}"
            if fb.conference_on
            else "no conference date"
        )
        entries.append(
            ChronologyEntry(
                fb.recorded_at,
                "Assessment outcome and conference date",
                discussion_refs[fb.discussion_id],
                f"{_label(AssessmentOutcome, fb.assessment_outcome)}; {when}",
                names.get(fb.recorded_by_id, ""),
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    newest_open = next(
        (c for c in sorted(contacts, key=lambda c: c.received_at, reverse=True) if c.csc_case_open),
        None,
    )
    open_case = ""
    if newest_open is not None:
        team = newest_open.allocated_team or "a team not named"
        open_case = f"OPEN CSC CASE (contact {newest_open.reference}, allocated to {team})"
    result = Chronology(
        subject_id=child.id,
        child_name=f"{child.first_name} {child.last_name}".strip(),
        child_dob=child.dob,
        contact_references=tuple(sorted(refs.values())),
        entries=tuple(entries),
        open_case=open_case,
        withheld_discussions=len(discussions) - len(seen),
    )
    shown = {
        "contacts": sorted(contact_ids),
        "findings": [f.id for f, _r in findings],
        "discussions": sorted(seen_ids),
    }
    return result, shown


def chronology_document(c: Chronology, printed_for: str) -> PrintableDocument:
    """Every entry the viewer may see, newest first, with who and when."""
    pairs = [
        ("Child", c.child_name),
        ("Date of birth", c.child_dob.strftime("%d/%m/%Y") if c.child_dob else "Not known"),
        ("Contacts", ", ".join(c.contact_references)),
        ("Children's Social Care", c.open_case or "No open case recorded"),
        (
            "Shown as",
            f"{printed_for} may see it (research not shared with their agency is left out)",
        ),
    ]
    blocks: list[Block] = [KeyValues(tuple(pairs))]
    if c.withheld_discussions:
        blocks.append(
            Paragraph(
                f"{c.withheld_discussions} strategy discussion(s) are listed without details: "
                "only the agencies involved can see them."
            )
        )
    blocks.append(
        Table(
            ("When", "What", "Contact", "Details", "Who"),
            tuple(
                (format_london(e.when), e.what, e.contact_reference, e.detail, e.who or "-")
                for e in c.entries
            ),
            widths=(1.3, 1.6, 2.0, 4.2, 1.4),
        )
    )
    return PrintableDocument(
        kind="chronology",
        title=f"Chronology of {c.child_name}",
        object_type=CHRONOLOGY_OBJECT,
        object_id=str(c.subject_id),
        blocks=tuple(blocks),
        about=f"Chronology of {c.child_name}",
    )
