"""Subject access (ISP-7) and a data subject's objection and restriction (ISP-14): the
statutory clock, the reviewer's decisions and exemptions, and redaction of text spans.

The clock (ICO guidance on the right of access): one calendar month from the day the request
is received, to the corresponding date of the next month, or the last day of that month when
it has no such date (received 31 January: due 28 or 29 February); a due date on a weekend or
bank holiday moves to the next working day. It can be extended by two further months (three
from receipt) with a reason, once.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum

from mash_desktop.domain.working_days import is_working_day

MONTHS_TO_ANSWER = 1
MONTHS_WITH_EXTENSION = 3  # the first month plus two more


def add_calendar_months(day: date, months: int) -> date:
    """The corresponding date ``months`` later, or that month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def sar_due(received_on: date, extended: bool = False) -> date:
    """When the response is due: a calendar month from receipt (three when extended), moved
    to the next working day when it falls on a weekend or bank holiday."""
    due = add_calendar_months(received_on, MONTHS_WITH_EXTENSION if extended else MONTHS_TO_ANSWER)
    while not is_working_day(due):
        due += timedelta(days=1)
    return due


class Exemption(StrEnum):
    """Why an item, or part of it, is not disclosed (ISP-5.10 and the DPA's exemptions)."""

    CRIME = "crime_prevention"
    SERIOUS_HARM = "serious_harm"
    THIRD_PARTY = "third_party"
    LEGAL_PRIVILEGE = "legal_privilege"

    @property
    def label(self) -> str:
        return EXEMPTION_LABELS[self]


EXEMPTION_LABELS = {
    Exemption.CRIME: "Prevention or detection of crime",
    Exemption.SERIOUS_HARM: "Serious harm to the physical or mental health of any person",
    Exemption.THIRD_PARTY: "Information about another person (third-party data)",
    Exemption.LEGAL_PRIVILEGE: "Legal professional privilege",
}


class ItemDecision(StrEnum):
    PENDING = "pending"
    DISCLOSE = "disclose"
    WITHHOLD = "withhold"
    REDACT = "redact"

    @property
    def label(self) -> str:
        return {
            "pending": "Not yet reviewed",
            "disclose": "Disclose",
            "withhold": "Withhold",
            "redact": "Disclose with parts blacked out",
        }[self.value]


class ItemKind(StrEnum):
    """What a gathered item is; the order is the order of the response."""

    CONTACT = "contact"
    RESEARCH = "research_item"
    RESEARCH_EARLIER = "research_earlier"
    STRATEGY = "strategy_record"
    ACTION = "strategy_action_item"
    COPY = "controlled_copy"
    DISCLOSURE = "disclosure_entry"

    @property
    def label(self) -> str:
        return ITEM_KIND_LABELS[self]


ITEM_KIND_LABELS = {
    ItemKind.CONTACT: "Contact (referral)",
    ItemKind.RESEARCH: "Research item",
    ItemKind.RESEARCH_EARLIER: "Earlier text of a corrected research item",
    ItemKind.STRATEGY: "Strategy discussion record",
    ItemKind.ACTION: "Strategy discussion action",
    ItemKind.COPY: "Controlled paper copy",
    ItemKind.DISCLOSURE: "Disclosure log entry",
}


class RightKind(StrEnum):
    """A data subject's right exercised against the hub's processing (ISP-14)."""

    OBJECTION = "objection"
    RESTRICTION = "restriction"

    @property
    def label(self) -> str:
        return {"objection": "Objection to processing", "restriction": "Restriction"}[self.value]

    @property
    def marker(self) -> str:
        """The short mark shown wherever the person appears."""
        return {"objection": "OBJECTION RECORDED", "restriction": "RESTRICTED"}[self.value]


def marker_text(kinds: Iterable[RightKind]) -> str:
    """'RESTRICTED; OBJECTION RECORDED' (restriction first), or '' when there is none."""
    present = set(kinds)
    order = (RightKind.RESTRICTION, RightKind.OBJECTION)
    return "; ".join(k.marker for k in order if k in present)


Span = tuple[int, int]


def check_span(text: str, start: int, end: int) -> Span:
    """A span of ``text`` to black out, trimmed of surrounding spaces; ValueError if empty."""
    if not 0 <= start < end <= len(text):
        raise ValueError("Select some of the item's text to black out.")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValueError("Select some of the item's text to black out.")
    return start, end


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans as one, in order."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def redacted_pieces(text: str, spans: Sequence[Span]) -> tuple[str | int, ...]:
    """The text as visible pieces (str) and blacked-out lengths (int): the words under a
    span never leave this function, only how many characters they took."""
    pieces: list[str | int] = []
    at = 0
    for start, end in merge_spans(spans):
        if start > at:
            pieces.append(text[at:start])
        pieces.append(end - start)
        at = end
    if at < len(text):
        pieces.append(text[at:])
    return tuple(pieces)
