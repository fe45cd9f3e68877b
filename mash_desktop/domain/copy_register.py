"""Controlled paper copies (SEC-5, InfoSec 2.2): references, statuses and what may follow what.

A copy reference reads ``MASH-C-2026-000123-K``: the year, a serial unique within the year and
an ISO 7064 MOD 37-2 check character, so a mistyped or misread reference (any one character
wrong, or two neighbours swapped) is refused instead of opening another copy's record. Serials
whose check would be MOD 37-2's thirty-seventh symbol ``*`` are skipped, so every reference is
letters, digits and hyphens only (easy to read aloud, type and scan).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from mash_desktop.domain.errors import ValidationError

PREFIX = "MASH-C"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
_PATTERN = re.compile(r"^MASH-?C-?(\d{4})-?(\d{6})-?([0-9A-Z])$")


def check_character(payload: str) -> str:
    """ISO 7064 MOD 37-2 check character over digits and capital letters."""
    total = 0
    for char in payload:
        total = ((total + _ALPHABET.index(char)) * 2) % 37
    return _ALPHABET[(38 - total) % 37]


def usable_serial(year: int, serial: int) -> bool:
    """False for the one serial in 37 whose check character would be ``*`` (never issued)."""
    return check_character(f"{year:04d}{serial:06d}") != "*"


def next_usable_serial(year: int, after: int) -> int:
    """The first serial after ``after`` that makes a usable reference."""
    serial = after + 1
    while not usable_serial(year, serial):
        serial += 1
    return serial


def make_reference(year: int, serial: int) -> str:
    """The reference of the ``serial``-th copy registered in ``year``."""
    if not (1 <= serial <= 999_999) or not (2000 <= year <= 9999):
        raise ValueError("copy serial or year out of range")
    check = check_character(f"{year:04d}{serial:06d}")
    if check == "*":
        raise ValueError("this serial is never issued (its check character would be '*')")
    return f"{PREFIX}-{year:04d}-{serial:06d}-{check}"


def parse_reference(text: str) -> tuple[int, int, str]:
    """(year, serial, canonical reference) of a typed or scanned reference.

    Tolerates lower case, spaces and missing hyphens; refuses a wrong check character.
    """
    cleaned = re.sub(r"\s+", "", text).upper()
    match = _PATTERN.match(cleaned)
    if match is None:
        raise ValidationError(
            "That is not a copy reference: it looks like MASH-C-2026-000123-K.",
            {"reference": "Format MASH-C-YYYY-NNNNNN-X."},
        )
    year, serial, check = int(match.group(1)), int(match.group(2)), match.group(3)
    if check_character(f"{year:04d}{serial:06d}") != check:
        raise ValidationError(
            "That copy reference does not check out: a character was mistyped or misread. "
            "Scan or type it again.",
            {"reference": "The check character does not match."},
        )
    return year, serial, make_reference(year, serial)


class CopyStatus(StrEnum):
    REGISTERED = "registered"  # recorded before printing; nothing sent yet
    SENT = "sent"  # the printer took the job; paper may be in its tray, not yet checked in
    IN_CABINET = "in_cabinet"  # collected: scanned into its cabinet, the only state that is paper
    CHECKED_OUT = "checked_out"  # out of its cabinet, with a named person, inside the MASH
    MISSING = "missing"
    DESTROYED = "destroyed"
    VOID = "void"  # the print was cancelled or failed: no paper exists

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    CopyStatus.REGISTERED: "Registered (not yet sent)",
    CopyStatus.SENT: "Sent to printer (not yet checked in)",
    CopyStatus.IN_CABINET: "In cabinet",
    CopyStatus.CHECKED_OUT: "Checked out",
    CopyStatus.MISSING: "Missing",
    CopyStatus.DESTROYED: "Destroyed",
    CopyStatus.VOID: "Void (not printed)",
}

# Paper that the register vouches for: only copies checked in by a scan (or later moved).
PAPER_STATUSES = frozenset({CopyStatus.IN_CABINET, CopyStatus.CHECKED_OUT, CopyStatus.MISSING})


class CopyEvent(StrEnum):
    REGISTERED = "registered"
    PRINTED = "printed"  # before issue 19: "sent" and "in cabinet" in one step (old history only)
    SENT_TO_PRINTER = "sent_to_printer"
    COLLECTED = "collected"
    VOIDED = "voided"
    MOVED = "moved"
    CHECKED_OUT = "checked_out"
    RETURNED = "returned"
    DESTROYED = "destroyed"
    REPORTED_MISSING = "reported_missing"
    FOUND = "found"
    REMOVAL_REFUSED = "removal_refused"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# Which statuses each event may start from.
ALLOWED_FROM: dict[CopyEvent, frozenset[CopyStatus]] = {
    CopyEvent.PRINTED: frozenset(),  # no longer recorded
    CopyEvent.SENT_TO_PRINTER: frozenset({CopyStatus.REGISTERED}),
    CopyEvent.COLLECTED: frozenset({CopyStatus.SENT}),
    CopyEvent.VOIDED: frozenset({CopyStatus.REGISTERED, CopyStatus.SENT}),
    CopyEvent.MOVED: frozenset({CopyStatus.IN_CABINET}),
    CopyEvent.CHECKED_OUT: frozenset({CopyStatus.IN_CABINET}),
    CopyEvent.RETURNED: frozenset({CopyStatus.CHECKED_OUT}),
    CopyEvent.DESTROYED: frozenset({CopyStatus.IN_CABINET, CopyStatus.CHECKED_OUT}),
    CopyEvent.REPORTED_MISSING: frozenset({CopyStatus.IN_CABINET, CopyStatus.CHECKED_OUT}),
    CopyEvent.FOUND: frozenset({CopyStatus.MISSING}),
}


def job_name(references: Sequence[str]) -> str:
    """The print spooler's name for a job: the copy references, never the document's title
    (a title names a child, and spoolers keep job names in their history and logs)."""
    if not references:
        raise ValueError("a print job has at least one copy")
    first, last = references[0], references[-1]
    if first == last:
        return f"MASH controlled copies {first}"
    return f"MASH controlled copies {first}..{last}"


def check_transition(event: CopyEvent, status: CopyStatus, reference: str) -> None:
    """Refuse an event the copy's current status does not allow, in plain words."""
    if status not in ALLOWED_FROM[event]:
        raise ValidationError(
            f"Copy {reference} is {status.label.lower()}: it cannot be {event.label.lower()} now."
        )


class DestructionMethod(StrEnum):
    CROSS_CUT_SHREDDER = "cross_cut_shredder"
    CONFIDENTIAL_WASTE = "confidential_waste"
    INCINERATION = "incineration"

    @property
    def label(self) -> str:
        return {
            DestructionMethod.CROSS_CUT_SHREDDER: "Cross-cut shredder",
            DestructionMethod.CONFIDENTIAL_WASTE: "Locked confidential waste (contractor)",
            DestructionMethod.INCINERATION: "Incineration",
        }[self]


def check_witness(destroyer_user_id: int, witness_user_id: int | None) -> None:
    """Secure destruction is witnessed by somebody other than the person destroying."""
    if witness_user_id is None:
        raise ValidationError(
            "A witness must see the copy destroyed.", {"witness": "Name the witness."}
        )
    if witness_user_id == destroyer_user_id:
        raise ValidationError(
            "The witness must be someone other than the person destroying the copy.",
            {"witness": "Choose another person as witness."},
        )
