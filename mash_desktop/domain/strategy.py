"""Rules of strategy discussions (SD-0 to SD-11) as plain functions and codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from mash_desktop.domain.reasons import is_a_reason
from mash_desktop.domain.roles import AgencyKind

COPY_WITHIN = timedelta(hours=48)  # SD-4: the record reaches every agency involved in 48 hours

# SD-11: the words the record carries when an emergency had no MASH discussion first.
EMERGENCY_STATEMENT = (
    "Emergency strategy discussion without a prior MASH discussion: it considered all "
    "information available at the time."
)
# SD-1: the words the record carries for a child already admitted to hospital.
HOSPITAL_STATEMENT = (
    "The child is already admitted to hospital: the strategy discussion is held with the "
    "hospital staff."
)


class Trigger(StrEnum):
    """What led to the request (SD-2)."""

    URGENT_REFERRAL = "urgent_referral"
    MASH_INFORMATION = "mash_information"

    @property
    def label(self) -> str:
        if self is Trigger.URGENT_REFERRAL:
            return "Urgent child protection referral to the LA"
        return "MASH information sharing about a safeguarding concern"


class Mode(StrEnum):
    MEETING = "meeting"
    TELEPHONE = "telephone"

    @property
    def label(self) -> str:
        return "Meeting" if self is Mode.MEETING else "Telephone"


class DiscussionStatus(StrEnum):
    REQUESTED = "requested"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MinimumRole(StrEnum):
    """The attendees Working Together 2015 names as the minimum (SD-3)."""

    LA_SOCIAL_WORKER = "la_social_worker"
    LA_MANAGER = "la_manager"
    HEALTH = "health"
    POLICE = "police"
    FOSTERING = "fostering"  # SD-13: only when the child is looked after

    @property
    def label(self) -> str:
        return MINIMUM_LABELS[self]


def required_roles(looked_after: bool) -> tuple[MinimumRole, ...]:
    """The minimum attendees for this child (SD-3; SD-13 adds the fostering service for a
    looked-after child: Working Together 2015, "including the fostering service, if the child
    is looked after")."""
    return tuple(r for r in MinimumRole if looked_after or r is not MinimumRole.FOSTERING)


# Which kind of agency can fill each minimum place (a police officer is not "health").
MINIMUM_AGENCY_KIND = {
    MinimumRole.LA_SOCIAL_WORKER: AgencyKind.LA_CSC,
    MinimumRole.LA_MANAGER: AgencyKind.LA_CSC,
    MinimumRole.HEALTH: AgencyKind.HEALTH,
    MinimumRole.POLICE: AgencyKind.POLICE,
    MinimumRole.FOSTERING: AgencyKind.LA_CSC,
}


def minimum_role_fits(role: MinimumRole, agency_kind: str) -> bool:
    """Whether someone from an agency of this kind can count as this minimum attendee."""
    return MINIMUM_AGENCY_KIND[role].value == agency_kind


MINIMUM_LABELS = {
    MinimumRole.LA_SOCIAL_WORKER: "LA social worker",
    MinimumRole.LA_MANAGER: "Social worker's manager",
    MinimumRole.HEALTH: "Health professional",
    MinimumRole.POLICE: "Police representative",
    MinimumRole.FOSTERING: "Fostering service (child looked after)",
}


class Flow4Outcome(StrEnum):
    """Where flow chart 4 leads after the discussion (SD-8)."""

    S47_ENQUIRIES = "s47"
    S17_ASSESSMENT = "s17"
    NO_FURTHER_CSC = "nfa"
    POLICE_ONLY = "police"

    @property
    def label(self) -> str:
        return FLOW4_LABELS[self]


FLOW4_LABELS = {
    Flow4Outcome.S47_ENQUIRIES: "Initiate s47 enquiries (Children Act 1989)",
    Flow4Outcome.S17_ASSESSMENT: "Complete assessment under s17 Children Act 1989",
    Flow4Outcome.NO_FURTHER_CSC: "No further LA children's social care involvement at this stage",
    Flow4Outcome.POLICE_ONLY: "Police investigate possible crime; no s47 enquiries",
}


class AssessmentOutcome(StrEnum):
    """The three outcomes of the s47 assessment in flow chart 4 (SD-8)."""

    NOT_SUBSTANTIATED = "not_substantiated"
    SUBSTANTIATED_NOT_LIKELY = "substantiated_not_likely"
    SUBSTANTIATED_LIKELY = "substantiated_likely"
    NO_S47_ASSESSMENT = "no_s47"  # SD-17: the outcome fed back when no s47 enquiry ran

    @property
    def label(self) -> str:
        return ASSESSMENT_LABELS[self]

    @property
    def is_s47(self) -> bool:
        """An outcome of s47 enquiries (flow chart 4), only possible where they started."""
        return self is not AssessmentOutcome.NO_S47_ASSESSMENT


ASSESSMENT_LABELS = {
    AssessmentOutcome.NOT_SUBSTANTIATED: "Concerns not substantiated (child may be a child in need)",
    AssessmentOutcome.SUBSTANTIATED_NOT_LIKELY: (
        "Concerns substantiated; child not likely to suffer significant harm"
    ),
    AssessmentOutcome.SUBSTANTIATED_LIKELY: (
        "Concerns substantiated; child likely to suffer significant harm (conference)"
    ),
    AssessmentOutcome.NO_S47_ASSESSMENT: (
        "No s47 enquiry: assessment and services decided (e.g. under s17 Children Act 1989)"
    ),
}


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "open": "Open",
            "in_progress": "In progress",
            "done": "Done",
            "cancelled": "Cancelled",
        }[self.value]

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class CopyChannel(StrEnum):
    """How a copy of the record went. Only secure e-mail and fax may be recorded now (SD-16,
    InfoSec 3.1); "by hand" and "secure post" remain so older records still read."""

    SECURE_EMAIL = "secure_email"
    FAX = "fax"
    HAND = "by_hand"
    SECURE_POST = "secure_post"

    @property
    def label(self) -> str:
        return {
            "secure_email": "Secure e-mail",
            "fax": "Fax",
            "by_hand": "By hand in the MASH (older record)",
            "secure_post": "Post (older record, flagged for review)",
        }[self.value]

    @property
    def allowed(self) -> bool:
        """SEC-5 / SD-16: no paper leaves the MASH, so a copy goes electronically."""
        return self in (CopyChannel.SECURE_EMAIL, CopyChannel.FAX)


def copy_channel_problem(channel: CopyChannel, address: str) -> str | None:
    """Why this copy cannot be recorded as sent (SD-16, SEC-5); None when it can."""
    if not channel.allowed:
        return (
            "No paper leaves the MASH (information security protocol, paragraph 2.2.1): send the record by secure e-mail or "
            "fax, not by post or by hand."
        )
    text = address.strip()
    if channel is CopyChannel.SECURE_EMAIL and ("@" not in text or " " in text):
        return "Give the secure e-mail address the copy was sent to."
    if channel is CopyChannel.FAX and sum(ch.isdigit() for ch in text) < 6:
        return "Give the fax number the copy was sent to."
    return None


@dataclass(frozen=True)
class AttendeeFacts:
    """What the minimum rule needs to know about one attendee."""

    minimum_role: MinimumRole | None
    present: bool
    senior_enough: bool | None = None  # SD-13; None while not yet answered


def missing_minimum(
    attendees: Iterable[AttendeeFacts], looked_after: bool = False
) -> list[MinimumRole]:
    """The minimum attendees (SD-3, SD-13) nobody present covers, in the checklist's order.
    Someone recorded as not senior enough to decide for their agency does not cover a place."""
    covered = {
        a.minimum_role
        for a in attendees
        if a.present and a.minimum_role is not None and a.senior_enough is not False
    }
    return [role for role in required_roles(looked_after) if role not in covered]


def unexplained_missing(
    attendees: Iterable[AttendeeFacts],
    reasons: Mapping[MinimumRole, str],
    looked_after: bool = False,
) -> list[MinimumRole]:
    """Missing minimum attendees with no acceptable reason: completion is blocked on these.
    The chairing LA manager can never be excused (SD-3), and a reason must be a reason."""
    return [
        role
        for role in missing_minimum(attendees, looked_after)
        if role is MinimumRole.LA_MANAGER or not is_a_reason(reasons.get(role) or "")
    ]


def copy_due_at(discussion_at: datetime) -> datetime:
    """When the record must have reached each agency involved (SD-4)."""
    return discussion_at + COPY_WITHIN


def copy_overdue(discussion_at: datetime, sent_at: datetime | None, now: datetime) -> bool:
    """Unsent past the 48 hours; a copy sent late stays marked as late, not overdue."""
    return sent_at is None and now > copy_due_at(discussion_at)


def copy_sent_late(discussion_at: datetime, sent_at: datetime | None) -> bool:
    return sent_at is not None and sent_at > copy_due_at(discussion_at)
