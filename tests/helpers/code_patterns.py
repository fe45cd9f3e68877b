"""What an internal code looks like in text a person reads (issue 13: plain words, not codes).

``code_leaks(text, agency_codes)`` lists each code found, with the kind of code it is: audit
actions (strategy.escalations_view), snake-case enum values and agency kinds (la_csc,
not_sought), object type and id ("contact 301", "About: user 4"), JSON details, question
codes (PI-3), requirement IDs (SD-0, ISP-11; protocol paragraphs such as ISP-7.1.4 are the
signed text's own numbering and are allowed) and agency codes (LA-DORSET, POLICE)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mash_desktop.domain.plain_words import AUDIT_ACTIONS, OBJECT_TYPES

_ACTIONS = sorted((a for a in AUDIT_ACTIONS if "." in a or "_" in a), key=len, reverse=True)
_TYPES = sorted((t for t in OBJECT_TYPES if "." not in t), key=len, reverse=True)

PATTERNS: dict[str, re.Pattern[str]] = {
    "audit action": re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, _ACTIONS)) + r")\b"),
    "snake-case code": re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "object type and id": re.compile(r"\b(?:" + "|".join(map(re.escape, _TYPES)) + r") \d+\b"),
    "JSON": re.compile(r"[{\[]\s*\"|\"\w+\"\s*:"),
    "question code": re.compile(r"\bPI-\d\b"),
    "requirement ID": re.compile(r"\b(?:RQ|SD|SEC|GOV)-\d+\b(?![-\d])|\bISP-\d+\b(?![.\d])"),
}


def agency_code_pattern(codes: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(codes), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")


def code_leaks(text: str, agency_codes: Iterable[str] = ()) -> list[str]:
    """Each code in ``text`` as 'kind: code'."""
    found = [f"{kind}: {m.group(0)}" for kind, p in PATTERNS.items() for m in p.finditer(text)]
    codes = list(agency_codes)
    if codes:
        found += [f"agency code: {m.group(0)}" for m in agency_code_pattern(codes).finditer(text)]
    return found
