"""Other identifiers of a person (RQ-1): police PNC ID, local authority ID, school UPN.

Kept on the person as one line of text ("PNC: 12/345678A; LA ID: 998877") so an older record
still reads, and parsed here for matching (RQ-3): the same identifier of the same kind on two
records is strong evidence they are the same child.
"""

from __future__ import annotations

import re
from enum import StrEnum


class IdentifierKind(StrEnum):
    PNC = "PNC"
    LA_ID = "LA ID"
    UPN = "UPN"

    @property
    def label(self) -> str:
        return {
            "PNC": "Police PNC ID",
            "LA ID": "Local authority ID",
            "UPN": "School's unique pupil number (UPN)",
        }[self.value]


def normalise_value(value: str) -> str:
    """Case and spacing do not matter ("12/345678a " == "12/345678A")."""
    return re.sub(r"\s+", "", value).upper()


def format_identifiers(values: dict[IdentifierKind, str]) -> str:
    """{PNC: "12/345678A"} -> "PNC: 12/345678A" (kinds in a fixed order, blanks left out)."""
    return "; ".join(
        f"{kind.value}: {values[kind].strip()}"
        for kind in IdentifierKind
        if values.get(kind, "").strip()
    )


def parse_identifiers(text: str) -> dict[IdentifierKind, str]:
    """The inverse of ``format_identifiers``; unknown kinds and loose text are ignored."""
    out: dict[IdentifierKind, str] = {}
    for part in text.split(";"):
        kind, sep, value = part.partition(":")
        if not sep:
            continue
        try:
            known = IdentifierKind(kind.strip().upper())
        except ValueError:
            continue
        if value.strip():
            out[known] = value.strip()
    return out


def shared_identifiers(a: str, b: str) -> list[tuple[IdentifierKind, str]]:
    """The identifiers of the same kind and value on both records."""
    mine = {k: normalise_value(v) for k, v in parse_identifiers(a).items()}
    theirs = {k: normalise_value(v) for k, v in parse_identifiers(b).items()}
    return [(k, v) for k, v in mine.items() if v and theirs.get(k) == v]


def identifier_problems(values: dict[IdentifierKind, str]) -> dict[str, str]:
    """A value may not contain the separators the stored line uses."""
    return {
        kind.name.lower(): f"{kind.label}: do not use ';' or ':' in the number."
        for kind, value in values.items()
        if ";" in value or ":" in value
    }
