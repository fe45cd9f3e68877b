"""What the strategy services share: loading a discussion, who may see or change it, and the
frozen rows they hand out. Not a public service: use StrategyService and ActionTrackerService.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mash_desktop.domain.errors import NotFound, PermissionDenied
from mash_desktop.domain.roles import STRATEGY_OVERSEERS, AgencyKind, Role
from mash_desktop.domain.working_days import london_date
from mash_desktop.services.context import Actor
from mash_desktop.services.strategy.clocks import ChildClocks, clocks_for_contacts
from mash_desktop.store.models import Agency, Contact, StrategyDiscussion, User

# Roles that see every discussion of the hub (the MASH's own oversight and the audit).


def load_discussion(session: Session, discussion_id: int) -> StrategyDiscussion:
    found = session.get(StrategyDiscussion, discussion_id)
    if found is None:
        raise NotFound(f"Strategy discussion {discussion_id} was not found.")
    return found


def agency_of(session: Session, actor: Actor) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.code == actor.agency_code))
    if agency is None:
        raise PermissionDenied("Your agency is not a partner of this hub.")
    return agency


def agency_by_code(session: Session, code: str) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.code == code))
    if agency is None or not agency.active:
        raise NotFound(f"No active partner agency with the code {code}.")
    return agency


def involved_agency_ids(d: StrategyDiscussion) -> set[int]:
    """Agencies invited to the discussion or represented at it (SD-2, SD-4)."""
    ids = {inv.agency_id for inv in d.invitations}
    ids.update(a.agency_id for a in d.attendees)
    return ids


def attended_agency_ids(d: StrategyDiscussion) -> set[int]:
    return {a.agency_id for a in d.attendees if a.present}


def is_la_chair(actor: Actor, agency: Agency, d: StrategyDiscussion) -> bool:
    """The LA manager of the discussion's own LA."""
    return actor.role is Role.LA_MANAGER and agency.id == d.la_agency_id


def may_record(actor: Actor, agency: Agency, d: StrategyDiscussion) -> bool:
    """SD-4 and SD-9: the LA's manager chairs and records; the OOH manager records the
    telephone discussions held out of hours."""
    if is_la_chair(actor, agency, d):
        return True
    return actor.role is Role.OOH_MANAGER and d.out_of_hours


def may_view(actor: Actor, agency: Agency, d: StrategyDiscussion) -> bool:
    if actor.role in STRATEGY_OVERSEERS or may_record(actor, agency, d):
        return True
    if actor.role is Role.ADMINISTRATOR:
        return False  # administrators run accounts, they do not read case records
    return agency.id == d.la_agency_id or agency.id in involved_agency_ids(d)


def require_view(actor: Actor, agency: Agency, d: StrategyDiscussion) -> None:
    if not may_view(actor, agency, d):
        raise PermissionDenied(
            "Only the agencies involved in this strategy discussion can see it (need to know)."
        )


def require_record(actor: Actor, agency: Agency, d: StrategyDiscussion) -> None:
    if not may_record(actor, agency, d):
        raise PermissionDenied(
            "Only the manager of the responsible LA (or the out-of-hours manager, for a "
            "telephone discussion out of hours) can record this strategy discussion."
        )


def child_names(contact: Contact) -> str:
    names = [f"{s.first_name} {s.last_name}".strip() for s in contact.subjects if s.is_child]
    return ", ".join(names) or "(no child named)"


def user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return user.full_name if user else "a user no longer on the system"


def agency_code(session: Session, agency_id: int | None) -> str:
    if agency_id is None:
        return ""
    agency = session.get(Agency, agency_id)
    return agency.code if agency else str(agency_id)


def due_dates(session: Session, d: StrategyDiscussion) -> tuple[date | None, date]:
    """(ICPC due, assessment due) for the child of a discussion (SD-7, SD-15): the ICPC from
    the child's FIRST discussion that started s47 enquiries; the assessment from the referral."""
    return Lookup(session).due_dates(d)


def is_la_agency(agency: Agency) -> bool:
    return agency.kind == AgencyKind.LA_CSC.value


class Lookup:
    """Per-transaction caches, so a list screen costs a few queries rather than a few per row.

    It keeps strong references to what it loaded (the session's identity map is weak, so
    repeated ``session.get`` calls would otherwise go back to the database).
    """

    def __init__(self, session: Session, today: date | None = None) -> None:
        self.session = session
        self.today = today or london_date(datetime.now(UTC))
        self._clocks: dict[int, ChildClocks] = {}
        self._agency_codes: dict[int, str] | None = None
        self._contacts: dict[int, Contact] = {}
        self._names: dict[int, str] = {}

    def agency_code(self, agency_id: int | None) -> str:
        if self._agency_codes is None:
            self._agency_codes = dict(self.session.execute(select(Agency.id, Agency.code)).all())
        if agency_id is None:
            return ""
        return self._agency_codes.get(agency_id, str(agency_id))

    def preload_contacts(self, ids: set[int]) -> None:
        missing = ids - self._contacts.keys()
        if missing:
            for contact in self.session.scalars(
                select(Contact)
                .where(Contact.id.in_(missing))
                .options(selectinload(Contact.subjects))
            ):
                self._contacts[contact.id] = contact

    def contact(self, contact_id: int) -> Contact | None:
        self.preload_contacts({contact_id})
        return self._contacts.get(contact_id)

    def child_names(self, contact_id: int) -> str:
        if contact_id not in self._names:
            contact = self.contact(contact_id)
            self._names[contact_id] = child_names(contact) if contact else ""
        return self._names[contact_id]

    def clocks(self, d: StrategyDiscussion) -> ChildClocks:
        """The child's clocks (SD-15), once per contact in this transaction."""
        if d.contact_id not in self._clocks:
            # Every contact loaded so far at once: a list costs a few queries, not a few per row.
            self.preload_contacts({d.contact_id})
            todo = [c for cid, c in self._contacts.items() if cid not in self._clocks]
            self._clocks.update(clocks_for_contacts(self.session, todo, self.today))
        return self._clocks[d.contact_id]

    def due_dates(self, d: StrategyDiscussion) -> tuple[date | None, date]:
        clocks = self.clocks(d)
        return clocks.icpc_due, clocks.assessment_due
