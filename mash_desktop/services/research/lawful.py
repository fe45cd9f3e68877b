"""The lawful-sharing rules the research service applies inside its transactions, and the
originating partner's later steps on a shared item (ISP-3, ISP-10 to ISP-13).

- ISP-10 / ISP-12: the consent and advice answers (domain.lawful_sharing).
- ISP-11: the gateways chosen must fit the kind of body the sharing partner is.
- ISP-3: "do not disclose" from the originating partner is final: the item cannot be shared
  again until a manager of that partner reverses it with a reason; both are in the
  disclosure log.
- ISP-13 (services.research_corrections): the originator corrects a shared item.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.consent_basis import consent_basis_conflicts
from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.domain.lawful_sharing import (
    DEFAULT_BODY_TYPE,
    BodyType,
    ConsentFacts,
    concerns_mental_illness_treatment,
    consent_problems,
    gateway_misfits,
)
from mash_desktop.domain.roles import AgencyKind
from mash_desktop.domain.sharing import ConsentStatus, SharingRequest, basis_label
from mash_desktop.store.models import (
    Agency,
    ResearchFinding,
    SharingDecision,
    WithholdReversal,
)

NOT_DISCLOSED = "Not disclosed: the originating partner's decision (protocol paragraph 6.1.6)"


def body_type_of(agency: Agency) -> BodyType:
    if agency.body_type:
        return BodyType(agency.body_type)
    return DEFAULT_BODY_TYPE.get(AgencyKind(agency.kind), BodyType.NON_PUBLIC)


def lawful_problems(finding: ResearchFinding, req: SharingRequest) -> dict[str, str]:
    """ISP-10, ISP-11 and ISP-12 problems with this request for this item; {} when none."""
    agency = finding.request.agency
    # ISP-10: consent cannot be the basis while the consent recorded says it was not given.
    problems = consent_basis_conflicts(req.schedule2, req.schedule3, req.consent)
    misfits = gateway_misfits(req.gateways, body_type_of(agency))
    if misfits:
        problems["gateways"] = " ".join(
            f"{basis_label(code)} does not apply to {agency.name}: it {why}."
            for code, why in misfits.items()
        )
    consent_basis = (
        req.consent is ConsentStatus.GIVEN or "S2-1" in req.schedule2 or "S3-1" in req.schedule3
    )
    facts = ConsentFacts(
        consent_is_basis=consent_basis,
        given_by=req.consent_given_by,
        capacity=req.capacity,
        capacity_note=req.capacity_note,
        third_parties=req.third_parties,
        third_party_note=req.third_party_note,
        without_consent=req.consent is not None and req.consent is not ConsentStatus.GIVEN,
        advice=req.advice,
        advice_note=req.advice_note,
        mental_illness_treatment=concerns_mental_illness_treatment(
            finding.sensitivity_note, req.mental_illness_treatment
        ),
    )
    problems.update(consent_problems(facts))
    return problems


def record_answers(
    decision: SharingDecision, finding: ResearchFinding, req: SharingRequest
) -> None:
    """Keep the ISP-10 / ISP-12 answers on the decision."""
    decision.consent_given_by = req.consent_given_by.strip()
    decision.capacity = req.capacity.value if req.capacity else None
    decision.capacity_note = req.capacity_note.strip()
    decision.third_parties = req.third_parties.value if req.third_parties else None
    decision.third_party_note = req.third_party_note.strip()
    decision.advice = req.advice.value if req.advice else None
    decision.advice_note = req.advice_note.strip()
    decision.mental_illness_treatment = concerns_mental_illness_treatment(
        finding.sensitivity_note, req.mental_illness_treatment
    )


def standing_withhold(s: Session, finding_id: int) -> SharingDecision | None:
    """ISP-3: the latest "do not disclose" on the item, unless a manager reversed it."""
    latest = s.scalar(
        select(SharingDecision)
        .where(SharingDecision.finding_id == finding_id)
        .order_by(SharingDecision.id.desc())
        .limit(1)
    )
    if latest is None or latest.outcome != "withheld":
        return None
    reversed_ = s.scalar(
        select(WithholdReversal.id).where(WithholdReversal.decision_id == latest.id)
    )
    return None if reversed_ is not None else latest


def refuse_if_withheld(s: Session, finding: ResearchFinding) -> None:
    decision = standing_withhold(s, finding.id)
    if decision is not None:
        raise PermissionDenied(
            f"{decision.partner_decided_by or 'The originating partner'} decided this item may "
            "not be disclosed, and that decision is final (protocol paragraph 6.1.6). Only a "
            f"manager of {finding.request.agency.name} can reverse it, with the reason."
        )
