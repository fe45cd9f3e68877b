"""The referral queue (RQ-2): one Core query with filters, sort and paging, and a cheap
change token other workstation processes' saves show up in."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from mash_desktop.domain.contact_codes import ContactStatus, Rag
from mash_desktop.domain.names import search_terms
from mash_desktop.domain.roles import CASEWORKERS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.rights.person import contact_markers
from mash_desktop.store.models import Agency, Contact, User

ANY = ""


class QueueSort(StrEnum):
    CHILD = "child"
    AGE = "age"
    AGENCY = "agency"
    RECEIVED = "received"
    RAG = "rag"
    DUE = "due"
    STATUS = "status"
    CLAIMED = "claimed"
    REFERENCE = "reference"


@dataclass(frozen=True)
class QueueFilter:
    text: str = ""  # part of any child's name
    rag: str = ANY
    status: str = ContactStatus.OPEN.value  # ANY for every status
    agency_code: str = ANY  # the referrer's agency
    overdue_only: bool = False


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str
    child_name: str
    child_count: int
    child_dob: date | None
    referrer_agency: str
    received_at: datetime
    rag: Rag
    decision_due_at: datetime
    status: str
    claimed_by: str
    csc_case_open: bool
    version: int
    rights: str = ""  # ISP-14: "RESTRICTED", "OBJECTION RECORDED" for a person on it


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int


@dataclass(frozen=True)
class ChangeToken:
    count: int
    last_update: datetime | None


_claimer = aliased(User)
_agency = aliased(Agency)
_RAG_ORDER = case({"red": 0, "amber": 1, "green": 2}, value=Contact.rag, else_=3)
_SORTS = {
    QueueSort.CHILD: Contact.first_child_name,
    QueueSort.AGE: Contact.first_child_dob.desc(),  # youngest last when ascending by age
    QueueSort.AGENCY: _agency.code,
    QueueSort.RECEIVED: Contact.received_at,
    QueueSort.RAG: _RAG_ORDER,
    QueueSort.DUE: Contact.decision_due_at,
    QueueSort.STATUS: Contact.status,
    QueueSort.CLAIMED: _claimer.full_name,
    QueueSort.REFERENCE: Contact.reference,
}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(query: Select, flt: QueueFilter, now: datetime) -> Select:  # type: ignore[type-arg]
    if flt.status:
        query = query.where(Contact.status == flt.status)
    if flt.rag:
        query = query.where(Contact.rag == flt.rag)
    if flt.agency_code:
        query = query.where(_agency.code == flt.agency_code)
    if flt.overdue_only:
        query = query.where(Contact.decision_due_at < now)
        if not flt.status:
            query = query.where(Contact.status == ContactStatus.OPEN.value)
    for forms in search_terms(flt.text):
        # Each word of the search must be found, as typed, romanised or by its variant key.
        query = query.where(
            or_(*(Contact.child_search.like(f"%{_like_escape(f)}%", escape="\\") for f in forms))
        )
    return query


def fetch_page(
    s: Session,
    flt: QueueFilter,
    now: datetime,
    sort: QueueSort = QueueSort.DUE,
    descending: bool = False,
    limit: int = 200,
    offset: int = 0,
    with_total: bool = True,
) -> QueuePage:
    """The queue query itself (Core, one round trip plus an optional count)."""
    base = select(
        Contact.id,
        Contact.reference,
        Contact.first_child_name,
        Contact.child_count,
        Contact.first_child_dob,
        _agency.code,
        Contact.received_at,
        Contact.rag,
        Contact.decision_due_at,
        Contact.status,
        _claimer.full_name,
        Contact.csc_case_open,
        Contact.version,
    ).select_from(Contact)
    base = base.outerjoin(_agency, _agency.id == Contact.referrer_agency_id).outerjoin(
        _claimer, _claimer.id == Contact.claimed_by_id
    )
    query = _filtered(base, flt, now)
    order = _SORTS[sort]
    if descending:
        order = order.desc() if sort is not QueueSort.AGE else Contact.first_child_dob
    # The tie-breaker runs the same way as the sort, so SQLite can walk one index (rowid is
    # every index's last column) instead of sorting the whole result.
    tie = Contact.id.desc() if descending else Contact.id
    query = query.order_by(order, tie).limit(limit).offset(offset)
    rows = [
        QueueRow(
            id=r[0],
            reference=r[1],
            child_name=r[2],
            child_count=r[3],
            child_dob=r[4],
            referrer_agency=r[5] or "",
            received_at=r[6],
            rag=Rag(r[7]),
            decision_due_at=r[8],
            status=r[9],
            claimed_by=r[10] or "",
            csc_case_open=r[11],
            version=r[12],
        )
        for r in s.execute(query)
    ]
    markers = contact_markers(s, [r.id for r in rows])  # ISP-14
    if markers:
        rows = [replace(r, rights=markers[r.id]) if r.id in markers else r for r in rows]
    total = len(rows) + offset
    if with_total:
        count = select(func.count()).select_from(Contact)
        if flt.agency_code:
            count = count.outerjoin(_agency, _agency.id == Contact.referrer_agency_id)
        total = s.scalar(_filtered(count, flt, now)) or 0
    return QueuePage(rows, total)


class QueueService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def page(
        self,
        actor: Actor,
        flt: QueueFilter,
        sort: QueueSort = QueueSort.DUE,
        descending: bool = False,
        limit: int = 200,
        offset: int = 0,
        with_total: bool = True,
        refresh: bool = False,
        shown: Collection[int] = (),
    ) -> QueuePage:
        """One page of queue rows; what a person is shown is audited (child names are
        personal data). The rows are read without the write lock; only the audit entry is a
        (short) write.

        A listing the person asked for (opening the queue, a search, a filter, scrolling on)
        is recorded with the contacts it showed. A ``refresh`` (a timer's, after another
        officer's change) is recorded only when it shows contacts not in ``shown``, those
        already on the person's screen, and names just those: the trail keeps every
        personal record shown without one entry per tick."""
        with self.ctx.store.read() as s:
            require_role(s, actor, CASEWORKERS, "see the referral queue")
            now = self.ctx.clock.now()
            page = fetch_page(s, flt, now, sort, descending, limit, offset, with_total)
        ids = [row.id for row in page.rows]
        details: dict[str, object]
        if refresh:
            new = [i for i in ids if i not in set(shown)]
            if not new:
                return page
            details = {"refresh": True, "contacts": new}
        else:
            details = {
                "text": bool(flt.text),
                "rag": flt.rag,
                "status": flt.status,
                "agency": flt.agency_code,
                "overdue": flt.overdue_only,
                "rows": len(ids),
                "from": offset,
                "contacts": ids,
            }
        with self.ctx.store.transaction(row_locks=True) as s:
            record(s, self.ctx, actor, "queue.view", "queue", "", details)
        return page

    def change_token(self, actor: Actor) -> ChangeToken:
        """Cheap 'has anything changed?' for polling: no personal data, not audited, and no
        write lock, so a poll never waits for another workstation's save."""
        with self.ctx.store.read() as s:
            require_role(s, actor, CASEWORKERS, "see the referral queue")
            count, last = s.execute(
                select(func.count(Contact.id), func.max(Contact.updated_at))
            ).one()
            return ChangeToken(int(count), last)

    def referrer_agencies(self, actor: Actor) -> list[tuple[str, str]]:
        """(code, name) of every agency, for the filter list."""
        with self.ctx.store.read() as s:
            require_role(s, actor, CASEWORKERS, "see the referral queue")
            return [
                (code, name)
                for code, name in s.execute(select(Agency.code, Agency.name).order_by(Agency.name))
            ]
