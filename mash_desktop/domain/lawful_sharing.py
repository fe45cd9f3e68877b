"""Lawful sharing rules the protocol adds to the basis and the public-interest test.

- ISP-10 consent needs capacity (glossary: "the person consenting must have the capacity to
  make the decision"; ISP-5.15.1 a decision not to assess capacity is documented), and
  consent covers only the data subject: third parties named are asked, or why not is said
  (ISP-6.1.1).
- ISP-11 a statutory gateway applies only to the bodies it names (ISP-5.11.1, ISP-5.13 and the
  legislation table).
- ISP-12 sharing without consent records whether specialist or legal advice was taken; for
  information about treatment for mental illness it must have been (ISP-6.1.6, 6.1.7).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mash_desktop.domain.reasons import is_a_reason
from mash_desktop.domain.roles import AgencyKind


class BodyType(StrEnum):
    """What kind of body a partner is, for the gateways that depend on it (ISP-11)."""

    LOCAL_AUTHORITY = "local_authority"
    POLICE = "police"
    PROBATION = "probation"
    NHS = "nhs"  # NHS trusts, foundation trusts, CCGs and other NHS statutory bodies
    OTHER_PUBLIC = "other_public"
    NON_PUBLIC = "non_public"  # charities, private providers, non-NHS healthcare providers

    @property
    def label(self) -> str:
        return {
            "local_authority": "Local authority",
            "police": "Police",
            "probation": "Probation",
            "nhs": "NHS body (trust, CCG or other NHS statutory body)",
            "other_public": "Other public body",
            "non_public": "Not a public body (charity, private or non-NHS provider)",
        }[self.value]


# The body a partner of each kind is, unless the hub says otherwise for that partner.
DEFAULT_BODY_TYPE = {
    AgencyKind.POLICE: BodyType.POLICE,
    AgencyKind.LA_CSC: BodyType.LOCAL_AUTHORITY,
    AgencyKind.HEALTH: BodyType.NHS,
    AgencyKind.EDUCATION: BodyType.LOCAL_AUTHORITY,
    AgencyKind.PROBATION: BodyType.PROBATION,
    AgencyKind.YOUTH_OFFENDING: BodyType.LOCAL_AUTHORITY,
    AgencyKind.HOUSING: BodyType.LOCAL_AUTHORITY,
    AgencyKind.BORDER_AGENCY: BodyType.OTHER_PUBLIC,
    AgencyKind.OTHER: BodyType.NON_PUBLIC,
}

_PUBLIC = frozenset(BodyType) - {BodyType.NON_PUBLIC}
# ISP-5.13: "Relevant authorities include: Police, Probation, Local Authorities, NHS Trusts,
# CCG's and other NHS statutory bodies."
_S115_AUTHORITIES = frozenset(
    {BodyType.POLICE, BodyType.PROBATION, BodyType.LOCAL_AUTHORITY, BodyType.NHS}
)

# Gateway code -> (the bodies it applies to, the protocol's words for who they are).
GATEWAY_BODIES: dict[str, tuple[frozenset[BodyType], str]] = {
    "CA2004-s10": (_PUBLIC, "the public sector bodies that are partners (protocol paragraph 5.11)"),
    "CA2004-s11": (
        _PUBLIC,
        "public sector bodies only, not charities, private providers or healthcare "
        "providers that are not NHS trusts (protocol paragraph 5.11.1)",
    ),
    "CDA1998-s115": (
        _S115_AUTHORITIES,
        "its relevant authorities: police, probation, local authorities, NHS trusts, CCGs "
        "and other NHS statutory bodies (protocol paragraph 5.13)",
    ),
    "LGA1972-s111": (frozenset({BodyType.LOCAL_AUTHORITY}), "local authorities"),
    "LGA2000-s2": (frozenset({BodyType.LOCAL_AUTHORITY}), "local authorities"),
    "LA2011-s1": (
        frozenset({BodyType.LOCAL_AUTHORITY}),
        "local authorities (protocol paragraph 5.12)",
    ),
    "EA2002-s175": (frozenset({BodyType.LOCAL_AUTHORITY}), "local education authorities"),
    "NHSA2006-s82": (
        frozenset({BodyType.NHS, BodyType.LOCAL_AUTHORITY}),
        "NHS bodies and local authorities",
    ),
    "NHSA2006-s201": (frozenset({BodyType.NHS}), "NHS bodies"),
    "HSCA2012-14Z23": (frozenset({BodyType.NHS}), "clinical commissioning groups"),
}


def gateway_misfits(gateways: tuple[str, ...], body: BodyType) -> dict[str, str]:
    """Gateway code -> why it does not apply to this kind of body (ISP-11); {} when all fit."""
    out = {}
    for code in gateways:
        rule = GATEWAY_BODIES.get(code)
        if rule is not None and body not in rule[0]:
            out[code] = f"applies to {rule[1]}"
    return out


class Capacity(StrEnum):
    """ISP-10: the consenting person's capacity to make the decision."""

    HAD_CAPACITY = "had_capacity"
    NOT_ASSESSED = "not_assessed"  # documented reason required (ISP-5.15.1)
    LACKED_CAPACITY = "lacked_capacity"  # then it is not consent

    @property
    def label(self) -> str:
        return {
            "had_capacity": "Had capacity to decide",
            "not_assessed": "Capacity not assessed (reason recorded)",
            "lacked_capacity": "Lacked capacity (this is not valid consent)",
        }[self.value]


class ThirdParties(StrEnum):
    """ISP-10 (ISP-6.1.1): consent of other people named in the information."""

    NONE_NAMED = "none_named"
    CONSENT_SOUGHT = "sought"
    NOT_SOUGHT = "not_sought"  # the overriding principles: reason recorded

    @property
    def label(self) -> str:
        return {
            "none_named": "No other person is named",
            "sought": "Their consent was sought",
            "not_sought": "Not sought (reason recorded)",
        }[self.value]


class Advice(StrEnum):
    """ISP-12: specialist or legal advice before sharing without consent."""

    TAKEN = "taken"
    NOT_TAKEN = "not_taken"

    @property
    def label(self) -> str:
        return {
            "taken": "Specialist or legal advice taken",
            "not_taken": "No advice taken",
        }[self.value]


@dataclass(frozen=True)
class ConsentFacts:
    """The ISP-10 and ISP-12 answers of one sharing decision."""

    consent_is_basis: bool
    given_by: str = ""
    capacity: Capacity | None = None
    capacity_note: str = ""
    third_parties: ThirdParties | None = None
    third_party_note: str = ""
    without_consent: bool = False
    advice: Advice | None = None
    advice_note: str = ""
    mental_illness_treatment: bool = False


def consent_problems(f: ConsentFacts) -> dict[str, str]:
    """Field -> plain message for each ISP-10 / ISP-12 answer missing; {} when complete."""
    problems: dict[str, str] = {}
    if f.consent_is_basis:
        if not is_a_reason(f.given_by):
            problems["consent_given_by"] = "Name who gave consent."
        if f.capacity is None:
            problems["capacity"] = "Say whether they had capacity to consent."
        elif f.capacity is Capacity.LACKED_CAPACITY:
            problems["capacity"] = (
                "Consent from someone without capacity is not valid consent: choose another "
                "lawful basis."
            )
        elif f.capacity is Capacity.NOT_ASSESSED and not is_a_reason(f.capacity_note):
            problems["capacity_note"] = (
                "Document the good reason capacity was not assessed (protocol paragraph 5.15.1)."
            )
        if f.third_parties is None:
            problems["third_parties"] = (
                "Say whether other people are named and whether their consent was sought "
                "(protocol paragraph 6.1.1)."
            )
        elif f.third_parties is ThirdParties.NOT_SOUGHT and not is_a_reason(f.third_party_note):
            problems["third_party_note"] = (
                "Say why the consent of the other people named was not sought "
                "(protocol paragraph 6.1.1)."
            )
    if f.without_consent:
        if f.advice is None:
            problems["advice"] = (
                "Sharing without consent: say whether specialist or legal advice was taken "
                "(protocol paragraph 6.1.6)."
            )
        elif f.advice is Advice.TAKEN and not is_a_reason(f.advice_note):
            problems["advice_note"] = "Say whose advice was taken and what it was."
        elif f.advice is Advice.NOT_TAKEN and f.mental_illness_treatment:
            problems["advice"] = (
                "This is about treatment for mental illness: take professional and legal "
                "advice before sharing it without consent (protocol paragraph 6.1.7)."
            )
    return problems


MENTAL_ILLNESS_WORDS = ("mental illness", "mental health treatment", "psychiatric")


def concerns_mental_illness_treatment(sensitivity_note: str, flagged: bool) -> bool:
    """Flagged by the officer, or the item's sensitivity note says so."""
    note = sensitivity_note.casefold()
    return flagged or any(word in note for word in MENTAL_ILLNESS_WORDS)
