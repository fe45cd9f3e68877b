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

AUDIT_READERS = frozenset({Role.MASH_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR})


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
