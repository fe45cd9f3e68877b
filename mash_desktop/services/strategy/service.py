"""Strategy discussions: the request (SD-0, SD-1, SD-2, SD-11), the record chaired by the LA
manager or, out of hours, the OOH manager (SD-3, SD-4, SD-5, SD-8, SD-9), its completion, and
the LA's list of records made out of hours (SD-9)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mash_desktop.domain.errors import ConflictError, ValidationError
from mash_desktop.domain.reasons import is_a_reason
from mash_desktop.domain.roles import CHAIRS
from mash_desktop.domain.strategy import (
    DiscussionStatus,
    Flow4Outcome,
    MinimumRole,
    Mode,
    minimum_role_fits,
    unexplained_missing,
)
from mash_desktop.domain.strategy_protocol import completion_problems
from mash_desktop.domain.working_days import next_working_morning
from mash_desktop.printing.document import PrintableDocument
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.object_names import agency_name_map
from mash_desktop.services.strategy.actions import ActionTrackerService
from mash_desktop.services.strategy.clocks import sync_copies
from mash_desktop.services.strategy.common import (
    agency_by_code,
    agency_of,
    load_discussion,
    may_view,
    require_record,
    require_view,
)
from mash_desktop.services.strategy.documents import record_document
from mash_desktop.services.strategy.out_of_hours import StrategyOutOfHours
from mash_desktop.services.strategy.requesting import StrategyRequests, find_contact
from mash_desktop.services.strategy.rows import (
    AttendeeInput,
    AttendeeRow,
    DiscussionRow,
    DiscussionView,
    RecordInput,
    build_rows,
    build_view,
    facts_of,
    reasons_of,
)
from mash_desktop.services.strategy.rules import record_facts
from mash_desktop.store.models import (
    StrategyAttendee,
    StrategyDiscussion,
    StrategyMissingReason,
)

__all__ = [
    "AttendeeInput",
    "AttendeeRow",
    "DiscussionRow",
    "DiscussionView",
    "RecordInput",
    "StrategyService",
]


# A clock a few minutes apart from the recorder's watch is not a record from the future.
HELD_AT_SLACK = timedelta(minutes=10)

# What may_view reads, loaded with the list rather than one query per discussion.
_ACCESS_LOADS = (
    selectinload(StrategyDiscussion.invitations),
    selectinload(StrategyDiscussion.attendees),
)


class StrategyService(StrategyRequests, StrategyOutOfHours):
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- reading -----------------------------------------------------------------------
    def get(self, actor: Actor, discussion_id: int) -> DiscussionView:
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            d = load_discussion(s, discussion_id)
            require_view(actor, agency_of(s, actor), d)
            record(s, self.ctx, actor, "strategy.view", "strategy_discussion", d.id)
            return build_view(s, d, self._today())

    def discussions(self, actor: Actor) -> list[DiscussionRow]:
        """The discussions this user may see, newest first."""
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            me = agency_of(s, actor)
            query = (
                select(StrategyDiscussion)
                .options(*_ACCESS_LOADS)
                .order_by(StrategyDiscussion.requested_at.desc())
            )
            rows = build_rows(
                s, [d for d in s.scalars(query) if may_view(actor, me, d)], self._today()
            )
            record(
                s, self.ctx, actor, "strategy.list", "strategy_discussion", "", {"count": len(rows)}
            )
            return rows

    # --- the record (SD-3, SD-5, SD-8) ------------------------------------------------
    def save_record(
        self, actor: Actor, discussion_id: int, data: RecordInput, expected_version: int
    ) -> DiscussionView:
        """Save the form as it stands (drafts allowed); completion checks the rules."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CHAIRS, "record a strategy discussion")
            d = load_discussion(s, discussion_id)
            me = agency_of(s, actor)
            require_record(actor, me, d)
            if d.status == DiscussionStatus.COMPLETED.value:
                raise ValidationError("This strategy discussion is completed; it cannot change.")
            if d.version != expected_version:
                raise ConflictError(
                    "Someone else saved this strategy discussion first. Reload it; your "
                    "entries are still on the form.",
                    mine=data,
                    theirs=build_view(s, d, self._today()),
                )
            if d.out_of_hours and data.mode is not Mode.TELEPHONE:
                raise ValidationError(
                    "Out of hours, strategy discussions are held by telephone.",
                    {"mode": "Telephone out of hours."},
                )
            if is_a_reason(data.missing_reasons.get(MinimumRole.LA_MANAGER, "")):
                raise ValidationError(
                    "The LA manager chairs the discussion and cannot be recorded as absent.",
                    {"missing:la_manager": "The chair cannot be absent."},
                )
            problems: dict[str, str] = {}
            attendees = []
            for n, a in enumerate(data.attendees):
                if not a.name.strip():
                    problems[f"attendee:{n}"] = "Each attendee needs a name."
                    continue
                agency = agency_by_code(s, a.agency_code)
                if a.minimum_role is not None and not minimum_role_fits(
                    a.minimum_role, agency.kind
                ):
                    problems[f"attendee:{n}"] = (
                        f"{a.name.strip()} ({agency.name}) cannot count as the "
                        f"{a.minimum_role.label.lower()}."
                    )
                    continue
                attendees.append(
                    StrategyAttendee(
                        name=a.name.strip(),
                        role_title=a.role_title.strip(),
                        agency_id=agency.id,
                        minimum_role=a.minimum_role.value if a.minimum_role else None,
                        present=a.present,
                        senior_enough=a.senior_enough,
                        hospital_staff=a.hospital_staff,
                    )
                )
            if problems:
                raise ValidationError(
                    "Check the attendees: " + " ".join(problems.values()), problems
                )
            d.mode = data.mode.value
            d.held_at = data.held_at
            d.place = data.place.strip()
            d.attendees = attendees
            d.missing_reasons = [
                StrategyMissingReason(minimum_role=role.value, reason=text.strip())
                for role, text in data.missing_reasons.items()
                if text.strip()
            ]
            for name in (
                "information_shared",
                "criminal_investigation",
                "further_information",
                "immediate_actions",
                "legal_action",
                "shared_with_family",
                "allocated_social_worker",
                "allocated_team",
            ):
                setattr(d, name, getattr(data, name).strip())
            leads = {}
            for field, code in (
                ("s47_lead_agency_id", data.s47_lead_agency_code),
                ("criminal_lead_agency_id", data.criminal_lead_agency_code),
            ):
                leads[field] = agency_by_code(s, code).id if code.strip() else None
            d.s47_lead_agency_id = leads["s47_lead_agency_id"]
            d.criminal_lead_agency_id = leads["criminal_lead_agency_id"]
            d.protection = data.protection.value if data.protection else None
            d.protection_since = data.protection_since
            d.child_looked_after = data.child_looked_after
            d.hospital_absent_reason = data.hospital_absent_reason.strip()
            d.s47_started = data.s47_started
            d.legal_action_needed = data.legal_action_needed
            d.outcome = data.outcome.value if data.outcome else None
            d.chair_id = actor.user_id
            if d.out_of_hours and d.held_at is not None:
                d.ooh_visible_from = next_working_morning(d.held_at)
            d.updated_at = self.ctx.clock.now()
            s.flush()
            sync_copies(s, d)  # SD-16: the 48 hours run from when it was held
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.record_save",
                "strategy_discussion",
                d.id,
                {"version": d.version},
            )
            return build_view(s, d, self._today())

    def complete(self, actor: Actor, discussion_id: int) -> DiscussionView:
        """Close the record: the minimum attendees are there or each absence has a reason
        (SD-3); the SD-5 decisions and the flow chart 4 outcome are made; the allocated social
        worker or team is named (SD-6). The 48-hour copies become due (SD-4)."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, CHAIRS, "complete a strategy discussion")
            d = load_discussion(s, discussion_id)
            me = agency_of(s, actor)
            require_record(actor, me, d)
            if d.status == DiscussionStatus.COMPLETED.value:
                raise ValidationError("This strategy discussion is already completed.")
            problems: dict[str, str] = {}
            for role in unexplained_missing(facts_of(d), reasons_of(d), d.child_looked_after):
                problems[f"missing:{role.value}"] = (
                    f"{role.label} is missing: the chair must be present."
                    if role is MinimumRole.LA_MANAGER
                    else f"{role.label} is missing: record who attended, or why nobody did "
                    "in words (a senior enough attendee counts)."
                )
            now = self.ctx.clock.now()
            problems.update(completion_problems(record_facts(s, d), now))
            if d.held_at is None:
                problems["held_at"] = "When was the discussion held?"
            elif d.held_at > now + HELD_AT_SLACK:
                problems["held_at"] = (
                    "The discussion is recorded as held later than now; check the date and time."
                )
            if not d.place and d.mode == Mode.MEETING.value:
                problems["place"] = "Where was the meeting held?"
            if d.s47_started is None:
                problems["s47_started"] = "Decide whether s47 enquiries start."
            if d.outcome is None:
                problems["outcome"] = "Record the outcome (flow chart 4)."
            elif (d.outcome == Flow4Outcome.S47_ENQUIRIES.value) != bool(d.s47_started):
                problems["outcome"] = "The outcome and the s47 decision disagree."
            if not (d.allocated_social_worker or d.allocated_team):
                problems["allocated"] = "Name the allocated social worker or team."
            if not d.information_shared:
                problems["information_shared"] = "Record the information shared."
            if problems:
                raise ValidationError(
                    "The strategy discussion cannot be completed yet: "
                    + " ".join(sorted(set(problems.values()))),
                    problems,
                )
            d.status = DiscussionStatus.COMPLETED.value
            d.completed_at = now
            d.completed_by_id = actor.user_id
            d.updated_at = now
            sync_copies(s, d)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "strategy.complete",
                "strategy_discussion",
                d.id,
                {"outcome": d.outcome, "s47": d.s47_started},
            )
            return build_view(s, d, self._today())

    def find_for_contact(self, actor: Actor, contact: str | int) -> list[DiscussionRow]:
        """Discussions about one contact (for the contact view)."""
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            me = agency_of(s, actor)
            found = find_contact(s, contact)
            query = (
                select(StrategyDiscussion)
                .options(*_ACCESS_LOADS)
                .where(StrategyDiscussion.contact_id == found.id)
            )
            rows = build_rows(
                s, [d for d in s.scalars(query) if may_view(actor, me, d)], self._today()
            )
            record(s, self.ctx, actor, "strategy.list", "contact", found.id, {"count": len(rows)})
            return rows

    # --- printing -----------------------------------------------------------------------
    def printable_record(self, actor: Actor, discussion_id: int) -> PrintableDocument:
        """The record as a document for controlled-copy printing (SD-4); the view is audited
        here, the print itself by the printing service."""
        with self.ctx.store.transaction() as s:
            require_active(s, actor)
            d = load_discussion(s, discussion_id)
            require_view(actor, agency_of(s, actor), d)
            view = build_view(s, d, self._today())
            record(s, self.ctx, actor, "strategy.print_prepare", "strategy_discussion", d.id)
            agencies = agency_name_map(s)
        actions = ActionTrackerService(self.ctx).actions_for(actor, discussion_id)
        return record_document(view, actions, agencies)
