"""Roles, agency kinds and the default partner list (REQUIREMENTS.md: Partners)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    DESK_OFFICER = "desk_officer"
    MASH_MANAGER = "mash_manager"
    LA_MANAGER = "la_manager"
    OOH_MANAGER = "ooh_manager"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.DESK_OFFICER: "Desk officer",
    Role.MASH_MANAGER: "MASH manager",
    Role.LA_MANAGER: "LA manager",
    Role.OOH_MANAGER: "Out-of-hours manager",
    Role.AUDITOR: "Auditor",
    Role.ADMINISTRATOR: "Administrator",
}

# Who may do what: every permission set is named here once; services enforce them and the UI
# reads the same sets to decide what to offer.
_R = Role
CASEWORKERS = frozenset({_R.DESK_OFFICER, _R.MASH_MANAGER, _R.LA_MANAGER, _R.OOH_MANAGER})
"""Log, see, claim and route contacts; research their own agency's systems; feed back."""
CASE_READERS = CASEWORKERS | {_R.AUDITOR}
"""Read case records (strategy discussions, actions due); administrators do accounts only."""
RESEARCH_READERS = CASEWORKERS | {_R.AUDITOR, _R.ADMINISTRATOR}
"""Read agency research panels and the disclosure log, under need to know (ISP-2)."""
DECIDERS = frozenset({_R.MASH_MANAGER, _R.LA_MANAGER})
"""Record the MASH decision on a contact (RQ-5)."""
SENIOR_STAFF = frozenset({_R.MASH_MANAGER})
"""Authorised senior staff: choose researching agencies, take over claims, compose and print
the final intelligence package (ISP-1, ISP-4, RQ-6)."""
CHAIRS = frozenset({_R.LA_MANAGER, _R.OOH_MANAGER})
"""Request, chair and record strategy discussions (SD-4, SD-9)."""
STRATEGY_OVERSEERS = frozenset({_R.MASH_MANAGER, _R.AUDITOR})
"""See every strategy discussion of the hub, whatever the agency."""
OOH_LIST_READERS = frozenset({_R.LA_MANAGER, _R.MASH_MANAGER})
"""See the "from out of hours" list and resolve escalations (SD-9, SD-10)."""
PARTNER_MANAGERS = frozenset({_R.MASH_MANAGER, _R.LA_MANAGER, _R.OOH_MANAGER})
"""A manager of a partner: reverses that partner's own "do not disclose" (ISP-3)."""
PAPER_HANDLERS = CASEWORKERS | {_R.ADMINISTRATOR}
"""Move, check out, return and destroy paper copies; auditors read the register only."""
AUDIT_READERS = frozenset({_R.MASH_MANAGER, _R.AUDITOR, _R.ADMINISTRATOR})
"""Read the audit trail and security incidents (SEC-3, SEC-4)."""
BOARD_REPORTERS = frozenset({_R.MASH_MANAGER, _R.ADMINISTRATOR})
"""Record that incidents went to the Management Board; see the user list."""
RECORDS_MANAGERS = frozenset({_R.MASH_MANAGER, _R.LA_MANAGER, _R.ADMINISTRATOR})
"""Retention schedules, legal holds and two-person destruction (ISP-9); an LA manager for
their own LA's records only."""
GOVERNANCE_READERS = frozenset({_R.MASH_MANAGER, _R.AUDITOR, _R.ADMINISTRATOR})
"""See the agreement, its signatories, staff acknowledgements, non-compliance and complaints
(GOV-2, GOV-3)."""
SUBJECT_ACCESS_OFFICERS = PARTNER_MANAGERS
"""A partner's information governance user: answers subject access requests from that
partner's own contributions and records objections and restrictions (ISP-7, ISP-14)."""
ADMINISTRATORS = frozenset({_R.ADMINISTRATOR})
"""Accounts, partners, settings and cabinets; never case records."""


class AgencyKind(StrEnum):
    POLICE = "police"
    LA_CSC = "la_csc"
    HEALTH = "health"
    EDUCATION = "education"
    PROBATION = "probation"
    YOUTH_OFFENDING = "youth_offending"
    HOUSING = "housing"
    BORDER_AGENCY = "border_agency"
    OTHER = "other"


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: AgencyKind


DEFAULT_AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec("POLICE", "Dorset Police", AgencyKind.POLICE),
    AgencySpec("LA-DORSET", "Dorset Council Children's Social Care", AgencyKind.LA_CSC),
    AgencySpec("LA-BOURNEMOUTH", "Bournemouth Children's Social Care", AgencyKind.LA_CSC),
    AgencySpec("LA-POOLE", "Poole Children's Social Care", AgencyKind.LA_CSC),
    AgencySpec("HEALTH", "Health (CCG and NHS trusts)", AgencyKind.HEALTH),
    AgencySpec("EDUCATION", "Education", AgencyKind.EDUCATION),
    AgencySpec("PROBATION", "Probation", AgencyKind.PROBATION),
    AgencySpec("YOT", "Youth Offending Service", AgencyKind.YOUTH_OFFENDING),
    AgencySpec("HOUSING", "Housing", AgencyKind.HOUSING),
    AgencySpec("UKBA", "UK Border Agency", AgencyKind.BORDER_AGENCY),
)
