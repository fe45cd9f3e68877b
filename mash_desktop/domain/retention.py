"""Retention of hub records (ISP-9; ISP 5.6, InfoSec 4-5).

The protocol leaves retention to each Local Authority's own procedures ("Information will be
stored by each Local Authority in accordance with procedures"). So the app holds a schedule
per LA and per kind of record, which the LA sets. The default schedule below is only a
starting point, so that nothing is "due" by accident: it is NOT a statement of the law or of
any LA's policy, and each LA must confirm or replace every line (README: Retention).

A record here is one contact with everything hanging from it (children, agency research,
sharing decisions, intelligence packages, disclosures, strategy discussions and actions).
Its kind follows its MASH outcome; undecided contacts are never due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class RecordKind(StrEnum):
    NFA_CONTACT = "nfa_contact"
    EARLY_HELP_CONTACT = "early_help_contact"
    ASSESSMENT_CONTACT = "assessment_contact"
    CHILD_PROTECTION = "child_protection"
    ROUTED_CONTACT = "routed_contact"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    RecordKind.NFA_CONTACT: "Contact closed with no further action or advice",
    RecordKind.EARLY_HELP_CONTACT: "Contact passed to early help",
    RecordKind.ASSESSMENT_CONTACT: "Contact leading to an assessment (s17)",
    RecordKind.CHILD_PROTECTION: "Child protection (strategy discussion or police investigation)",
    RecordKind.ROUTED_CONTACT: "Contact routed to an open social care case",
}


class Anchor(StrEnum):
    DECISION = "decision"  # years after the MASH decision
    BIRTH = "birth"  # until the youngest child named reaches an age

    @property
    def label(self) -> str:
        return {"decision": "years after the decision", "birth": "years of age (youngest child)"}[
            self.value
        ]


@dataclass(frozen=True)
class RetentionRule:
    anchor: Anchor
    years: int

    def describe(self) -> str:
        if self.anchor is Anchor.BIRTH:
            return f"until the youngest child's {_ordinal(self.years)} birthday"
        return f"{self.years} years from the decision"


# A placeholder for each LA to confirm or replace (see the module docstring). The two example
# periods are those the issue gave as examples of what an LA might configure.
DEFAULT_SCHEDULE: dict[RecordKind, RetentionRule] = {
    RecordKind.NFA_CONTACT: RetentionRule(Anchor.DECISION, 6),
    RecordKind.EARLY_HELP_CONTACT: RetentionRule(Anchor.DECISION, 6),
    RecordKind.ROUTED_CONTACT: RetentionRule(Anchor.DECISION, 6),
    RecordKind.ASSESSMENT_CONTACT: RetentionRule(Anchor.BIRTH, 25),
    RecordKind.CHILD_PROTECTION: RetentionRule(Anchor.BIRTH, 25),
}

MAX_YEARS = 120


def kind_of(outcome: str | None, status: str, has_strategy: bool) -> RecordKind | None:
    """The record kind of a contact, or None while it is undecided (never due)."""
    if has_strategy or outcome in ("strategy", "police"):
        return RecordKind.CHILD_PROTECTION
    if status == "routed":
        return RecordKind.ROUTED_CONTACT
    return {
        "nfa": RecordKind.NFA_CONTACT,
        "advice": RecordKind.NFA_CONTACT,
        "early_help": RecordKind.EARLY_HELP_CONTACT,
        "s17": RecordKind.ASSESSMENT_CONTACT,
    }.get(outcome or "")


def due_on(rule: RetentionRule, decided_on: date, youngest_dob: date | None) -> date:
    """The first day the record may be destroyed. With no child's date of birth known, a
    birthday rule counts its years from the decision: never earlier than from any birth."""
    if rule.anchor is Anchor.BIRTH and youngest_dob is not None:
        return _add_years(youngest_dob, rule.years)
    return _add_years(decided_on, rule.years)


def check_rule(anchor: str, years: int) -> RetentionRule:
    """A rule an LA typed in, or ValueError with a message for the person."""
    try:
        parsed = Anchor(anchor)
    except ValueError:
        raise ValueError("Choose 'years after the decision' or 'until an age'.") from None
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"Give a number of years between 1 and {MAX_YEARS}.")
    return RetentionRule(parsed, years)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
