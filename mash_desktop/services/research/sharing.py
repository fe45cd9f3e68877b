"""Sharing research under the protocol (ISP-2, ISP-3, ISP-5): the lawful basis, the disclosure log and permission for information to leave the MASH."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.basis_words import basis_words, describe_basis
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import CASEWORKERS, RESEARCH_READERS
from mash_desktop.domain.sharing import (
    PartnerDecision,
    Relevance,
    ResearchState,
    SharingRequest,
    overrides_confidence,
    sharing_problems,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import hidden, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.lawful import (
    NOT_DISCLOSED,
    lawful_problems,
    record_answers,
    refuse_if_withheld,
)
from mash_desktop.services.research.rows import (
    DisclosureRow,
    item_label,
    load_contact,
)
from mash_desktop.store.models import (
    Agency,
    Disclosure,
    ResearchFinding,
    ResearchRequest,
    SharingDecision,
    User,
)

MASH_PARTNERS = "MASH partners (within the MASH)"


@dataclass(frozen=True)
class ShareResult:
    finding_id: int
    shared: bool  # False: the originating partner decided not to disclose (recorded)
    message: str


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


class ResearchSharing:
    """Part of ResearchService; split out to keep modules short."""

    ctx: AppContext

    def _own_finding(self, s: Session, actor: Actor, finding_id: int) -> ResearchFinding:
        finding = s.get(ResearchFinding, finding_id)
        message = "No such research item for your agency."
        if finding is None:
            raise NotFound(message)
        if finding.request.agency.code != actor.agency_code:
            raise hidden(actor, message, "open another agency's research item")
        return finding

    def share(self, actor: Actor, finding_id: int, request: SharingRequest) -> ShareResult:
        """Share one submitted item with the MASH partners, recording its lawful basis.

        Refused (nothing written) while the basis, consent or any public-interest answer is
        missing. Without consent, where a duty of confidence is owed, the holder's views and
        the originating partner's decision are recorded; a decision not to disclose is final.
        """
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CASEWORKERS, "share agency research")
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
            require_role(s, actor, CASEWORKERS, "grant dissemination permission")
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
            require_role(s, actor, RESEARCH_READERS, "read the disclosure log")
            contact = load_contact(s, contact_id)
            rows = s.execute(
                select(Disclosure, User.full_name, Agency.name)
                .join(User, User.id == Disclosure.disclosed_by_id)
                .join(Agency, Agency.id == Disclosure.from_agency_id)
                .where(Disclosure.contact_id == contact.id)
                .order_by(Disclosure.at.desc(), Disclosure.id.desc())
            ).all()
            result = [
                DisclosureRow(
                    d.id, d.at, by, agency, basis_words(d.to_party), d.what, basis_words(d.basis)
                )
                for d, by, agency in rows
            ]
            record(
                s, self.ctx, actor, "disclosure.view", "contact", contact.id, {"count": len(result)}
            )
            return result
