"""Kinds of security incident, as the Information Security Protocol defines them (1.1.1)."""

from __future__ import annotations

from enum import StrEnum


class IncidentKind(StrEnum):
    UNAUTHORISED_DISCLOSURE = "unauthorised_disclosure"
    UNAUTHORISED_DESTRUCTION = "unauthorised_destruction"
    UNAUTHORISED_MODIFICATION = "unauthorised_modification"
    DENIAL_OF_ACCESS = "denial_of_access"
    UNAUTHORISED_ACCESS = "unauthorised_access"
    PREMISES_BREACH = "premises_breach"
    MISUSE_OF_DATA = "misuse_of_data"
    THEFT = "theft"
    MISPLACEMENT = "misplacement"
    CRYPTO_COMPROMISE = "crypto_compromise"
    UNAUTHORISED_HARDWARE_SOFTWARE = "unauthorised_hardware_software"
    OTHER = "other"

    @property
    def label(self) -> str:
        return INCIDENT_LABELS[self]


INCIDENT_LABELS = {
    IncidentKind.UNAUTHORISED_DISCLOSURE: "Unauthorised disclosure of information",
    IncidentKind.UNAUTHORISED_DESTRUCTION: "Unauthorised destruction of information",
    IncidentKind.UNAUTHORISED_MODIFICATION: "Unauthorised modification of information",
    IncidentKind.DENIAL_OF_ACCESS: "Unauthorised denial of access to authorised users",
    IncidentKind.UNAUTHORISED_ACCESS: "Unauthorised access, or attempted access, to systems or data",
    IncidentKind.PREMISES_BREACH: "Breach, or attempted breach, of MASH premises security",
    IncidentKind.MISUSE_OF_DATA: "Misuse of data",
    IncidentKind.THEFT: "Theft, or attempted theft, of assets",
    IncidentKind.MISPLACEMENT: "Misplacement of equipment, data, reports or media",
    IncidentKind.CRYPTO_COMPROMISE: "Compromise of cryptographic materials",
    IncidentKind.UNAUTHORISED_HARDWARE_SOFTWARE: "Unauthorised hardware or software introduced",
    IncidentKind.OTHER: "Other event affecting the security of shared information",
}
