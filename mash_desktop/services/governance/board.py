"""Management Board figures for a chosen period (GOV-1), on screen and as a printed report.

Counts are made by the database (grouped queries over indexed columns), so a year of a large
hub builds in well under two seconds (benchmarks/board_figures.py). Each section is a list
of charts, each chart with its figures; the screen and the PDF show the same ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from mash_desktop.domain.board import (
    LATE,
    NOT_YET_DUE,
    ON_TIME,
    OVERDUE,
    WARNINGS,
    Timeliness,
    judge,
    period_bounds,
)
from mash_desktop.domain.clock import format_london, to_london
from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.roles import GOVERNANCE_READERS
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.domain.working_days import (
    ASSESSMENT_WORKING_DAYS,
    ICPC_WORKING_DAYS,
    add_working_days,
    london_date,
)
from mash_desktop.printing.document import Chart, Heading, KeyValues, Paragraph, PrintableDocument
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.governance.partners import current_version, review_status
from mash_desktop.services.rights.common import responded_on
from mash_desktop.store.models import (
    Agency,
    Contact,
    DestructionProposal,
    GovernanceConcern,
    PaperCopy,
    PrintJob,
    SecurityIncident,
    StrategyCopy,
    StrategyDiscussion,
    StrategyOutcomeFeedback,
    SubjectAccessRequest,
)

BOARD_OBJECT = "board_report"


@dataclass(frozen=True)
class Section:
    title: str
    charts: tuple[Chart, ...]
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class BoardFigures:
    start: date
    end: date
    made_at: datetime
    sections: tuple[Section, ...]

    @property
    def period(self) -> str:
        return f"{self.start.strftime('%d/%m/%Y')} to {self.end.strftime('%d/%m/%Y')}"


def _timeliness(title: str, t: Timeliness) -> Chart:
    return Chart(title, t.rows(), WARNINGS)


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


class BoardService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def figures(self, actor: Actor, start: date, end: date) -> BoardFigures:
        try:
            begin, until = period_bounds(start, end)
        except ValueError as exc:
            from mash_desktop.domain.errors import ValidationError

            raise ValidationError(str(exc), {"end": str(exc)}) from exc
        now = self.ctx.clock.now()
        with self.ctx.store.transaction() as session:
            require_role(session, actor, GOVERNANCE_READERS, "see the Management Board figures")
            names = dict(session.execute(select(Agency.id, Agency.name)).all())
            sections = (
                _contacts(session, names, begin, until, now),
                _timescales(session, begin, until, now),
                _security(session, begin, until),
                _subject_access(session, begin, until, to_london(now).date()),
                _partners(session, names, begin, until, to_london(now).date()),
            )
            record(
                session,
                self.ctx,
                actor,
                "board.figures",
                "board",
                "",
                {"from": start.isoformat(), "to": end.isoformat()},
            )
        return BoardFigures(start, end, now, sections)

    def printable_report(self, actor: Actor, start: date, end: date) -> PrintableDocument:
        """The Board report for the period, to print as controlled copies."""
        return board_document(self.figures(actor, start, end))


def _contacts(
    session: Session, names: dict[int, str], begin: datetime, until: datetime, now: datetime
) -> Section:
    decided = Contact.outcome_at.is_not(None)
    verdict = case(
        (decided & (Contact.outcome_at <= Contact.decision_due_at), ON_TIME),
        (decided, LATE),
        (Contact.decision_due_at < now, OVERDUE),
        else_=NOT_YET_DUE,
    )
    # One pass over the covering index ix_contacts_board (no table page is read).
    grouped = session.execute(
        select(
            Contact.outcome,
            Contact.status,
            Contact.referrer_agency_id,
            Contact.la_agency_id,
            verdict,
            func.count(),
        )
        .where(Contact.received_at >= begin, Contact.received_at < until)
        .group_by(
            Contact.outcome,
            Contact.status,
            Contact.referrer_agency_id,
            Contact.la_agency_id,
            verdict,
        )
    ).all()
    outcomes: Counter[str] = Counter()
    agencies: Counter[str] = Counter()
    las: Counter[str] = Counter()
    rag = Timeliness()
    for outcome, status, agency_id, la_id, judged, n in grouped:
        if outcome:
            outcomes[Outcome(outcome).label] += n
        elif status == "routed":
            outcomes["Routed to the allocated social care team"] += n
        else:
            outcomes["Not yet decided"] += n
        agencies[names.get(agency_id or 0, "Member of the public or other")] += n
        las[names.get(la_id or 0, "No local authority recorded")] += n
        rag.add(judged, n)
    total = sum(outcomes.values())
    return Section(
        "Contacts received",
        (
            Chart("Contacts by outcome", _ranked(outcomes)),
            Chart("Contacts by referring agency", _ranked(agencies)),
            Chart("Contacts by local authority", _ranked(las)),
            _timeliness("MASH decision against its RAG timescale", rag),
        ),
        (("Contacts received in the period", str(total)),),
    )


@lru_cache(maxsize=2048)
def _due(day: date, working_days: int) -> date:
    """``icpc_due``/``assessment_due`` for a day, computed once per day: a year of discussions
    shares a few hundred days, and counting working days one by one is the slow part."""
    return add_working_days(day, working_days)


def _timescales(session: Session, begin: datetime, until: datetime, now: datetime) -> Section:
    copies = Timeliness()
    for due_at, sent_at in session.execute(
        select(StrategyCopy.due_at, StrategyCopy.sent_at)
        .join(StrategyDiscussion, StrategyDiscussion.id == StrategyCopy.discussion_id)
        .where(StrategyDiscussion.held_at >= begin, StrategyDiscussion.held_at < until)
    ):
        copies.add(judge(due_at, sent_at, now))
    today = to_london(now).date()
    feedback: dict[int, tuple[date | None, date]] = {}
    for discussion_id, conference_on, recorded_at in session.execute(
        select(
            StrategyOutcomeFeedback.discussion_id,
            StrategyOutcomeFeedback.conference_on,
            StrategyOutcomeFeedback.recorded_at,
        ).order_by(StrategyOutcomeFeedback.recorded_at)
    ):
        if discussion_id not in feedback:
            feedback[discussion_id] = (conference_on, to_london(recorded_at).date())
    icpc, assessment = Timeliness(), Timeliness()
    for d_id, held_at, s47, received_at in session.execute(
        select(
            StrategyDiscussion.id,
            StrategyDiscussion.held_at,
            StrategyDiscussion.s47_started,
            Contact.received_at,
        )
        .join(Contact, Contact.id == StrategyDiscussion.contact_id)
        .where(StrategyDiscussion.requested_at >= begin, StrategyDiscussion.requested_at < until)
    ):
        conference_on, decided_on = feedback.get(d_id, (None, None))
        if s47 and held_at is not None:
            icpc.add(judge(_due(london_date(held_at), ICPC_WORKING_DAYS), conference_on, today))
        assessment.add(
            judge(_due(london_date(received_at), ASSESSMENT_WORKING_DAYS), decided_on, today)
        )
    return Section(
        "Statutory timescales",
        (
            _timeliness("Strategy discussion record copies within 48 hours", copies),
            _timeliness("Initial child protection conference within 15 working days", icpc),
            _timeliness("Assessment decision within 45 working days of referral", assessment),
        ),
        (
            (
                "How the assessment decision is dated",
                "the first outcome the LA fed back to partners for the discussion",
            ),
        ),
    )


def _security(session: Session, begin: datetime, until: datetime) -> Section:
    kinds: Counter[str] = Counter()
    for kind, n in session.execute(
        select(SecurityIncident.kind, func.count())
        .where(SecurityIncident.occurred_at >= begin, SecurityIncident.occurred_at < until)
        .group_by(SecurityIncident.kind)
    ):
        kinds[IncidentKind(kind).label] += n
    jobs, copies = session.execute(
        select(func.count(), func.coalesce(func.sum(PrintJob.copy_count), 0)).where(
            PrintJob.status == "printed",
            PrintJob.finished_at >= begin,
            PrintJob.finished_at < until,
        )
    ).one()
    outstanding = session.scalar(
        select(func.count()).where(
            PaperCopy.status.not_in((CopyStatus.DESTROYED.value, CopyStatus.VOID.value))
        )
    )
    paper_destroyed = session.scalar(
        select(func.count()).where(PaperCopy.destroyed_at >= begin, PaperCopy.destroyed_at < until)
    )
    records_destroyed = session.scalar(
        select(func.count()).where(
            DestructionProposal.status == "destroyed",
            DestructionProposal.decided_at >= begin,
            DestructionProposal.decided_at < until,
        )
    )
    paper = (
        ("Copies printed", int(copies)),
        ("Paper copies outstanding now", int(outstanding or 0)),
        ("Paper copies destroyed", int(paper_destroyed or 0)),
        ("Records destroyed at the end of retention", int(records_destroyed or 0)),
    )
    return Section(
        "Security, paper and destruction",
        (
            Chart("Security incidents by kind", _ranked(kinds), tuple(kinds)),
            Chart("Paper copies and destruction", paper),
        ),
        (("Print jobs in the period", str(jobs)),),
    )


def _subject_access(session: Session, begin: datetime, until: datetime, today: date) -> Section:
    """Subject access requests received in the period, answered within the statutory month
    (three when extended) or not (ISP-7); answered = the response sent to print."""
    requests = session.execute(
        select(
            SubjectAccessRequest.id, SubjectAccessRequest.due_on, SubjectAccessRequest.extended_at
        ).where(
            SubjectAccessRequest.received_on >= to_london(begin).date(),
            SubjectAccessRequest.received_on < to_london(until).date(),
        )
    ).all()
    answered = responded_on(session, [r.id for r in requests])
    timeliness = Timeliness()
    for request_id, due_on, _extended in requests:
        timeliness.add(judge(due_on, answered.get(request_id), today))
    extended = sum(1 for r in requests if r.extended_at is not None)
    return Section(
        "Subject access requests",
        (_timeliness("Subject access requests answered within the statutory time", timeliness),),
        (
            ("Requests received in the period", str(len(requests))),
            ("Time extended by two months", str(extended)),
        ),
    )


def _partners(
    session: Session, names: dict[int, str], begin: datetime, until: datetime, today: date
) -> Section:
    concerns: Counter[str] = Counter()
    for kind, state, n in session.execute(
        select(GovernanceConcern.kind, GovernanceConcern.status, func.count())
        .where(
            GovernanceConcern.received_on >= to_london(begin).date(),
            GovernanceConcern.received_on < to_london(until).date(),
        )
        .group_by(GovernanceConcern.kind, GovernanceConcern.status)
    ):
        label = "Non-compliance by a partner" if kind == "non_compliance" else "Complaints"
        concerns[f"{label} ({state})"] += n
    version = current_version(session, today)
    status = review_status(version, today)
    withdrawn = [
        names[i]
        for i, at in session.execute(
            select(Agency.id, Agency.withdrawn_at).where(Agency.active.is_(False))
        )
        if at is not None and begin <= at < until
    ]
    facts = [
        ("Agreement", f"version {version.version}" if version else "none recorded"),
        ("Annual review", status.message),
    ]
    if withdrawn:
        facts.append(("Partners withdrawn in the period", ", ".join(sorted(withdrawn))))
    return Section(
        "Partners and the agreement",
        (Chart("Non-compliance and complaints", _ranked(concerns)),),
        tuple(facts),
    )


def board_document(figures: BoardFigures) -> PrintableDocument:
    """The Board report (a controlled copy when printed): each section's charts, each chart
    with its table beside it, and the facts that are words rather than numbers."""
    blocks: list[Heading | Paragraph | KeyValues | Chart] = [
        Paragraph(
            f"Figures for {figures.period}, made {format_london(figures.made_at)}. Counts of "
            "records; no personal data."
        ),
    ]
    for section in figures.sections:
        blocks.append(Heading(section.title))
        if section.facts:
            blocks.append(KeyValues(section.facts))
        blocks.extend(section.charts)
    return PrintableDocument(
        kind="board_report",
        title=f"Management Board figures: {figures.period}",
        object_type=BOARD_OBJECT,
        object_id=f"{figures.start.isoformat()}/{figures.end.isoformat()}",
        blocks=tuple(blocks),
        about=f"the whole hub, {figures.period} (counts only)",
    )


def require_board_view(session: Session, actor: Actor, _object_id: str) -> None:
    require_role(session, actor, GOVERNANCE_READERS, "print the Management Board figures")
