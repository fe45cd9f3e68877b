"""What an internal code looks like in text a person reads (issue 13: plain words, not codes).

``code_leaks(text, agency_codes)`` lists each code found, with the kind of code it is: audit
actions (strategy.escalations_view), snake-case enum values and agency kinds (la_csc,
not_sought), object type and id ("contact 301", "About: user 4"), JSON details, question
codes (PI-3), requirement IDs (SD-0, ISP-11), protocol paragraph codes (ISP-7.1.4, InfoSec
2.1.2, and the "[ISP-5.2.1 (1)]" suffixes the share form once showed), lawful-basis codes and shorthand
(S2-4a, CA1989-s47, "DPA Sch.2 4a") and agency codes (LA-DORSET, POLICE).

What a person may see instead: the condition's or question's own words ("Schedule 2:
necessary for the exercise of functions conferred by or under an enactment", "Children Act
1989 s47 (...)"), and a protocol paragraph cited in words ("protocol paragraph 7.1.4",
"Information sharing protocol, paragraph 5.2.1 (1)"). "ISP-7.1.4" is not allowed even though
it is the signed text's numbering: "ISP-" is this project's prefix, not a word on the page, and
"DPA Sch.2 4a" was worse than a code, a wrong citation (the S2-/S3- codes number the
protocol's lists, not the Act's paragraphs). Section numbers of an Act ("s47", "s17") are the
words professionals use and are allowed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mash_desktop.domain.plain_words import AUDIT_ACTIONS, OBJECT_TYPES
from mash_desktop.domain.sharing import GATEWAY_CODES

_ACTIONS = sorted((a for a in AUDIT_ACTIONS if "." in a or "_" in a), key=len, reverse=True)
_TYPES = sorted((t for t in OBJECT_TYPES if "." not in t), key=len, reverse=True)

PATTERNS: dict[str, re.Pattern[str]] = {
    "audit action": re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, _ACTIONS)) + r")\b"),
    "snake-case code": re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "object type and id": re.compile(r"\b(?:" + "|".join(map(re.escape, _TYPES)) + r") \d+\b"),
    "JSON": re.compile(r"[{\[]\s*\"|\"\w+\"\s*:"),
    "question code": re.compile(r"\bPI-\d\b"),
    "requirement ID": re.compile(r"\b(?:RQ|SD|SEC|GOV)-\d+\b(?![-\d])|\bISP-\d+\b(?![.\d])"),
    "protocol paragraph code": re.compile(r"\bISP-\d+(?:\.\d+)+|\bInfoSec \d+(?:\.\d+)+"),
    "lawful-basis shorthand": re.compile(r"\bSch\.\s?\d\b(?:\s+\d+[a-z]?\b)?"),
    "lawful-basis code": re.compile(
        r"(?<![\w-])(?:S[23]-\d+[a-z]?|"
        + "|".join(map(re.escape, sorted(GATEWAY_CODES, key=len, reverse=True)))
        + r")(?![\w-])"
    ),
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
