"""Agency research on a contact and sharing it under the protocol (ISP-1, ISP-2, ISP-3).

Need to know (ISP-2) is enforced here, in the queries, so that every caller (the Qt views,
the CLI, the intelligence package) sees the same thing: an agency's research is visible to its
own users; other agencies see the panel's state and only the items that were shared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import ConflictError, NotFound, ValidationError
from mash_desktop.domain.rag import is_overdue
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import (
    PartnerDecision,
    Relevance,
    ResearchState,
    SharingRequest,
    describe_basis,
    overrides_confidence,
    research_due_at,
    sharing_problems,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research_lawful import (
    NOT_DISCLOSED,
    lawful_problems,
    record_answers,
    refuse_if_withheld,
)
from mash_desktop.services.research_rows import (
    ContactResearch,
    DisclosureRow,
    DueRow,
    FindingInput,
    FindingRow,
    PanelRow,
    SubjectRef,
    agency_id_of,
    finding_row,
    item_label,
    load_contact,
    user_names,
    visible_to,
)
from mash_desktop.services.settings import read_setting
from mash_desktop.store.models import (
    Agency,
    Contact,
    Disclosure,
    ResearchFinding,
    ResearchRequest,
    SharingDecision,
    Subject,
    User,
)

# Who researches: the partner agencies' desk officers and senior staff (not auditors/admins).
RESEARCHERS = frozenset({Role.DESK_OFFICER, Role.MASH_MANAGER, Role.LA_MANAGER, Role.OOH_MANAGER})
READERS = frozenset({*RESEARCHERS, Role.AUDITOR, Role.ADMINISTRATOR})
MASH_PARTNERS = "MASH partners (within the MASH)"


@dataclass(frozen=True)
class ShareResult:
    finding_id: int
    shared: bool  # False: the originating partner decided not to disclose (recorded)
    message: str


def _hours_by_rag(session: Session) -> dict[str, int]:
    return {
        rag: int(read_setting(session, f"rag_hours_{rag}")) for rag in ("red", "amber", "green")
    }


def _subject_name(subject: Subject) -> str:
    return f"{subject.first_name} {subject.last_name}".strip()


class ResearchService:
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
        with self.ctx.store.transaction() as s:
            require_role(s, actor, {Role.MASH_MANAGER}, "choose which agencies research a contact")
            contact = load_contact(s, contact_id)
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
                        systems_checked="",
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
            require_role(s, actor, READERS, "read contacts")
            contact_id = s.scalar(select(Contact.id).where(Contact.reference == reference.strip()))
            if contact_id is None:
                raise NotFound(f"No contact with reference {reference}.")
            return contact_id

    def research_due(self, actor: Actor) -> list[DueRow]:
        """The actor's agency's research not yet submitted, soonest due first."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, RESEARCHERS, "see research due")
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
            require_role(s, actor, READERS, "read agency research")
            # Auditors and administrators hold no research role: they see only what was shared,
            # even of their own agency (ISP-2 need to know).
            agency_id = agency_id_of(s, actor) if actor.role in RESEARCHERS else -1
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
                        systems_checked=req.systems_checked if own else "",
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
        require_role(s, actor, RESEARCHERS, "record agency research")
        req = s.get(ResearchRequest, request_id)
        # Another agency's panel is reported as missing, not as forbidden: need to know.
        if req is None or req.agency.code != actor.agency_code:
            raise NotFound("No such research request for your agency.")
        if editing and req.state == ResearchState.SUBMITTED.value:
            raise ValidationError("This research was submitted; it can no longer be changed.")
        return req

    def _own_finding(self, s: Session, actor: Actor, finding_id: int) -> ResearchFinding:
        finding = s.get(ResearchFinding, finding_id)
        if finding is None or finding.request.agency.code != actor.agency_code:
            raise NotFound("No such research item for your agency.")
        return finding

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
        errors = {}
        if not data.finding.strip():
            errors["finding"] = "Say what was found (or 'nothing known')."
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
    def share(self, actor: Actor, finding_id: int, request: SharingRequest) -> ShareResult:
        """Share one submitted item with the MASH partners, recording its lawful basis.

        Refused (nothing written) while the basis, consent or any public-interest answer is
        missing. Without consent, where a duty of confidence is owed, the holder's views and
        the originating partner's decision are recorded; a decision not to disclose is final.
        """
        with self.ctx.store.transaction() as s:
            require_role(s, actor, RESEARCHERS, "share agency research")
            finding = self._own_finding(s, actor, finding_id)
            req = finding.request
            if req.state != ResearchState.SUBMITTED.value:
                raise ValidationError("Submit your agency's research before sharing items from it.")
            if finding.shared_at is not None:
                raise ValidationError("This item is already shared.")
            refuse_if_withheld(s, finding)  # ISP-3
            problems = sharing_problems(request, finding.sensitive)
            problems.update(lawful_problems(finding, request))  # ISP-10, ISP-11, ISP-12
            if problems:
                raise ValidationError(
                    "The item cannot be shared yet: " + " ".join(problems.values()), problems
                )
            now = self.ctx.clock.now()
            withheld = (
                overrides_confidence(request)
                and request.partner_decision is PartnerDecision.WITHHOLD
            )
            decision = SharingDecision(
                finding_id=finding.id,
                decided_by_id=actor.user_id,
                decided_at=now,
                outcome="withheld" if withheld else "shared",
                schedule2=json.dumps(list(request.schedule2)),
                schedule3=json.dumps(list(request.schedule3)),
                gateways=json.dumps(list(request.gateways)),
                consent=request.consent.value if request.consent else "",
                consent_note=request.consent_note.strip(),
                answers=json.dumps(dict(request.answers or {}), sort_keys=True),
                duty_of_confidence=request.duty_of_confidence,
                holder_representative=request.holder_representative.strip(),
                holder_views=request.holder_views.strip(),
                partner_decision=request.partner_decision.value
                if request.partner_decision
                else None,
                partner_decided_by=request.partner_decided_by.strip(),
            )
            record_answers(decision, finding, request)
            s.add(decision)
            s.flush()
            label = item_label(finding, req.agency)
            basis = describe_basis(request.schedule2, request.schedule3, request.gateways)
            audit_details = {
                "decision": decision.id,
                "consent": decision.consent,
                "basis": basis,
                "duty_of_confidence": request.duty_of_confidence,
                "partner_decision": decision.partner_decision,
            }
            if withheld:
                log_disclosure(  # ISP-3: the decision not to disclose is in the log too
                    s,
                    self.ctx,
                    actor,
                    req,
                    finding_id=finding.id,
                    package_id=None,
                    to_party=NOT_DISCLOSED,
                    what=label,
                    basis=basis,
                )
                record(
                    s,
                    self.ctx,
                    actor,
                    "research.share_withheld",
                    "research_finding",
                    finding.id,
                    audit_details,
                )
                return ShareResult(
                    finding.id,
                    False,
                    f"Not shared: {request.partner_decided_by} decided for {req.agency.name} "
                    f"not to disclose {label}. The decision is recorded and final.",
                )
            finding.shared_at = now
            if request.permit_outside_mash:
                self._permit(finding, actor, request.permission_note or "granted when shared")
            log_disclosure(
                s,
                self.ctx,
                actor,
                req,
                finding_id=finding.id,
                package_id=None,
                to_party=MASH_PARTNERS,
                what=f"{label}: relevance {Relevance(finding.relevance).label}",
                basis=basis,
            )
            record(
                s, self.ctx, actor, "research.share", "research_finding", finding.id, audit_details
            )
            return ShareResult(finding.id, True, f"Shared {label} with the MASH partners.")

    def _permit(self, finding: ResearchFinding, actor: Actor, note: str) -> None:
        finding.outside_permitted = True
        finding.outside_permitted_by_id = actor.user_id
        finding.outside_permitted_at = self.ctx.clock.now()
        finding.outside_permission_note = note.strip()

    def set_outside_permission(
        self, actor: Actor, finding_id: int, permitted: bool, note: str
    ) -> None:
        """The originating partner grants or withdraws leave to disseminate outside the MASH
        (ISP-7.1.4); only its own users can."""
        if not note.strip():
            raise ValidationError(
                "Record who gave the permission and why it is within the agreed principles.",
                {"note": "Required."},
            )
        with self.ctx.store.transaction() as s:
            require_role(s, actor, RESEARCHERS, "grant dissemination permission")
            finding = self._own_finding(s, actor, finding_id)
            if finding.shared_at is None:
                raise ValidationError("Share the item within the MASH first.")
            if permitted:
                self._permit(finding, actor, note)
            else:
                finding.outside_permitted = False
                finding.outside_permitted_by_id = actor.user_id
                finding.outside_permitted_at = self.ctx.clock.now()
                finding.outside_permission_note = note.strip()
            record(
                s,
                self.ctx,
                actor,
                "research.outside_permission",
                "research_finding",
                finding.id,
                {"permitted": permitted, "note": note.strip()},
            )

    def disclosures(self, actor: Actor, contact_id: int) -> list[DisclosureRow]:
        """The contact's onward-sharing log, newest first."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, READERS, "read the disclosure log")
            contact = load_contact(s, contact_id)
            rows = s.execute(
                select(Disclosure, User.full_name, Agency.name)
                .join(User, User.id == Disclosure.disclosed_by_id)
                .join(Agency, Agency.id == Disclosure.from_agency_id)
                .where(Disclosure.contact_id == contact.id)
                .order_by(Disclosure.at.desc(), Disclosure.id.desc())
            ).all()
            result = [
                DisclosureRow(d.id, d.at, by, agency, d.to_party, d.what, d.basis)
                for d, by, agency in rows
            ]
            record(
                s, self.ctx, actor, "disclosure.view", "contact", contact.id, {"count": len(result)}
            )
            return result


def log_disclosure(
    s: Session,
    ctx: AppContext,
    actor: Actor,
    req: ResearchRequest,
    *,
    finding_id: int | None,
    package_id: int | None,
    to_party: str,
    what: str,
    basis: str,
) -> Disclosure:
    """One row of the onward-sharing log, audited in the same transaction."""
    entry = Disclosure(
        contact_id=req.contact_id,
        finding_id=finding_id,
        package_id=package_id,
        at=ctx.clock.now(),
        disclosed_by_id=actor.user_id,
        from_agency_id=req.agency_id,
        to_party=to_party,
        what=what,
        basis=basis,
    )
    s.add(entry)
    s.flush()
    record(
        s,
        ctx,
        actor,
        "disclosure",
        "contact",
        req.contact_id,
        {
            "disclosure": entry.id,
            "from": req.agency.code,
            "to": to_party,
            "what": what,
            "basis": basis,
            "item": finding_id,
            "package": package_id,
        },
    )
    return entry
