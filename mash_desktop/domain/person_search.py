"""Finding a person by name, tolerant of spelling as the matcher is (RQ-8, RQ-3).

Every person named on a contact (child or household member) carries ``name_keys``: each word
of their names romanised (``fold``), its variant key, its Soundex code, and the Soundex code
of the word without its first letter (so a slip in the first letter still finds it), and
its consonants. A
search word looks up the same keys, or a part of a romanised name, in SQL; the candidates
are then scored here with the matcher's own name rules (``domain.matching``), each with its
reasons in words. Plain Python: no database, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mash_desktop.domain.matching import name_similarity, soundex
from mash_desktop.domain.names import consonant_skeleton, fold, variant_key

PREFIX_SCORE = 10
# Words shorter than this are only found whole (a part of 'al' would find half the store).
MIN_PART = 2


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """The words of a name as typed, hyphenated and apostrophised parts also on their own
    ('Al-Ahmad' -> ['Al-Ahmad', 'Al', 'Ahmad'])."""
    tokens = text.split()
    for part in re.split(r"[\s\-'\u2019]+", text):
        if part and part not in tokens:
            tokens.append(part)
    return tuple(t for t in tokens if fold(t))


def word_keys(word: str) -> set[str]:
    """The keys one romanised word is found by; its consonants ('~hd') find a name typed in
    Arabic or Hebrew script, written without short vowels."""
    keys = {word, variant_key(word), soundex(word)}
    if len(word) > 2:
        keys.add(soundex(word[1:]))
    skeleton = consonant_skeleton(word)
    if len(skeleton) >= 2:
        keys.add(f"~{skeleton}")
    return {k for k in keys if k}


def name_keys(first_name: str, last_name: str) -> str:
    """What ``subjects.name_keys`` holds for a person: space-separated keys with a space at
    each end, so a key is looked up as ``LIKE '% key %'``."""
    keys: set[str] = set()
    for token in _tokens(f"{first_name} {last_name}"):
        keys |= word_keys(fold(token))
    return f" {' '.join(sorted(keys))} " if keys else ""


@dataclass(frozen=True)
class WordLookup:
    """How one search word is looked up: any of ``keys`` whole, or ``part`` inside."""

    typed: str
    keys: tuple[str, ...]
    part: str  # the romanised word, looked for inside names ('' when too short)


@lru_cache(maxsize=64)
def name_lookups(query: str) -> tuple[WordLookup, ...]:
    """One lookup per word of a name search; every word must find the person."""
    lookups = []
    for typed in query.split():
        folded = fold(typed)
        if not folded:
            continue
        lookups.append(
            WordLookup(
                typed,
                tuple(sorted(word_keys(folded))),
                folded if len(folded) >= MIN_PART else "",
            )
        )
    return tuple(lookups)


@lru_cache(maxsize=16384)
def _word_score(lookup: WordLookup, token: str, part: str) -> tuple[int, str] | None:
    """One search word against one word of a name. Cached: the candidates of one search
    share their names again and again (a surname search scores the same surname thousands
    of times), and the rules are pure."""
    found = name_similarity(lookup.typed, token, part)
    if found is None and lookup.part and fold(token).startswith(lookup.part):
        found = (PREFIX_SCORE, f"{part} begins with {lookup.typed}")
    return found


def score_name(query: str, first_name: str, last_name: str) -> tuple[int, list[str]] | None:
    """(score, reasons) when every word of ``query`` could be one of the person's names,
    else None. A word scores as the matcher scores a name (same, variant spelling, typo,
    same consonants, sounds alike), or lower when it is the start of a name."""
    total = 0
    reasons: list[str] = []
    parts = [("first name", t) for t in _tokens(first_name)]
    parts += [("surname", t) for t in _tokens(last_name)]
    if not parts:
        return None
    for lookup in name_lookups(query):
        best: tuple[int, str] | None = None
        for part, token in parts:
            found = _word_score(lookup, token, part)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        if best is None:
            return None
        total += best[0]
        reasons.append(best[1])
    return total, reasons
