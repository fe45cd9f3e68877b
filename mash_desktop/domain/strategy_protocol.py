"""What a completed strategy discussion record must say, beyond the attendee minimum.

- SD-1: a child already admitted to hospital: the discussion "should be held with hospital
  staff"; one of them is present, or the reason none was is recorded.
- SD-5: once s47 enquiries start, Working Together 2015 asks the discussion to decide the
  conduct and timing of any criminal investigation, the immediate and short-term action, whether
  legal action is required, and what is shared with the child and family. Each is answered, or
  explicitly "None: <reason>".
- SD-12: LA children's social care leads the s47 enquiry and the police lead any criminal
  investigation (protocol 6); whether an Emergency Protection Order or police protection is in
  force, and since when (Working Together: "where an EPO is in place or the child is the
  subject of police powers of protection").
- SD-13: every attendee's seniority is answered ("sufficiently senior to make decisions on
  behalf of their agencies").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from mash_desktop.domain.reasons import declares_none, is_a_reason, is_explained_answer
from mash_desktop.domain.roles import AgencyKind

CLOCK_SLACK = timedelta(minutes=10)


class Protection(StrEnum):
    NONE = "none"
    EPO = "epo"
    POLICE_PROTECTION = "police_protection"

    @property
    def label(self) -> str:
        return {
            "none": "Neither is in force",
            "epo": "Emergency Protection Order in force",
            "police_protection": "Child in police protection",
        }[self.value]


@dataclass(frozen=True)
class RecordFacts:
    s47_started: bool | None
    criminal_investigation: str = ""
    immediate_actions: str = ""
    legal_action_needed: bool | None = None
    legal_action: str = ""
    shared_with_family: str = ""
    s47_lead_kind: str | None = None
    criminal_lead_kind: str | None = None
    protection: Protection | None = None
    protection_since: datetime | None = None
    child_in_hospital: bool = False
    hospital_staff_present: bool = False
    hospital_absent_reason: str = ""
    seniority_unanswered: tuple[str, ...] = ()  # names of attendees present


NONE_HINT = 'write "None:" and the reason'


def s5_problems(f: RecordFacts) -> dict[str, str]:
    """SD-5: the decisions Working Together requires once s47 enquiries start."""
    if not f.s47_started:
        return {}
    problems = {}
    if not is_explained_answer(f.criminal_investigation):
        problems["criminal_investigation"] = (
            f"Record the conduct and timing of any criminal investigation (or {NONE_HINT})."
        )
    if not is_explained_answer(f.immediate_actions):
        problems["immediate_actions"] = (
            f"Record the immediate and short-term action: who does what by when (or {NONE_HINT})."
        )
    if f.legal_action_needed is None:
        problems["legal_action_needed"] = "Decide whether legal action is required."
    elif not is_explained_answer(f.legal_action):
        problems["legal_action"] = (
            'Say what legal action is required, or why none is (e.g. "None: ...").'
        )
    if not is_explained_answer(f.shared_with_family):
        problems["shared_with_family"] = (
            'Record what is shared with the child and family, and when (or "None:" and why: '
            "it would jeopardise an investigation or endanger the child)."
        )
    return problems


def s12_problems(f: RecordFacts, now: datetime) -> dict[str, str]:
    """SD-12: lead agencies and protection status."""
    problems = {}
    if f.s47_started:
        if f.s47_lead_kind is None:
            problems["s47_lead"] = (
                "Name the lead agency for the s47 enquiry (LA children's social care)."
            )
        elif f.s47_lead_kind != AgencyKind.LA_CSC.value:
            problems["s47_lead"] = "LA children's social care leads the s47 enquiry (protocol 6)."
    if f.criminal_lead_kind is None:
        if f.s47_started and not declares_none(f.criminal_investigation):
            problems["criminal_lead"] = (
                "Name the lead agency for the criminal investigation (the police), or record "
                'the criminal investigation as "None:" with the reason.'
            )
    elif f.criminal_lead_kind != AgencyKind.POLICE.value:
        problems["criminal_lead"] = "The police lead any criminal investigation (protocol 6)."
    if f.protection is None:
        problems["protection"] = (
            "Say whether an Emergency Protection Order or police protection is in force."
        )
    elif f.protection is not Protection.NONE:
        if f.protection_since is None:
            problems["protection_since"] = (
                f"Give the time: {f.protection.label.lower()} since when?"
            )
        elif f.protection_since > now + CLOCK_SLACK:
            problems["protection_since"] = "The protection cannot start in the future."
    return problems


def completion_problems(f: RecordFacts, now: datetime) -> dict[str, str]:
    """Every SD-1, SD-5, SD-12 and SD-13 reason the record cannot be completed yet."""
    problems = {**s5_problems(f), **s12_problems(f, now)}
    if (
        f.child_in_hospital
        and not f.hospital_staff_present
        and not is_a_reason(f.hospital_absent_reason)
    ):
        problems["hospital"] = (
            "The child is in hospital: the discussion is held with hospital staff. Mark the "
            "hospital attendee, or record why none took part."
        )
    if f.seniority_unanswered:
        problems["seniority"] = (
            "Say whether each attendee is senior enough to make decisions for their agency: "
            + ", ".join(f.seniority_unanswered)
            + "."
        )
    return problems
