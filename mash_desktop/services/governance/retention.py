"""Retention schedules per LA and record kind, and the list of records due (ISP-9).

Each LA's schedule is kept in the settings table (``retention:<LA code>``, JSON of kind ->
rule); a kind the LA has not set follows the documented default (``domain.retention``).
MASH managers and administrators see and manage every LA's records; an LA manager only
those of their own LA.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.retention import (
    DEFAULT_SCHEDULE,
    RecordKind,
    RetentionRule,
    check_rule,
    due_on,
    kind_of,
)
from mash_desktop.domain.roles import RECORDS_MANAGERS, Role
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import (
    Agency,
    Contact,
    DestructionProposal,
    LegalHold,
    Setting,
    StrategyDiscussion,
    Subject,
    User,
)

RECORDS_ROLES = RECORDS_MANAGERS
HUB_WIDE = "HUB"  # contacts with no owning LA follow the hub-wide schedule


@dataclass(frozen=True)
class ScheduleLine:
    kind: RecordKind
    rule: RetentionRule
    is_default: bool


@dataclass(frozen=True)
class DueRow:
    contact_id: int
    reference: str
    la_code: str
    la_name: str
    kind: RecordKind
    rule: str
    decided_on: date
    due_on: date
    hold_id: int | None  # the legal hold in force, if any
    proposal_id: int | None
    proposed_by: str


def _setting_key(la_code: str) -> str:
    return f"retention:{la_code}"


def schedule_for(session: Session, la_code: str) -> dict[RecordKind, ScheduleLine]:
    row = session.get(Setting, _setting_key(la_code))
    stored = json.loads(row.value) if row else {}
    lines = {}
    for kind, default in DEFAULT_SCHEDULE.items():
        if kind.value in stored:
            rule = check_rule(stored[kind.value]["anchor"], int(stored[kind.value]["years"]))
            lines[kind] = ScheduleLine(kind, rule, False)
        else:
            lines[kind] = ScheduleLine(kind, default, True)
    return lines


def records_user(session: Session, actor: Actor, doing: str) -> User:
    return require_role(session, actor, RECORDS_ROLES, doing)


def may_manage_la(actor: Actor, la_code: str) -> bool:
    return actor.role is not Role.LA_MANAGER or actor.agency_code == la_code


def require_la(actor: Actor, la_code: str) -> None:
    if not may_manage_la(actor, la_code):
        raise PermissionDenied(
            "An LA manager manages the retention of their own LA's records only."
        )


class RetentionService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def schedule(self, actor: Actor, la_code: str) -> list[ScheduleLine]:
        with self.ctx.store.transaction() as session:
            records_user(session, actor, "see retention schedules")
            return list(schedule_for(session, la_code).values())

    def set_rule(
        self, actor: Actor, la_code: str, kind: RecordKind, anchor: str, years: int
    ) -> None:
        """An LA's own period for one kind of record (audited with old and new)."""
        try:
            rule = check_rule(anchor, years)
        except ValueError as exc:
            raise ValidationError(str(exc), {"years": str(exc)}) from exc
        with self.ctx.store.transaction() as session:
            records_user(session, actor, "set retention periods")
            require_la(actor, la_code)
            if (
                la_code != HUB_WIDE
                and session.scalar(select(Agency.id).where(Agency.code == la_code)) is None
            ):
                raise ValidationError(f"No agency {la_code}.")
            row = session.get(Setting, _setting_key(la_code))
            stored = json.loads(row.value) if row else {}
            old = schedule_for(session, la_code)[kind].rule.describe()
            stored[kind.value] = {"anchor": rule.anchor.value, "years": rule.years}
            if row is None:
                session.add(Setting(key=_setting_key(la_code), value=json.dumps(stored)))
            else:
                row.value = json.dumps(stored, sort_keys=True)
            record(
                session,
                self.ctx,
                actor,
                "retention.set",
                "retention",
                f"{la_code}:{kind}",
                {"old": old, "new": rule.describe()},
            )

    def due(self, actor: Actor, today: date | None = None, within_days: int = 0) -> list[DueRow]:
        """Decided records whose retention ends by ``today`` + ``within_days``, oldest first."""
        today = today or to_london(self.ctx.clock.now()).date()
        with self.ctx.store.transaction() as session:
            records_user(session, actor, "see records due for destruction")
            rows = due_rows(session, actor, today.toordinal() + within_days)
            record(
                session,
                self.ctx,
                actor,
                "retention.due_list",
                "retention",
                "",
                {"count": len(rows), "on": today.isoformat()},
            )
            return rows


def due_rows(session: Session, actor: Actor, by_ordinal: int) -> list[DueRow]:
    agencies = {a.id: a for a in session.scalars(select(Agency))}
    schedules: dict[str, dict[RecordKind, ScheduleLine]] = {}
    with_strategy = set(session.scalars(select(StrategyDiscussion.contact_id).distinct()))
    youngest = dict(
        session.execute(
            select(Subject.contact_id, func.max(Subject.dob))
            .where(Subject.is_child.is_(True))
            .group_by(Subject.contact_id)
        ).all()
    )
    held = dict(
        session.execute(
            select(LegalHold.contact_id, LegalHold.id).where(LegalHold.lifted_at.is_(None))
        ).all()
    )
    proposals = {
        p.contact_id: p
        for p in session.scalars(
            select(DestructionProposal).where(DestructionProposal.status == "proposed")
        )
    }
    names = dict(session.execute(select(User.id, User.full_name)).all())
    rows = []
    query = select(
        Contact.id,
        Contact.reference,
        Contact.la_agency_id,
        Contact.outcome,
        Contact.status,
        Contact.outcome_at,
    ).where(Contact.outcome_at.is_not(None))
    for cid, reference, la_id, outcome, status, decided_at in session.execute(query):
        kind = kind_of(outcome, status, cid in with_strategy)
        if kind is None or decided_at is None:
            continue
        la = agencies.get(la_id) if la_id else None
        la_code = la.code if la else HUB_WIDE
        if not may_manage_la(actor, la_code):
            continue
        if la_code not in schedules:
            schedules[la_code] = schedule_for(session, la_code)
        rule = schedules[la_code][kind].rule
        decided_on = to_london(decided_at).date()
        due = due_on(rule, decided_on, youngest.get(cid))
        if due.toordinal() > by_ordinal:
            continue
        proposal = proposals.get(cid)
        rows.append(
            DueRow(
                cid,
                reference,
                la_code,
                la.name if la else "Hub-wide",
                kind,
                rule.describe(),
                decided_on,
                due,
                held.get(cid),
                proposal.id if proposal else None,
                names.get(proposal.proposed_by_id, "") if proposal else "",
            )
        )
    rows.sort(key=lambda r: (r.due_on, r.reference))
    return rows
