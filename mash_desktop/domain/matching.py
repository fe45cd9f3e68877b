"""Recognising the same child across contacts (RQ-3).

Exact identifiers (NHS number) first; then name and date of birth, tolerant of spelling
(case, accents and script do not count: names are compared romanised; transliteration
variants of one name, edit distance with transpositions, a Soundex code for names that sound
alike, and for names typed in Arabic or Hebrew script their consonants) and of a date of
birth typed with day and month swapped. Each match carries its reasons in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mash_desktop.domain.identifiers import shared_identifiers
from mash_desktop.domain.names import consonant_skeleton, fold, is_abjad, variant_key
from mash_desktop.domain.nhs import normalise_nhs_number

NHS_SCORE = 100
IDENTIFIER_SCORE = 90  # RQ-1: the same PNC ID, LA ID or UPN


@dataclass(frozen=True)
class Person:
    """What matching looks at; plain values so it runs without a database."""

    first_name: str
    last_name: str
    dob: date | None
    nhs_number: str | None = None
    other_identifiers: str = ""  # RQ-1: "PNC: ...; LA ID: ...; UPN: ..."


@dataclass(frozen=True)
class MatchResult:
    kind: str  # "nhs", "identifier" or "name_dob"
    score: int  # higher is stronger; NHS_SCORE for an identical NHS number
    reasons: tuple[str, ...]

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def normalise_name(text: str) -> str:
    """Lower case, accents dropped, romanised, only letters kept ("O'Brien-Smith " ->
    "obriensmith", "Łukasz" -> "lukasz", "Олена" -> "olena")."""
    return fold(text)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    if a == b:
        return 0
    if not a or not b:
        return len(a) or len(b)
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_SOUNDEX = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def soundex(name: str) -> str:
    """American Soundex of a normalised name ('' for an empty one)."""
    text = normalise_name(name)
    if not text:
        return ""
    code = text[0].upper()
    last = _SOUNDEX.get(text[0], "")
    for ch in text[1:]:
        digit = _SOUNDEX.get(ch, "")
        if digit and digit != last:
            code += digit
            if len(code) == 4:
                break
        if ch not in "hw":  # h and w do not separate letters with the same code
            last = digit
    return code.ljust(4, "0")


def allowed_typos(name: str) -> int:
    """How many slips a name of this length may carry and still match."""
    return 1 if len(name) <= 6 else 2


def name_similarity(a: str, b: str, part: str) -> tuple[int, str] | None:
    """(score, reason) when two names could be the same person's, else None."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return None
    shown = f"({a.strip()} / {b.strip()})"
    if na == nb:
        if a.strip().casefold() == b.strip().casefold():
            return 30, f"same {part}"
        return 30, f"same {part} written differently {shown}"
    if variant_key(na) == variant_key(nb):
        return 25, f"{part}: spellings of the same name {shown}"
    distance = edit_distance(na, nb)
    if distance <= allowed_typos(min(na, nb, key=len)):
        return 20, f"{part} spelled differently ({a.strip()} / {b.strip()})"
    if is_abjad(a) != is_abjad(b):
        skeleton = consonant_skeleton(na)
        if len(skeleton) >= 2 and skeleton == consonant_skeleton(nb):
            return 15, f"{part} has the same consonants in Arabic or Hebrew script {shown}"
    if soundex(na) == soundex(nb) and na[0] == nb[0]:
        return 15, f"{part} sounds alike {shown}"
    return None


def swapped_day_month(d: date) -> date | None:
    """The date with day and month exchanged, when that is a different valid date."""
    if d.day == d.month or d.day > 12:
        return None
    return date(d.year, d.day, d.month)


def dob_similarity(a: date | None, b: date | None) -> tuple[int, str] | None:
    if a is None or b is None:
        return None
    if a == b:
        return 40, "same date of birth"
    if swapped_day_month(a) == b:
        return 30, "date of birth with day and month swapped"
    return None


def match_person(new: Person, earlier: Person) -> MatchResult | None:
    """Could ``earlier`` be the same child as ``new``? Returns the match and why, or None."""
    nhs_new = normalise_nhs_number(new.nhs_number or "")
    nhs_old = normalise_nhs_number(earlier.nhs_number or "")
    if nhs_new and nhs_new == nhs_old:
        return MatchResult("nhs", NHS_SCORE, (f"same NHS number ({nhs_new})",))
    shared = shared_identifiers(new.other_identifiers, earlier.other_identifiers)
    if shared:
        return MatchResult(
            "identifier",
            IDENTIFIER_SCORE,
            tuple(f"same {kind.label} ({value})" for kind, value in shared),
        )
    dob = dob_similarity(new.dob, earlier.dob)
    if dob is None:
        return None
    last = name_similarity(new.last_name, earlier.last_name, "surname")
    first = name_similarity(new.first_name, earlier.first_name, "first name")
    if last is None or first is None:
        return None
    reasons = [first[1], last[1], dob[1]]
    if nhs_new and nhs_old:
        # Both have NHS numbers and they differ: strong evidence against; keep, but say so.
        reasons.append("NHS numbers differ")
        return MatchResult("name_dob", (first[0] + last[0] + dob[0]) // 3, tuple(reasons))
    return MatchResult("name_dob", first[0] + last[0] + dob[0], tuple(reasons))


def candidate_dobs(dob: date | None) -> list[date]:
    """The dates of birth to look up for a new child: as typed and with day/month swapped."""
    if dob is None:
        return []
    swapped = swapped_day_month(dob)
    return [dob] if swapped is None else [dob, swapped]
