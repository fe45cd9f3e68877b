"""Plain words for the codes of data subjects' rights (ISP-7, ISP-14); merged into the tables
of ``plain_words`` so one lookup serves every code."""

from __future__ import annotations

from mash_desktop.domain.subject_access import Exemption, ItemDecision, ItemKind, RightKind

AUDIT_ACTIONS = {
    "person_right.record": "Recorded a data subject's objection or restriction",
    "person_right.lift": "Ended a data subject's objection or restriction",
    "subject_access.open": "Opened a subject access request",
    "subject_access.extend": "Extended the time to answer a subject access request",
    "subject_access.view": "Reviewed a subject access request",
    "subject_access.item_decide": "Decided an item of a subject access request",
    "subject_access.redact": "Blacked out part of an item of a subject access request",
    "subject_access.unredact": "Un-blacked part of an item of a subject access request",
    "subject_access.response": "Produced the response to a subject access request",
}

OBJECT_TYPES = {"subject_access": "Subject access request", "person": "Person"}


def value_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for enum in (Exemption, ItemDecision, ItemKind, RightKind):
        for member in enum:
            words[member.value] = member.label
    return words
