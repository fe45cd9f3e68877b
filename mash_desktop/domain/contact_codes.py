"""Codes used on a contact (RQ-1, RQ-2, RQ-5)."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    SECURE_EMAIL = "secure_email"
    PHONE = "phone"
    REFERRAL_FORM = "referral_form"

    @property
    def label(self) -> str:
        return {
            "secure_email": "Secure e-mail",
            "phone": "Phone",
            "referral_form": "Referral form",
        }[self.value]


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ContactStatus(StrEnum):
    OPEN = "open"  # in the queue, not yet decided
    DECIDED = "decided"  # MASH outcome recorded
    ROUTED = "routed"  # open CSC case: sent to the allocated team (RQ-4)
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def status_sentence(status: str) -> str:
    """'decided' -> "The contact's status is Decided": the label, never the stored value."""
    return f"The contact's status is {ContactStatus(status).label}"


class Outcome(StrEnum):
    NO_FURTHER_ACTION = "nfa"
    ADVICE_SIGNPOSTING = "advice"
    EARLY_HELP = "early_help"
    S17_ASSESSMENT = "s17"
    STRATEGY_DISCUSSION = "strategy"
    POLICE_INVESTIGATION = "police"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.NO_FURTHER_ACTION: "No further action",
    Outcome.ADVICE_SIGNPOSTING: "Advice / signposting",
    Outcome.EARLY_HELP: "Early help",
    Outcome.S17_ASSESSMENT: "Assessment under s17 Children Act 1989",
    Outcome.STRATEGY_DISCUSSION: "Strategy discussion (possible s47)",
    Outcome.POLICE_INVESTIGATION: "Police investigation",
}


class LinkDecision(StrEnum):
    """A person-match decision between two subjects (RQ-3)."""

    SAME = "same"
    NOT_SAME = "not_same"

    @property
    def label(self) -> str:
        return {"same": "Linked: same child", "not_same": "Marked not the same"}[self.value]
