"""Plain rows the research and package services return, and the need-to-know filter (ISP-2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound
from mash_desktop.domain.sharing import Relevance, ResearchState
from mash_desktop.services.context import Actor
from mash_desktop.store.models import Agency, Contact, ResearchFinding, ResearchRequest, User


@dataclass(frozen=True)
class FindingInput:
    """What a researcher types for one item found."""

    finding: str
    relevance: Relevance
    subject_id: int | None = None  # None: about the household as a whole
    system: str = ""
    sensitive: bool = False
    sensitivity_note: str = ""


@dataclass(frozen=True)
class FindingRow:
    id: int
    request_id: int
    agency_code: str
    agency_name: str
    subject_id: int | None
    about: str
    system: str
    finding: str
    relevance: Relevance
    sensitive: bool
    sensitivity_note: str
    shared_at: datetime | None
    outside_permitted: bool
    updated_at: datetime
    amended_at: datetime | None = None  # ISP-13: corrected by its originator after sharing

    @property
    def shared(self) -> bool:
        return self.shared_at is not None


@dataclass(frozen=True)
class PanelRow:
    """One agency's panel. ``own`` panels carry everything; others only what was shared."""

    request_id: int
    agency_code: str
    agency_name: str
    state: ResearchState
    requested_at: datetime
    due_at: datetime
    researcher: str
    submitted_at: datetime | None
    own: bool
    systems_checked: str  # "" on another agency's panel (need to know)
    findings: tuple[FindingRow, ...]
    version: int


@dataclass(frozen=True)
class SubjectRef:
    id: int
    name: str
    is_child: bool
    relationship: str


@dataclass(frozen=True)
class ContactResearch:
    contact_id: int
    reference: str
    rag: str
    subjects: tuple[SubjectRef, ...]
    panels: tuple[PanelRow, ...]


@dataclass(frozen=True)
class DueRow:
    request_id: int
    contact_id: int
    reference: str
    rag: str
    state: ResearchState
    requested_at: datetime
    due_at: datetime
    overdue: bool


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    at: datetime
    by: str
    from_agency: str
    to_party: str
    what: str
    basis: str


def visible_to(actor_agency_id: int) -> ColumnElement[bool]:
    """ISP-2 need to know: an agency's own research, or what any agency has shared; the rule
    of domain.need_to_know.sees_research as a query filter (``actor_agency_id`` from
    research_agency_for: -1 for a role that reads only what was shared)."""
    return or_(
        ResearchRequest.agency_id == actor_agency_id,
        ResearchFinding.shared_at.is_not(None),
    )


def agency_id_of(session: Session, actor: Actor) -> int:
    agency_id = session.scalar(select(Agency.id).where(Agency.code == actor.agency_code))
    if agency_id is None:
        raise NotFound("Your agency is not on the partner list.")
    return agency_id


def load_contact(session: Session, contact_id: int, lock: bool = False) -> Contact:
    """The contact; ``lock``: held until the commit (a transaction beside others on a hub)."""
    contact = session.get(Contact, contact_id, with_for_update=lock)
    if contact is None:
        raise NotFound("No such contact.")
    return contact


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(wanted))).all())


def finding_row(f: ResearchFinding, agency: Agency) -> FindingRow:
    return FindingRow(
        id=f.id,
        request_id=f.request_id,
        agency_code=agency.code,
        agency_name=agency.name,
        subject_id=f.subject_id,
        about=f.about,
        system=f.system,
        finding=f.finding,
        relevance=Relevance(f.relevance),
        sensitive=f.sensitive,
        sensitivity_note=f.sensitivity_note,
        shared_at=f.shared_at,
        outside_permitted=f.outside_permitted,
        updated_at=f.updated_at,
        amended_at=f.amended_at,
    )


def item_label(f: ResearchFinding, agency: Agency) -> str:
    """How an item is named in messages and logs: 'item 12 (Health, about Tom Smith)'."""
    about = f" about {f.about}" if f.about else ""
    return f"item {f.id} ({agency.name}{about})"
