"""Agency research on a contact and sharing it under the protocol (ISP-1, ISP-2, ISP-3).

Need to know (ISP-2) is enforced here, in the queries, so that every caller (the Qt views,
the CLI, the intelligence package) sees the same thing: an agency's research is visible to its
own users; other agencies see the panel's state and only the items that were shared.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import ConflictError, NotFound, ValidationError
from mash_desktop.domain.input_rules import input_problems
from mash_desktop.domain.need_to_know import research_agency_for, sees_research
from mash_desktop.domain.rag import is_overdue
from mash_desktop.domain.roles import CASEWORKERS, RESEARCH_READERS, SENIOR_STAFF
from mash_desktop.domain.sharing import (
    Relevance,
    ResearchState,
    research_due_at,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import hidden, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.rows import (
    ContactResearch,
    DueRow,
    FindingInput,
    FindingRow,
    PanelRow,
    SubjectRef,
    agency_id_of,
    finding_row,
    load_contact,
    user_names,
    visible_to,
)
from mash_desktop.services.research.sharing import ResearchSharing
from mash_desktop.services.settings import read_setting
from mash_desktop.store.models import (
    Agency,
    Contact,
    ResearchFinding,
    ResearchRequest,
    Subject,
)

# Who researches: the partner agencies' desk officers and senior staff (not auditors/admins).


def _hours_by_rag(session: Session) -> dict[str, int]:
    return {
        rag: int(read_setting(session, f"rag_hours_{rag}")) for rag in ("red", "amber", "green")
    }


def _subject_name(subject: Subject) -> str:
    return f"{subject.first_name} {subject.last_name}".strip()


class ResearchService(ResearchSharing):
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- ISP-1: the MASH manager picks the agencies ------------------------------------------
    def request_research(
        self, actor: Actor, contact_id: int, agency_codes: Iterable[str]
    ) -> list[str]:
        """Ask each agency (case by case, ISP-5.4.1) to research the contact; returns new codes."""
        codes = sorted({c.strip().upper() for c in agency_codes if c.strip()})
        if not codes:
            raise ValidationError("Choose at least one agency.", {"agencies": "Required."})
        with self.ctx.store.transaction(row_locks=True) as s:
            require_role(s, actor, SENIOR_STAFF, "choose which agencies research a contact")
            contact = load_contact(s, contact_id, lock=True)  # one request list at a time
            agencies = {a.code: a for a in s.scalars(select(Agency).where(Agency.code.in_(codes)))}
            unknown = [c for c in codes if c not in agencies or not agencies[c].active]
            if unknown:
                raise ValidationError(
                    f"Not an active partner agency: {', '.join(unknown)}.", {"agencies": "Unknown."}
                )
            already = set(
                s.scalars(
                    select(Agency.code)
                    .join(ResearchRequest, ResearchRequest.agency_id == Agency.id)
                    .where(ResearchRequest.contact_id == contact.id)
                )
            )
            new = [c for c in codes if c not in already]
            now = self.ctx.clock.now()
            for code in new:
                s.add(
                    ResearchRequest(
                        contact_id=contact.id,
                        agency_id=agencies[code].id,
                        requested_by_id=actor.user_id,
                        requested_at=now,
                        state=ResearchState.REQUESTED.value,
                    )
                )
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "research.request",
                "contact",
                contact.id,
                {"agencies": new, "already": sorted(already & set(codes))},
            )
            return new

    # --- reading ------------------------------------------------------------------------------
    def find_contact(self, actor: Actor, reference: str) -> int:
        """The id of the contact with this reference (for the CLI and deep links)."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, RESEARCH_READERS, "read contacts")
            contact_id = s.scalar(select(Contact.id).where(Contact.reference == reference.strip()))
            if contact_id is None:
                raise NotFound(f"No contact with reference {reference}.")
            return contact_id

    def research_due(self, actor: Actor) -> list[DueRow]:
        """The actor's agency's research not yet submitted, soonest due first."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "see research due")
            agency_id = agency_id_of(s, actor)
            hours = _hours_by_rag(s)
            now = self.ctx.clock.now()
            rows = s.execute(
                select(ResearchRequest, Contact)
                .join(Contact, Contact.id == ResearchRequest.contact_id)
                .where(
                    ResearchRequest.agency_id == agency_id,
                    ResearchRequest.state.in_(
                        [ResearchState.REQUESTED.value, ResearchState.DRAFT.value]
                    ),
                )
            ).all()
            due = []
            for req, contact in rows:
                at = research_due_at(contact.received_at, contact.rag, hours)
                due.append(
                    DueRow(
                        req.id,
                        contact.id,
                        contact.reference,
                        contact.rag,
                        ResearchState(req.state),
                        req.requested_at,
                        at,
                        is_overdue(at, now),
                    )
                )
            due.sort(key=lambda r: (r.due_at, r.reference))
            record(
                s,
                self.ctx,
                actor,
                "research.due_list",
                "agency",
                actor.agency_code,
                {"count": len(due)},
            )
            return due

    def contact_research(self, actor: Actor, contact_id: int) -> ContactResearch:
        """Every requested agency's panel on the contact, filtered by need to know (ISP-2)."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, RESEARCH_READERS, "read agency research")
            # Auditors and administrators hold no research role: they see only what was shared,
            # even of their own agency (ISP-2 need to know, domain.need_to_know).
            agency_id = research_agency_for(actor.role, agency_id_of(s, actor))
            contact = load_contact(s, contact_id)
            requests = s.scalars(
                select(ResearchRequest)
                .where(ResearchRequest.contact_id == contact.id)
                .order_by(ResearchRequest.id)
            ).all()
            visible = s.execute(
                select(ResearchFinding, ResearchRequest.agency_id)
                .join(ResearchRequest, ResearchRequest.id == ResearchFinding.request_id)
                .where(ResearchRequest.contact_id == contact.id, visible_to(agency_id))
                .order_by(ResearchFinding.id)
            ).all()
            by_request: dict[int, list[ResearchFinding]] = {}
            for finding, _agency in visible:
                by_request.setdefault(finding.request_id, []).append(finding)
            with_shared = set(
                s.scalars(
                    select(ResearchFinding.request_id).where(
                        ResearchFinding.request_id.in_([r.id for r in requests]),
                        ResearchFinding.shared_at.is_not(None),
                    )
                )
            )
            names = user_names(s, {r.researcher_id for r in requests})
            hours = _hours_by_rag(s)
            due = research_due_at(contact.received_at, contact.rag, hours)
            panels = []
            for req in requests:
                own = req.agency_id == agency_id
                findings = by_request.get(req.id, [])
                state = ResearchState(req.state)
                if state is ResearchState.SUBMITTED and req.id in with_shared:
                    state = ResearchState.SHARED
                panels.append(
                    PanelRow(
                        request_id=req.id,
                        agency_code=req.agency.code,
                        agency_name=req.agency.name,
                        state=state,
                        requested_at=req.requested_at,
                        due_at=due,
                        researcher=names.get(req.researcher_id or 0, ""),
                        submitted_at=req.submitted_at,
                        own=own,
                        systems_checked=(
                            req.systems_checked
                            if sees_research(actor.role, agency_id, req.agency_id, False)
                            else ""
                        ),
                        findings=tuple(finding_row(f, req.agency) for f in findings),
                        version=req.version,
                    )
                )
            subjects = tuple(
                SubjectRef(sub.id, _subject_name(sub), sub.is_child, sub.relationship_to_child)
                for sub in contact.subjects
            )
            record(
                s,
                self.ctx,
                actor,
                "research.view",
                "contact",
                contact.id,
                {
                    "own_panel": [p.agency_code for p in panels if p.own],
                    "findings_shown": [f.id for p in panels for f in p.findings],
                },
            )
            return ContactResearch(
                contact.id, contact.reference, contact.rag, subjects, tuple(panels)
            )

    # --- the agency's own panel ---------------------------------------------------------------
    def _own_request(
        self, s: Session, actor: Actor, request_id: int, editing: bool = True
    ) -> ResearchRequest:
        require_role(s, actor, CASEWORKERS, "record agency research")
        req = s.get(ResearchRequest, request_id)
        # Another agency's panel is reported as missing, not as forbidden: need to know.
        message = "No such research request for your agency."
        if req is None:
            raise NotFound(message)
        if req.agency.code != actor.agency_code:
            raise hidden(actor, message, "open another agency's research request")
        if editing and req.state == ResearchState.SUBMITTED.value:
            raise ValidationError("This research was submitted; it can no longer be changed.")
        return req

    def save_panel(
        self, actor: Actor, request_id: int, systems_checked: str, version: int | None = None
    ) -> int:
        """Save the systems checked as a draft; returns the panel's new version."""
        with self.ctx.store.transaction() as s:
            req = self._own_request(s, actor, request_id)
            if version is not None and req.version != version:
                raise ConflictError(
                    "Someone in your agency saved this panel first; your text is kept, "
                    "reload to see theirs.",
                    mine=systems_checked,
                    theirs=req.systems_checked,
                )
            req.systems_checked = systems_checked.strip()
            self._touch(req, actor)
            s.flush()
            record(s, self.ctx, actor, "research.save", "research_request", req.id, {})
            return req.version

    def _touch(self, req: ResearchRequest, actor: Actor) -> None:
        req.state = ResearchState.DRAFT.value
        req.researcher_id = actor.user_id
        req.saved_at = self.ctx.clock.now()

    def _apply_finding(
        self, s: Session, req: ResearchRequest, finding: ResearchFinding, data: FindingInput
    ) -> None:
        errors = input_problems(data)
        if data.relevance not in {r.value for r in Relevance}:
            errors["relevance"] = "Choose how relevant the item is from the list."
        if not data.finding.strip():
            errors.setdefault("finding", "Say what was found (or 'nothing known').")
        if data.sensitive and not data.sensitivity_note.strip():
            errors["sensitivity_note"] = (
                "Say why it is sensitive (e.g. mental health, intelligence grading)."
            )
        about = "Household"
        if data.subject_id is not None:
            subject = s.get(Subject, data.subject_id)
            if subject is None or subject.contact_id != req.contact_id:
                errors["subject"] = "Choose a person named on this contact."
            else:
                about = _subject_name(subject)
        if errors:
            raise ValidationError("The item cannot be saved: " + " ".join(errors.values()), errors)
        finding.subject_id = data.subject_id
        finding.about = about
        finding.system = data.system.strip()
        finding.finding = data.finding.strip()
        finding.relevance = Relevance(data.relevance).value
        finding.sensitive = data.sensitive
        finding.sensitivity_note = data.sensitivity_note.strip() if data.sensitive else ""
        finding.updated_at = self.ctx.clock.now()

    def add_finding(self, actor: Actor, request_id: int, data: FindingInput) -> FindingRow:
        with self.ctx.store.transaction() as s:
            req = self._own_request(s, actor, request_id)
            now = self.ctx.clock.now()
            finding = ResearchFinding(
                request_id=req.id, created_by_id=actor.user_id, created_at=now, updated_at=now
            )
            self._apply_finding(s, req, finding, data)
            s.add(finding)
            self._touch(req, actor)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "research.finding_add",
                "research_finding",
                finding.id,
                {"request": req.id, "sensitive": finding.sensitive},
            )
            return finding_row(finding, req.agency)

    def update_finding(self, actor: Actor, finding_id: int, data: FindingInput) -> FindingRow:
        with self.ctx.store.transaction() as s:
            finding = self._own_finding(s, actor, finding_id)
            req = self._own_request(s, actor, finding.request_id)
            self._apply_finding(s, req, finding, data)
            self._touch(req, actor)
            record(s, self.ctx, actor, "research.finding_edit", "research_finding", finding.id)
            return finding_row(finding, req.agency)

    def delete_finding(self, actor: Actor, finding_id: int) -> None:
        with self.ctx.store.transaction() as s:
            finding = self._own_finding(s, actor, finding_id)
            req = self._own_request(s, actor, finding.request_id)
            s.delete(finding)
            self._touch(req, actor)
            record(s, self.ctx, actor, "research.finding_delete", "research_finding", finding_id)

    def submit(self, actor: Actor, request_id: int) -> None:
        """Submit the panel: it stops being a draft and its items can then be shared."""
        with self.ctx.store.transaction() as s:
            req = self._own_request(s, actor, request_id)
            if not req.systems_checked.strip():
                raise ValidationError(
                    "Record which systems were checked before submitting.",
                    {"systems_checked": "Required."},
                )
            req.state = ResearchState.SUBMITTED.value
            req.researcher_id = actor.user_id
            req.submitted_at = self.ctx.clock.now()
            record(
                s,
                self.ctx,
                actor,
                "research.submit",
                "research_request",
                req.id,
                {"items": len(req.findings)},
            )

    # --- ISP-2 / ISP-3: sharing an item -------------------------------------------------------
