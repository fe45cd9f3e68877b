"""Following a print job from the spooler to the cabinet (SEC-5, InfoSec 2.2).

The register trusts paper only once it is scanned into its cabinet. Between "sent to the
printer" and "checked in", the spooler tells what it can: a job it cancelled or aborted never
made paper, so its copies are void; a job held or stopped for too long is cancelled and voided,
so paper cannot appear hours later in an unwatched tray. A job the spooler completed is paper
in a tray: it stays "sent" until the officer scans it; left too long it is "not collected",
and longer still a security incident (a controlled copy may be lying in a printer tray).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class SpoolState(StrEnum):
    """A job's state as the print spooler reports it (IPP job-state, RFC 8011 5.3.7)."""

    PENDING = "pending"
    HELD = "held"
    PROCESSING = "processing"
    STOPPED = "stopped"
    CANCELED = "canceled"
    ABORTED = "aborted"
    COMPLETED = "completed"
    UNKNOWN = "unknown"  # the spooler no longer knows the job, or cannot be asked


# IPP job-state enum values (RFC 8011): 3 pending ... 9 completed.
IPP_JOB_STATES = {
    3: SpoolState.PENDING,
    4: SpoolState.HELD,
    5: SpoolState.PROCESSING,
    6: SpoolState.STOPPED,
    7: SpoolState.CANCELED,
    8: SpoolState.ABORTED,
    9: SpoolState.COMPLETED,
}

# Waiting without printing: the printer is paused, out of paper, or the job is held.
WAITING = frozenset({SpoolState.PENDING, SpoolState.HELD, SpoolState.STOPPED})


class Verdict(StrEnum):
    KEEP_WATCHING = "keep_watching"  # still on its way
    PRINTED = "printed"  # the spooler finished: paper is in the tray, waiting for the scan
    VOID = "void"  # no paper was made
    CANCEL_AND_VOID = "cancel_and_void"  # waited too long: cancel it so no paper appears later


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reason: str = ""  # plain words for the register and the person who printed


def judge_job(
    state: SpoolState, sent_at: datetime, now: datetime, hold_limit: timedelta
) -> Judgement:
    """What the spooler's state means for the copies of one job."""
    if state is SpoolState.CANCELED:
        return Judgement(Verdict.VOID, "the print job was cancelled at the printer")
    if state is SpoolState.ABORTED:
        return Judgement(Verdict.VOID, "the printer gave up on the print job")
    if state is SpoolState.COMPLETED:
        return Judgement(Verdict.PRINTED)
    if state in WAITING and now - sent_at >= hold_limit:
        minutes = int(hold_limit.total_seconds() // 60)
        return Judgement(
            Verdict.CANCEL_AND_VOID,
            f"the print job waited at the printer for more than {minutes} minutes",
        )
    return Judgement(Verdict.KEEP_WATCHING)


class Collection(StrEnum):
    IN_TIME = "in_time"
    NOT_COLLECTED = "not_collected"  # shown in the register and the status bar
    INCIDENT = "incident"  # past the longer limit: a security incident


def collection_state(
    sent_at: datetime, now: datetime, collect_within: timedelta, incident_after: timedelta
) -> Collection:
    """How late the check-in of a copy sent to the printer is."""
    waited = now - sent_at
    if waited >= max(incident_after, collect_within):
        return Collection.INCIDENT
    if waited >= collect_within:
        return Collection.NOT_COLLECTED
    return Collection.IN_TIME
