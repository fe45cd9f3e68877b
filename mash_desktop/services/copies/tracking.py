"""From the printer to the cabinet (SEC-5, InfoSec 2.2): a copy is paper in a cabinet only
when the officer who printed it scans it in.

``mark_sent`` records which printer and spooler job took the copies; ``follow`` applies what
the spooler later says of the job (cancelled or aborted: void); ``check_in`` files a scanned
copy in its cabinet; ``sweep`` finds copies not collected in time and opens a security
incident for any left past the longer limit (a controlled copy may be lying in a tray).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.copy_register import CopyEvent, CopyStatus, check_transition
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.print_tracking import (
    Collection,
    Judgement,
    SpoolState,
    Verdict,
    collection_state,
    judge_job,
)
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.printing.spool import PrintSpool
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor
from mash_desktop.services.copies.base import RegisterBase
from mash_desktop.services.incidents import record_incident
from mash_desktop.services.settings import read_setting
from mash_desktop.store.models import PaperCopy, PrintJob, SecurityIncident, User

# Who may check in a copy somebody else printed (the officer may have gone home).
CHECK_IN_FOR_OTHERS = frozenset({Role.MASH_MANAGER, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class CheckedIn:
    reference: str
    copy_number: int
    copy_count: int
    cabinet: str
    still_to_scan: tuple[str, ...]  # the job's other copies not yet checked in


@dataclass(frozen=True)
class WatchedJob:
    """A job of the actor's that the spooler may still have news of."""

    id: int
    printer_name: str
    spool_job_id: int
    sent_at: datetime


@dataclass(frozen=True)
class Uncollected:
    """The actor's copies sent but not checked in after the hub's time, and incidents opened."""

    references: tuple[str, ...]
    printers: tuple[str, ...]
    incidents_opened: int

    def describe(self) -> str:
        """The status bar's words; empty when nothing waits."""
        if not self.references:
            return ""
        n = len(self.references)
        where = ", ".join(self.printers) or "the printer"
        copies = "1 printed copy" if n == 1 else f"{n} printed copies"
        return f"{copies} NOT COLLECTED from {where}: scan them into their cabinet."


@dataclass(frozen=True)
class JobNews:
    job_id: int
    printer_name: str
    judgement: Judgement

    def describe(self) -> str:
        return (
            f"Your print on {self.printer_name or 'the printer'} did not happen: "
            f"{self.judgement.reason}. The copies are marked void in the register; "
            "print again if you still need them."
        )


class CopyTracking(RegisterBase):
    def mark_sent(
        self,
        actor: Actor,
        job_id: int,
        page_count: int,
        printer_name: str,
        spool_job_id: int | None,
    ) -> None:
        """The printer took the job: its copies are on their way, not yet in a cabinet."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            job = self._job(session, actor, job_id)
            now = self.ctx.clock.now()
            where = printer_name + (f", job {spool_job_id}" if spool_job_id else "")
            for copy in job.copies:
                check_transition(CopyEvent.SENT_TO_PRINTER, CopyStatus(copy.status), copy.reference)
                self._set_status(copy, CopyStatus.SENT)
                self._event(session, copy, actor, CopyEvent.SENT_TO_PRINTER, note=where)
            job.status = "sent"
            job.page_count = page_count
            job.printer_name = printer_name[:200]
            job.spool_job_id = spool_job_id
            job.spool_state = SpoolState.PENDING.value if spool_job_id else None
            job.sent_at = now
            record(
                session,
                self.ctx,
                actor,
                "print.sent",
                job.object_type,
                job.object_id,
                {
                    "job": job.id,
                    "pages": page_count,
                    "printer": printer_name,
                    "spool_job": spool_job_id,
                    "copies": [c.reference for c in job.copies],
                },
            )

    def watched_jobs(self, actor: Actor) -> list[WatchedJob]:
        """The actor's jobs sent to a spooler whose outcome is not known yet."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            rows = session.execute(
                select(PrintJob.id, PrintJob.printer_name, PrintJob.spool_job_id, PrintJob.sent_at)
                .where(
                    PrintJob.requested_by_id == actor.user_id,
                    PrintJob.status == "sent",
                    PrintJob.spool_job_id.is_not(None),
                    PrintJob.spool_state != SpoolState.COMPLETED.value,
                )
                .order_by(PrintJob.id)
            )
            return [WatchedJob(r[0], r[1] or "", r[2], r[3]) for r in rows if r[2] and r[3]]

    def follow(self, actor: Actor, job_id: int, state: SpoolState) -> Judgement:
        """Apply the spooler's news of a job. Cancelled or aborted: the copies become void.

        A CANCEL_AND_VOID judgement is returned without voiding: the caller cancels the job at
        the spooler first (so no paper appears later), then calls ``void_job``.
        """
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            job = self._job(session, actor, job_id)
            if job.status != "sent" or job.sent_at is None:
                return Judgement(Verdict.KEEP_WATCHING)
            hold = timedelta(minutes=int(read_setting(session, "print_hold_void_minutes")))
            judgement = judge_job(state, job.sent_at, self.ctx.clock.now(), hold)
            if state is not SpoolState.UNKNOWN:
                job.spool_state = state.value
        if judgement.verdict is Verdict.VOID:
            self.void_job(actor, job_id, judgement.reason)
        return judgement

    def follow_my_jobs(self, actor: Actor, spool: PrintSpool) -> list[JobNews]:
        """Ask the spooler about each of the actor's jobs still on their way; apply the news.

        Returns what changed, in plain words, for the person who printed."""
        news: list[JobNews] = []
        for watched in self.watched_jobs(actor):
            state = spool.job_state(watched.spool_job_id)
            judgement = self.follow(actor, watched.id, state)
            if judgement.verdict is Verdict.CANCEL_AND_VOID:
                if not spool.cancel(watched.spool_job_id):
                    continue  # not cancelled: it may still print, so keep watching it
                self.void_job(actor, watched.id, judgement.reason)
            if judgement.verdict in (Verdict.VOID, Verdict.CANCEL_AND_VOID):
                news.append(JobNews(watched.id, watched.printer_name, judgement))
        return news

    def check_in(self, actor: Actor, text: str) -> CheckedIn:
        """A scanned (or typed) copy is in the hand of the officer: file it in its cabinet."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            copy = self._copy(session, text)
            job = copy.job
            status = CopyStatus(copy.status)
            if status is CopyStatus.IN_CABINET:
                raise ValidationError(
                    f"Copy {copy.reference} is already checked in to {copy.cabinet.code}."
                )
            if status is CopyStatus.VOID:
                raise ValidationError(
                    f"Copy {copy.reference} is void: the register says it was never printed. "
                    "Do not file it: give it to a MASH manager to be destroyed."
                )
            if job.requested_by_id != actor.user_id and actor.role not in CHECK_IN_FOR_OTHERS:
                raise PermissionDenied(
                    f"Copy {copy.reference} was printed by someone else: they, or a MASH "
                    "manager, check it in."
                )
            check_transition(CopyEvent.COLLECTED, status, copy.reference)
            self._set_status(copy, CopyStatus.IN_CABINET)
            self._event(session, copy, actor, CopyEvent.COLLECTED, cabinet_id=copy.cabinet_id)
            still = tuple(
                c.reference
                for c in job.copies
                if c.id != copy.id and c.status == CopyStatus.SENT.value
            )
            if not still:
                job.status = "collected"
                job.finished_at = self.ctx.clock.now()
            self._audit(session, actor, "copy.check_in", copy, {"cabinet": copy.cabinet.code})
            return CheckedIn(
                copy.reference,
                copy.copy_number,
                job.copy_count,
                f"{copy.cabinet.code}: {copy.cabinet.name}",
                still,
            )

    def sweep(self, actor: Actor) -> Uncollected:
        """Copies not collected in time (the actor's own, for the status bar); any job left
        past the longer limit, whoever printed it, opens one security incident."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            now = self.ctx.clock.now()
            collect = timedelta(minutes=int(read_setting(session, "copy_collect_minutes")))
            incident_after = timedelta(
                minutes=int(read_setting(session, "copy_uncollected_incident_minutes"))
            )
            jobs = session.scalars(
                select(PrintJob).where(PrintJob.status == "sent", PrintJob.sent_at <= now - collect)
            ).all()
            mine: list[str] = []
            printers: list[str] = []
            opened = 0
            for job in jobs:
                assert job.sent_at is not None
                waiting = [c for c in job.copies if c.status == CopyStatus.SENT.value]
                if not waiting:
                    continue
                state = collection_state(job.sent_at, now, collect, incident_after)
                if job.requested_by_id == actor.user_id:
                    mine.extend(c.reference for c in waiting)
                    if job.printer_name and job.printer_name not in printers:
                        printers.append(job.printer_name)
                if state is Collection.INCIDENT and job.uncollected_incident_id is None:
                    job.uncollected_incident_id = self._open_incident(session, job, waiting).id
                    opened += 1
            return Uncollected(tuple(mine), tuple(printers), opened)

    def _open_incident(
        self, session: Session, job: PrintJob, waiting: list[PaperCopy]
    ) -> SecurityIncident:
        assert job.sent_at is not None
        printer = session.get(User, job.requested_by_id)
        refs = ", ".join(c.reference for c in waiting)
        summary = (
            f"Controlled paper copies not collected from the printer: {refs}, sent to "
            f"{job.printer_name or 'a printer'} at {format_london(job.sent_at)} and not "
            "scanned into their cabinet. They may be lying in the printer tray."
        )
        incident = record_incident(
            session,
            self.ctx,
            None,
            IncidentKind.MISPLACEMENT,
            summary,
            "print_job",
            job.id,
            {"copies": [c.reference for c in waiting], "printer": job.printer_name or ""},
        )
        if printer is not None:  # the incident is about the officer who printed
            incident.user_id = printer.id
            incident.username = printer.username
            incident.agency_code = printer.agency.code
        return incident
