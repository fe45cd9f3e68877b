"""The lawful basis of a share in the words a person reads (ISP-2; issue 13: plain words, not
codes): the disclosure log and the final package name each condition by its own words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mash_desktop.domain.sharing import GATEWAYS, PUBLIC_INTEREST_QUESTIONS, SCHEDULE_2, SCHEDULE_3

_ALL = {b.code: b for b in (*SCHEDULE_2, *SCHEDULE_3, *GATEWAYS, *PUBLIC_INTEREST_QUESTIONS)}


def condition_words(code: str) -> str:
    """'S2-4a' -> 'Schedule 2: necessary for the exercise of functions conferred by ...'.

    The condition's own words, never a shorthand such as "DPA Sch.2 4a": the S2-/S3- codes
    number the protocol's lists (5.2.1, 5.2.2), not the Act's paragraphs, so the shorthand
    would be a wrong legal citation as well as a code (issue 13)."""
    basis = _ALL.get(code)
    if basis is None:
        return code
    schedule = {"S2": "Schedule 2", "S3": "Schedule 3"}.get(code[:2])
    if schedule is None:
        return basis.label
    return f"{schedule}: {basis.label[:1].lower()}{basis.label[1:]}"


def describe_basis(
    schedule2: Iterable[str], schedule3: Iterable[str], gateways: Iterable[str]
) -> str:
    """One line naming every condition and gateway in words, for the disclosure log and the
    final package (ISP-2)."""
    return "; ".join(condition_words(c) for c in (*schedule2, *schedule3, *gateways))


_SHORTHAND = re.compile(r"DPA Sch\.([23]) (\w+)")
_PARAGRAPH = re.compile(r"\(ISP-(\d+(?:\.\d+)+)\)")


def basis_words(stored: str) -> str:
    """Disclosure log text as stored, in words: lines written before issue 13 said "DPA Sch.2
    4a" and "(ISP-6.1.6)"; those read back as the condition's words and "(protocol paragraph
    6.1.6)" (the log itself is never rewritten)."""
    text = _SHORTHAND.sub(lambda m: condition_words(f"S{m.group(1)}-{m.group(2)}"), stored)
    return _PARAGRAPH.sub(r"(protocol paragraph \1)", text)
