"""Lawful bases, gateways and the public-interest test for sharing research (ISP-2..ISP-5).

Plain data taken from the Pan Dorset MASH Information Sharing Protocol (ISP) and its
legislation table; each entry carries the protocol reference it comes from, so a decision
recorded in the store can always be read back against the text the partners signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mash_desktop.domain.contact_codes import Rag
from mash_desktop.domain.lawful_sharing import Advice, Capacity, ThirdParties
from mash_desktop.domain.rag import decision_due


@dataclass(frozen=True)
class Basis:
    """One lawful condition or statutory gateway: a stable code, its words, its source."""

    code: str
    label: str
    reference: str


# Where each entry comes from, in words a person reads (a tooltip on the share form): the
# protocol's own paragraph numbers, never a code such as "ISP-5.2.1".
_PARA = "Information sharing protocol, paragraph "
_TABLE = "Information sharing protocol, legislation table"

# ISP-5.2.1: the DPA 1998 Schedule 2 conditions relevant to the MASH.
SCHEDULE_2: tuple[Basis, ...] = (
    Basis("S2-1", "The data subject has given consent to the processing", _PARA + "5.2.1 (1)"),
    Basis(
        "S2-2",
        "Necessary to meet a legal obligation of the data controller",
        _PARA + "5.2.1 (2)",
    ),
    Basis(
        "S2-3", "Necessary to protect the vital interests of the data subject", _PARA + "5.2.1 (3)"
    ),
    Basis(
        "S2-4a",
        "Necessary for the exercise of functions conferred by or under an enactment",
        _PARA + "5.2.1 (4)(a)",
    ),
    Basis(
        "S2-4b",
        "Necessary for other functions of a public nature exercised in the public interest",
        _PARA + "5.2.1 (4)(b)",
    ),
    Basis(
        "S2-5",
        "Necessary for legitimate interests of the controller or the recipients "
        "(not unwarranted by prejudice to the data subject)",
        _PARA + "5.2.1 (5)",
    ),
)

# ISP-5.2.2: the DPA 1998 Schedule 3 conditions (sensitive personal data) likely to apply.
SCHEDULE_3: tuple[Basis, ...] = (
    Basis("S3-1", "The data subject has given explicit consent", _PARA + "5.2.2 (1)"),
    Basis(
        "S3-2a",
        "Vital interests of the data subject or another, where consent cannot be given "
        "or cannot reasonably be obtained",
        _PARA + "5.2.2 (2)(a)",
    ),
    Basis(
        "S3-2b",
        "Vital interests of another person, where consent was unreasonably withheld",
        _PARA + "5.2.2 (2)(b)",
    ),
    Basis(
        "S3-3a",
        "Necessary for or in connection with legal proceedings (including prospective)",
        _PARA + "5.2.2 (3)(a)",
    ),
    Basis("S3-3b", "Necessary for obtaining legal advice", _PARA + "5.2.2 (3)(b)"),
    Basis(
        "S3-3c",
        "Necessary for establishing, exercising or defending legal rights",
        _PARA + "5.2.2 (3)(c)",
    ),
    Basis(
        "S3-4b",
        "Necessary for the exercise of functions conferred by or under an enactment",
        _PARA + "5.2.2 (4)(b)",
    ),
    Basis(
        "S3-5a",
        "Necessary for medical purposes and undertaken by a health professional",
        _PARA + "5.2.2 (5)(a)",
    ),
    Basis(
        "S3-5b",
        "Necessary for medical purposes and undertaken by a person owing an equivalent "
        "duty of confidentiality",
        _PARA + "5.2.2 (5)(b)",
    ),
)

# The legislation table ("Sharing information within the MASH: relevant Legislation and
# Statutory Guidance") and ISP-5.11 to 5.15.
GATEWAYS: tuple[Basis, ...] = (
    Basis("BCIA2009-s55", "Borders, Citizenship and Immigration Act 2009 s55", _TABLE),
    Basis(
        "CA1989-s17", "Children Act 1989 s17 (children in need)", _TABLE + " and paragraph 5.11.3"
    ),
    Basis(
        "CA1989-s47",
        "Children Act 1989 s47 (enquiries: significant harm)",
        _TABLE + " and paragraph 5.11.3",
    ),
    Basis(
        "CA2004-s10", "Children Act 2004 s10 (co-operation to improve well-being)", _PARA + "5.11.2"
    ),
    Basis(
        "CA2004-s11",
        "Children Act 2004 s11 (arrangements to safeguard and promote welfare)",
        _PARA + "5.11",
    ),
    Basis(
        "CDA1998-s17",
        "Crime and Disorder Act 1998 s17 (duty to prevent crime and disorder)",
        _TABLE,
    ),
    Basis(
        "CDA1998-s115",
        "Crime and Disorder Act 1998 s115 (disclosure to a relevant authority)",
        _TABLE + " and paragraph 5.13",
    ),
    Basis(
        "CJCSA2000-s67",
        "Criminal Justice and Court Services Act 2000 s67 (MAPPA risk arrangements)",
        _TABLE,
    ),
    Basis(
        "CJCSA2000-s68",
        "Criminal Justice and Court Services Act 2000 s68 (relevant sexual offender)",
        _TABLE,
    ),
    Basis(
        "DPA1998-s29",
        "Data Protection Act 1998 s29(3) (prevention or detection of crime)",
        _TABLE + " and paragraph 5.10",
    ),
    Basis(
        "DPA1998-s35",
        "Data Protection Act 1998 s35(1) (required by enactment, rule of law or court order)",
        _TABLE,
    ),
    Basis(
        "EA2002-s175",
        "Education Act 2002 s175 (safeguarding by education authorities)",
        _TABLE,
    ),
    Basis(
        "LGA1972-s111",
        "Local Government Act 1972 s111(1) (incidental powers)",
        _TABLE,
    ),
    Basis(
        "LGA2000-s2",
        "Local Government Act 2000 s2(1) (social well-being)",
        _TABLE,
    ),
    Basis(
        "LA2011-s1",
        "Localism Act 2011 s1 (general power of competence)",
        _PARA + "5.12",
    ),
    Basis(
        "NHSA2006-s82",
        "NHS Act 2006 s82 (co-operation of NHS bodies and local authorities)",
        _TABLE,
    ),
    Basis(
        "NHSA2006-s201",
        "NHS Act 2006 s201(3)(d) and (6) (criminal investigation or proceedings)",
        _TABLE,
    ),
    Basis(
        "HSCA2012-14Z23",
        "Health and Social Care Act 2012 s14Z23 (permitted disclosures by a CCG)",
        _TABLE,
    ),
    Basis(
        "HRA1998-a8",
        "Human Rights Act 1998 Art. 8(2) (necessary and in accordance with the law)",
        _PARA + "5.14",
    ),
    Basis(
        "MCA2005",
        "Mental Capacity Act 2005 (best interests, capacity assessed and documented)",
        _PARA + "5.15",
    ),
)

# ISP-6.1.4: "When judging the public interest, it is necessary to consider the following".
PUBLIC_INTEREST_QUESTIONS: tuple[Basis, ...] = (
    Basis("PI-1", "Is the intended disclosure proportionate to the intended aim?", _PARA + "6.1.4"),
    Basis("PI-2", "What is the vulnerability of those who are at risk?", _PARA + "6.1.4"),
    Basis(
        "PI-3",
        "What is the impact of disclosure likely to be on the individual to whom the "
        "information pertains?",
        _PARA + "6.1.4",
    ),
    Basis(
        "PI-4",
        "Is there another equally effective means of achieving the same aim?",
        _PARA + "6.1.4",
    ),
    Basis(
        "PI-5",
        "Is the disclosure necessary to prevent or detect crime and uphold the rights and "
        "freedoms of the public?",
        _PARA + "6.1.4",
    ),
    Basis(
        "PI-6", "Is it necessary to disclose the information to protect others?", _PARA + "6.1.4"
    ),
)

SCHEDULE_2_CODES = frozenset(b.code for b in SCHEDULE_2)
SCHEDULE_3_CODES = frozenset(b.code for b in SCHEDULE_3)
GATEWAY_CODES = frozenset(b.code for b in GATEWAYS)
QUESTION_CODES = tuple(b.code for b in PUBLIC_INTEREST_QUESTIONS)
_ALL = {b.code: b for b in (*SCHEDULE_2, *SCHEDULE_3, *GATEWAYS, *PUBLIC_INTEREST_QUESTIONS)}


def basis_label(code: str) -> str:
    """'CA1989-s47' -> 'Children Act 1989 s47 (...)'; an unknown code comes back as is."""
    basis = _ALL.get(code)
    return basis.label if basis else code


class ResearchState(StrEnum):
    """A panel's state. SHARED is shown when a submitted panel has at least one shared item."""

    REQUESTED = "requested"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SHARED = "shared"

    @property
    def label(self) -> str:
        return {
            "requested": "Requested - not started",
            "draft": "Draft - not submitted",
            "submitted": "Submitted - not shared",
            "shared": "Submitted - items shared",
        }[self.value]


class Relevance(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"high": "High", "medium": "Medium", "low": "Low", "none": "Not relevant"}[
            self.value
        ]


# Why an item may be sensitive, by kind of agency (ISP-5.2.2 sensitive personal data; ISP-6.1.7
# mental illness). Suggestions only: the officer may write any reason.
SENSITIVITY_EXAMPLES: dict[str, tuple[str, ...]] = {
    "health": ("mental health", "sexual health", "substance misuse", "treatment of mental illness"),
    "police": (
        "intelligence graded (5x5x5: source / intelligence / handling)",
        "live investigation",
        "third-party information",
    ),
    "la_csc": ("previous child protection plan", "third-party information"),
    "education": ("special educational needs", "pastoral disclosure"),
    "probation": ("MAPPA risk information", "offending history"),
    "youth_offending": ("offending history",),
    "housing": ("domestic abuse refuge address",),
    "border_agency": ("immigration status",),
}


class ConsentStatus(StrEnum):
    """ISP-6.1.1 to 6.1.3: consent given, refused, not sought (and why) or not possible."""

    GIVEN = "given"
    REFUSED = "refused"
    NOT_SOUGHT = "not_sought"
    NOT_POSSIBLE = "not_possible"

    @property
    def label(self) -> str:
        return {
            "given": "Consent given",
            "refused": "Consent refused",
            "not_sought": "Not sought (would prejudice the aims of the MASH)",
            "not_possible": "Could not be obtained",
        }[self.value]


class PartnerDecision(StrEnum):
    """ISP-6.1.6: the originating partner is the final arbiter."""

    DISCLOSE = "disclose"
    WITHHOLD = "withhold"

    @property
    def label(self) -> str:
        return {"disclose": "Disclose", "withhold": "Do not disclose"}[self.value]


@dataclass(frozen=True)
class SharingRequest:
    """What an officer fills in to share one research item with the MASH partners."""

    schedule2: tuple[str, ...] = ()
    schedule3: tuple[str, ...] = ()
    gateways: tuple[str, ...] = ()
    consent: ConsentStatus | None = None
    consent_note: str = ""
    answers: Mapping[str, str] | None = None  # PI-1..PI-6 -> answer
    duty_of_confidence: bool = False
    holder_representative: str = ""
    holder_views: str = ""
    partner_decision: PartnerDecision | None = None
    partner_decided_by: str = ""
    permit_outside_mash: bool = False
    permission_note: str = ""
    # ISP-10: consent needs capacity; third parties named (domain.lawful_sharing)
    consent_given_by: str = ""
    capacity: Capacity | None = None
    capacity_note: str = ""
    third_parties: ThirdParties | None = None
    third_party_note: str = ""
    # ISP-12: advice before sharing without consent
    advice: Advice | None = None
    advice_note: str = ""
    mental_illness_treatment: bool = False


def sharing_problems(req: SharingRequest, sensitive: bool) -> dict[str, str]:
    """Every reason the request cannot be recorded yet (field -> plain message); {} when complete.

    ISP-2 (lawful basis, consent, proportionality) and ISP-3 (duty of confidence).
    """
    problems: dict[str, str] = {}
    unknown = [
        c
        for c, valid in (
            *((c, SCHEDULE_2_CODES) for c in req.schedule2),
            *((c, SCHEDULE_3_CODES) for c in req.schedule3),
            *((c, GATEWAY_CODES) for c in req.gateways),
        )
        if c not in valid
    ]
    if unknown:
        problems["basis"] = f"Unknown condition or gateway: {', '.join(unknown)}."
    if not req.schedule2:
        problems["schedule2"] = "Choose at least one Data Protection Act 1998 Schedule 2 condition."
    if sensitive and not req.schedule3:
        problems["schedule3"] = (
            "This item is sensitive: choose at least one Schedule 3 condition as well."
        )
    if not req.gateways:
        problems["gateways"] = "Choose the statutory gateway(s) from the legislation table."
    if req.consent is None:
        problems["consent"] = "Record the consent status."
    elif req.consent is not ConsentStatus.GIVEN and not req.consent_note.strip():
        problems["consent_note"] = "Say why there is no consent."
    answers = req.answers or {}
    missing = [
        f"{n}. {q.label}"  # the question's number and words, never its code (PI-3)
        for n, q in enumerate(PUBLIC_INTEREST_QUESTIONS, start=1)
        if not str(answers.get(q.code, "")).strip()
    ]
    if missing:
        problems["answers"] = "Answer every public-interest question; unanswered: " + " / ".join(
            missing
        )
    if req.consent is not ConsentStatus.GIVEN and req.duty_of_confidence:
        if not req.holder_representative.strip():
            problems["holder_representative"] = (
                "Name the person representing the organisation that holds the duty of confidence."
            )
        if not req.holder_views.strip():
            problems["holder_views"] = "Record that representative's views."
        if req.partner_decision is None:
            problems["partner_decision"] = (
                "Record the originating partner's decision: it is the final arbiter."
            )
        elif not req.partner_decided_by.strip():
            problems["partner_decided_by"] = "Name who decided for the originating partner."
    return problems


def overrides_confidence(req: SharingRequest) -> bool:
    """Sharing without consent where a duty of confidence is owed (ISP-3)."""
    return req.consent is not ConsentStatus.GIVEN and req.duty_of_confidence


def research_due_at(received_at: datetime, rag: str, hours_by_rag: Mapping[str, int]) -> datetime:
    """Research is due when the contact's MASH decision is due (the RAG clock, RQ-2)."""
    return decision_due(received_at, Rag(rag), {Rag(k): int(v) for k, v in hours_by_rag.items()})
