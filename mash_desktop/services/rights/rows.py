"""Read models of subject access (ISP-7): the request list, one request to review, people found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mash_desktop.domain.statutory_clocks import ClockState
from mash_desktop.domain.subject_access import Exemption, ItemDecision, ItemKind
from mash_desktop.services.rights.person import RightRow


@dataclass(frozen=True)
class PersonFound:
    """One record of a person found by the search, with the marks of their rights (ISP-14)."""

    subject_id: int
    name: str
    dob: date | None
    contact_reference: str
    received_on: date
    is_child: bool
    reasons: str
    marker: str = ""

    @property
    def dob_text(self) -> str:
        return self.dob.strftime("%d/%m/%Y") if self.dob else "not recorded"


@dataclass(frozen=True)
class SarRow:
    id: int
    reference: str
    person_name: str
    requester: str
    received_on: date
    due_on: date
    extended: bool
    clock: ClockState
    responded_on: date | None
    items: int
    pending: int
    marker: str = ""

    @property
    def clock_text(self) -> str:
        due = self.due_on.strftime("%d/%m/%Y")
        if self.responded_on is not None:
            return f"{self.clock.label}: answered {self.responded_on.strftime('%d/%m/%Y')}"
        extended = " (extended)" if self.extended else ""
        return f"{self.clock.label}: due {due}{extended}"


@dataclass(frozen=True)
class RedactionRow:
    id: int
    start: int
    end: int
    exemption: Exemption


@dataclass(frozen=True)
class ItemRow:
    id: int
    kind: ItemKind
    label: str
    text: str
    decision: ItemDecision
    exemption: Exemption | None
    redactions: tuple[RedactionRow, ...]


@dataclass(frozen=True)
class SarDetail:
    row: SarRow
    person_dob: date | None
    extension_reason: str
    items: tuple[ItemRow, ...]
    elsewhere: tuple[tuple[str, str], ...]  # (partner, what it holds) - "ask them"
    records: tuple[PersonFound, ...]
    rights: tuple[RightRow, ...]
