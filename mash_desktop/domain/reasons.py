"""What counts as a written reason or an explained answer.

The protocol asks for reasons in several places (a missing attendee, SD-3; consent not
obtained, ISP-6.1.2; an assessment of capacity not done, ISP-5.15.1). A single character, a
full stop or a bare "n/a" records nothing a reader could act on, so it is not accepted.
"""

from __future__ import annotations

import re

MIN_LETTERS = 4  # "ill" is not a reason a partner can check; "on leave" is
NONE_WORDS = frozenset({"none", "no", "nil", "na", "n/a", "nothing", "not applicable", "-"})
_NONE_PREFIX = re.compile(r"^\s*(none|no|nil|n/?a|not applicable)\b[\s:;,.\-–—]*", re.IGNORECASE)


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def is_a_reason(text: str) -> bool:
    """A reason is words: at least a few letters, and not just "none" or "n/a"."""
    stripped = text.strip()
    if re.sub(r"[^\w/ ]", "", stripped).strip().casefold() in NONE_WORDS:
        return False
    return letters(stripped) >= MIN_LETTERS


def declares_none(text: str) -> bool:
    """The answer starts by saying "none" (e.g. "None: no offence disclosed")."""
    return bool(_NONE_PREFIX.match(text))


def is_explained_answer(text: str) -> bool:
    """An answer to a required question: something real, or "none" followed by its reason.

    "Police to interview the partner on Friday" and "None: no offence disclosed" pass;
    "", "none", "n/a" and "." do not (SD-5: each required, or explicitly none with a reason).
    """
    stripped = text.strip()
    if not is_a_reason(stripped):
        return False
    if declares_none(stripped):
        return is_a_reason(_NONE_PREFIX.sub("", stripped, count=1))
    return True
