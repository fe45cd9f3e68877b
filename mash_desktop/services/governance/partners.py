"""Partners and the agreement (ISP-8, GOV-2, GOV-3).

- A partner's withdrawal is recorded with the date of its written notice. Its users lose
  access at once: every service call re-reads the acting user's agency (``authz``), so open
  sessions are refused at their next action too. What it shared stays in the store under the
  agreement and stays readable by the other partners as before (ISP-7.1.5).
- The agreement: each version, when it took effect, its annual review date and the partners'
  signatories. The administrator is reminded from 60 days before the review; past it, the
  review is overdue (shown in the Board figures).
- Each user acknowledges the version in force at first login and after each new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import LONDON, to_london
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import ADMINISTRATORS, GOVERNANCE_READERS, Role
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import (
    Agency,
    AgreementAcknowledgement,
    AgreementSignatory,
    AgreementVersion,
    User,
)

REMINDER_DAYS = 60
ADMIN = ADMINISTRATORS
READERS = GOVERNANCE_READERS


@dataclass(frozen=True)
class SignatoryRow:
    agency_code: str
    agency_name: str
    signatory: str
    position: str
    signed_on: date


@dataclass(frozen=True)
class AgreementRow:
    id: int
    version: str
    effective_on: date
    review_due_on: date
    summary: str
    signatories: tuple[SignatoryRow, ...]
    unsigned: tuple[str, ...]  # names of partners in the agreement that have not signed


@dataclass(frozen=True)
class ReviewStatus:
    state: str  # "none", "ok", "due_soon", "overdue"
    message: str
    due_on: date | None = None
    days_left: int | None = None


def review_status(version: AgreementVersion | None, today: date) -> ReviewStatus:
    if version is None:
        return ReviewStatus("none", "No version of the agreement is recorded yet.")
    days = (version.review_due_on - today).days
    when = version.review_due_on.strftime("%d/%m/%Y")
    if days < 0:
        return ReviewStatus(
            "overdue",
            f"The annual review of the agreement (version "
            f"{version.version}) is overdue: it was due on {when}.",
            version.review_due_on,
            days,
        )
    if days <= REMINDER_DAYS:
        return ReviewStatus(
            "due_soon",
            f"The annual review of the agreement (version "
            f"{version.version}) is due on {when}, in {days} days.",
            version.review_due_on,
            days,
        )
    return ReviewStatus("ok", f"Next review of the agreement: {when}.", version.review_due_on, days)


def current_version(session: Session, today: date) -> AgreementVersion | None:
    return session.scalar(
        select(AgreementVersion)
        .where(AgreementVersion.effective_on <= today)
        .order_by(AgreementVersion.effective_on.desc(), AgreementVersion.id.desc())
        .limit(1)
    )


def _agreement_row(session: Session, version: AgreementVersion) -> AgreementRow:
    agencies = {a.id: a for a in session.scalars(select(Agency))}
    signed = session.scalars(
        select(AgreementSignatory).where(AgreementSignatory.version_id == version.id)
    ).all()
    rows = tuple(
        SignatoryRow(
            agencies[s.agency_id].code,
            agencies[s.agency_id].name,
            s.signatory,
            s.position,
            s.signed_on,
        )
        for s in sorted(signed, key=lambda s: agencies[s.agency_id].name)
    )
    signed_ids = {s.agency_id for s in signed}
    unsigned = tuple(
        sorted(a.name for a in agencies.values() if a.active and a.id not in signed_ids)
    )
    return AgreementRow(
        version.id,
        version.version,
        version.effective_on,
        version.review_due_on,
        version.summary,
        rows,
        unsigned,
    )


class PartnerService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _today(self) -> date:
        return to_london(self.ctx.clock.now()).date()

    # --- withdrawal (ISP-8) ------------------------------------------------------------------
    def record_withdrawal(self, admin: Actor, agency_code: str, notice_on: date, note: str) -> None:
        """From the notice, the partner's users have no access; its contributions stay."""
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMIN, "record a partner's withdrawal")
            agency = session.scalar(select(Agency).where(Agency.code == agency_code))
            if agency is None:
                raise NotFound(f"No partner {agency_code}.")
            if not agency.active:
                raise ValidationError(f"{agency.name} has already withdrawn.")
            if admin.agency_code == agency_code:
                raise ValidationError("You cannot record your own agency's withdrawal.")
            if notice_on > self._today():
                raise ValidationError(
                    "The notice date is in the future: record the withdrawal on that date.",
                    {"notice_on": "Not after today."},
                )
            agency.active = False
            agency.withdrawn_at = datetime.combine(notice_on, time(0), LONDON).astimezone(UTC)
            users = session.scalars(select(User.id).where(User.agency_id == agency.id)).all()
            record(
                session,
                self.ctx,
                admin,
                "agency.withdraw",
                "agency",
                agency.code,
                {
                    "notice_on": notice_on.isoformat(),
                    "note": note.strip(),
                    "users_without_access": len(users),
                },
            )

    # --- the agreement (GOV-2) ---------------------------------------------------------------
    def record_version(
        self,
        admin: Actor,
        version: str,
        effective_on: date,
        summary: str = "",
        review_due_on: date | None = None,
    ) -> int:
        version = version.strip()
        if not version:
            raise ValidationError("Give the version of the agreement.", {"version": "Required."})
        due = review_due_on or effective_on.replace(year=effective_on.year + 1)
        if due <= effective_on:
            raise ValidationError(
                "The review date must come after the date it took effect.",
                {"review_due_on": "After the effective date."},
            )
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMIN, "record the agreement")
            if session.scalar(
                select(AgreementVersion.id).where(AgreementVersion.version == version)
            ):
                raise ValidationError(
                    f"Version {version} is recorded already.", {"version": "Taken."}
                )
            row = AgreementVersion(
                version=version,
                effective_on=effective_on,
                review_due_on=due,
                summary=summary.strip(),
                recorded_by_id=admin.user_id,
                recorded_at=self.ctx.clock.now(),
            )
            session.add(row)
            session.flush()
            record(
                session,
                self.ctx,
                admin,
                "agreement.version",
                "agreement",
                row.id,
                {
                    "version": version,
                    "effective_on": effective_on.isoformat(),
                    "review_due_on": due.isoformat(),
                },
            )
            return row.id

    def add_signatory(
        self,
        admin: Actor,
        version_id: int,
        agency_code: str,
        signatory: str,
        position: str,
        signed_on: date,
    ) -> None:
        if not signatory.strip():
            raise ValidationError("Name who signed for the partner.", {"signatory": "Required."})
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMIN, "record signatories")
            version = session.get(AgreementVersion, version_id)
            agency = session.scalar(select(Agency).where(Agency.code == agency_code))
            if version is None or agency is None:
                raise NotFound("No such version or partner.")
            if session.scalar(
                select(AgreementSignatory.id).where(
                    AgreementSignatory.version_id == version_id,
                    AgreementSignatory.agency_id == agency.id,
                )
            ):
                raise ValidationError(
                    f"{agency.name} has signed version {version.version} already."
                )
            session.add(
                AgreementSignatory(
                    version_id=version_id,
                    agency_id=agency.id,
                    signatory=signatory.strip(),
                    position=position.strip(),
                    signed_on=signed_on,
                )
            )
            record(
                session,
                self.ctx,
                admin,
                "agreement.sign",
                "agreement",
                version_id,
                {
                    "partner": agency.code,
                    "signatory": signatory.strip(),
                    "signed_on": signed_on.isoformat(),
                },
            )

    def record_review(
        self, admin: Actor, version_id: int, reviewed_on: date, next_review_on: date | None = None
    ) -> None:
        """The partners reviewed the agreement: the next review falls a year on (or as set)."""
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMIN, "record the agreement's review")
            version = session.get(AgreementVersion, version_id)
            if version is None:
                raise NotFound("No such version of the agreement.")
            following = next_review_on or reviewed_on.replace(year=reviewed_on.year + 1)
            if following <= reviewed_on:
                raise ValidationError("The next review must come after this one.")
            version.reviewed_on, version.review_due_on = reviewed_on, following
            record(
                session,
                self.ctx,
                admin,
                "agreement.review",
                "agreement",
                version_id,
                {"reviewed_on": reviewed_on.isoformat(), "next": following.isoformat()},
            )

    def agreement(self, actor: Actor) -> tuple[AgreementRow | None, ReviewStatus]:
        """The version in force with its signatories, and the review reminder."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, READERS, "see the agreement's record")
            version = current_version(session, self._today())
            status = review_status(version, self._today())
            return (_agreement_row(session, version) if version else None), status

    def review_reminder(self, admin: Actor) -> str | None:
        """The administrator's reminder: from 60 days before the review, and once overdue."""
        with self.ctx.store.transaction() as session:
            require_active(session, admin)
            if admin.role is not Role.ADMINISTRATOR:
                return None
            status = review_status(current_version(session, self._today()), self._today())
        return status.message if status.state in ("due_soon", "overdue") else None

    # --- each user's acknowledgement (GOV-3, ISP-10.1.1) ------------------------------------
    def pending_acknowledgement(self, actor: Actor) -> AgreementRow | None:
        """The version in force, if this user has not yet acknowledged it."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            version = current_version(session, self._today())
            if version is None or session.scalar(
                select(AgreementAcknowledgement.id).where(
                    AgreementAcknowledgement.user_id == actor.user_id,
                    AgreementAcknowledgement.version_id == version.id,
                )
            ):
                return None
            return _agreement_row(session, version)

    def acknowledge(self, actor: Actor, version_id: int) -> None:
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            version = session.get(AgreementVersion, version_id)
            if version is None:
                raise NotFound("No such version of the agreement.")
            if session.scalar(
                select(AgreementAcknowledgement.id).where(
                    AgreementAcknowledgement.user_id == actor.user_id,
                    AgreementAcknowledgement.version_id == version_id,
                )
            ):
                return
            session.add(
                AgreementAcknowledgement(
                    user_id=actor.user_id,
                    version_id=version_id,
                    acknowledged_at=self.ctx.clock.now(),
                )
            )
            record(
                session,
                self.ctx,
                actor,
                "agreement.acknowledge",
                "agreement",
                version_id,
                {"version": version.version},
            )

    def acknowledgements(self, actor: Actor) -> list[tuple[str, str, str, datetime | None]]:
        """Each active user with the version in force: (name, agency, user name, when they
        acknowledged it, or None)."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, READERS, "see who acknowledged the agreement")
            version = current_version(session, self._today())
            acked = (
                {}
                if version is None
                else dict(
                    session.execute(
                        select(
                            AgreementAcknowledgement.user_id,
                            AgreementAcknowledgement.acknowledged_at,
                        ).where(AgreementAcknowledgement.version_id == version.id)
                    ).all()
                )
            )
            users = session.scalars(
                select(User).where(User.suspended.is_(False)).order_by(User.full_name)
            ).all()
            return [
                (u.full_name, u.agency.name, u.username, acked.get(u.id))
                for u in users
                if u.agency.active
            ]
