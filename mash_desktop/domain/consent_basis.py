"""ISP-10: "the data subject has given consent" cannot be the lawful basis when the consent
status recorded says otherwise (consent not sought, refused, or not obtainable).

The share form checks this as the user ticks, and the research service refuses the sharing
with the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

from mash_desktop.domain.sharing import SCHEDULE_2, SCHEDULE_3, ConsentStatus

# The conditions that say the data subject consented (ISP-5.2.1 (1), ISP-5.2.2 (1)).
CONSENT_CONDITIONS: dict[str, str] = {
    "schedule2": "S2-1",
    "schedule3": "S3-1",
}
_WORDS = {b.code: b.label for b in (*SCHEDULE_2, *SCHEDULE_3)}
_STATUS_WORDS = {
    ConsentStatus.REFUSED: "consent was refused",
    ConsentStatus.NOT_SOUGHT: "consent was not sought",
    ConsentStatus.NOT_POSSIBLE: "consent could not be obtained",
}


def consent_basis_conflicts(
    schedule2: Sequence[str], schedule3: Sequence[str], consent: ConsentStatus | None
) -> dict[str, str]:
    """Field -> plain message for each consent condition ticked while consent is not given."""
    if consent is None or consent is ConsentStatus.GIVEN:
        return {}
    problems: dict[str, str] = {}
    for field, ticked in (("schedule2", schedule2), ("schedule3", schedule3)):
        code = CONSENT_CONDITIONS[field]
        if code in ticked:
            problems[field] = (
                f'"{_WORDS[code]}" cannot be the lawful basis: the consent recorded says '
                f"{_STATUS_WORDS[consent]}. Untick it or correct the consent."
            )
    return problems
