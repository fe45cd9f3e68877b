"""The final intelligence package for the operational team (ISP-4, ISP-5; InfoSec 2.1.2).

Only MASH managers (the authorised senior staff) compose it, and only from items their
originating agencies shared; each item keeps its source agency. A draft may hold items still
waiting for their originating partner's permission (the manager asks for it from the composer,
services.research.permissions); issuing the package and preparing it for printing are refused
while any item is waiting, naming every one of them. An empty package is refused before the
manager is asked to confirm the issue (``check_issue``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.basis_words import describe_basis
from mash_desktop.domain.clock import format_london
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import SENIOR_STAFF
from mash_desktop.domain.sharing import Relevance
from mash_desktop.printing.document import (
    Block,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.services.audit import record
from mash_desktop.services.authz import hidden, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.research.permissions import check_may_leave, waiting_state
from mash_desktop.services.research.rows import (
    FindingRow,
    finding_row,
    item_label,
    load_contact,
    user_names,
)
from mash_desktop.services.research.sharing import log_disclosure
from mash_desktop.store.models import (
    IntelligencePackage,
    PackageItem,
    ResearchFinding,
    ResearchRequest,
    SharingDecision,
)


@dataclass(frozen=True)
class PackageItemRow:
    finding: FindingRow
    basis: str
    waiting: str = ""  # where the partner's permission stands; "" when it may leave (ISP-5)


@dataclass(frozen=True)
class PackageRow:
    id: int
    contact_id: int
    reference: str
    recipient: str
    summary: str
    status: str  # draft | issued
    composed_by: str
    created_at: datetime
    issued_at: datetime | None
    items: tuple[PackageItemRow, ...]

    @property
    def source_agencies(self) -> tuple[str, ...]:
        return tuple(sorted({i.finding.agency_code for i in self.items}))


def _basis_of(s: Session, finding_id: int) -> str:
    decision = s.scalar(
        select(SharingDecision)
        .where(SharingDecision.finding_id == finding_id, SharingDecision.outcome == "shared")
        .order_by(SharingDecision.id.desc())
        .limit(1)
    )
    if decision is None:
        return ""
    return describe_basis(
        json.loads(decision.schedule2),
        json.loads(decision.schedule3),
        json.loads(decision.gateways),
    )


class PackageService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _package(
        self, s: Session, actor: Actor, package_id: int, doing: str
    ) -> IntelligencePackage:
        require_role(s, actor, SENIOR_STAFF, doing)
        package = s.get(IntelligencePackage, package_id)
        if package is None:
            raise NotFound("No such intelligence package.")
        return package

    def _row(self, s: Session, package: IntelligencePackage) -> PackageRow:
        contact = load_contact(s, package.contact_id)
        names = user_names(s, {package.composed_by_id})
        items = tuple(
            PackageItemRow(
                finding_row(i.finding, i.finding.request.agency),
                _basis_of(s, i.finding_id),
                waiting_state(s, i.finding),
            )
            for i in package.items
        )
        return PackageRow(
            package.id,
            contact.id,
            contact.reference,
            package.recipient,
            package.summary,
            package.status,
            names.get(package.composed_by_id, ""),
            package.created_at,
            package.issued_at,
            items,
        )

    def shared_items(self, actor: Actor, contact_id: int) -> list[FindingRow]:
        """Every item any agency shared on the contact: what a package can be made from."""
        with self.ctx.store.transaction() as s:
            require_role(s, actor, SENIOR_STAFF, "compose the intelligence package")
            contact = load_contact(s, contact_id)
            findings = s.scalars(
                select(ResearchFinding)
                .join(ResearchRequest, ResearchRequest.id == ResearchFinding.request_id)
                .where(
                    ResearchRequest.contact_id == contact.id,
                    ResearchFinding.shared_at.is_not(None),
                )
                .order_by(ResearchRequest.id, ResearchFinding.id)
            ).all()
            rows = [finding_row(f, f.request.agency) for f in findings]
            record(
                s,
                self.ctx,
                actor,
                "package.shared_items_view",
                "contact",
                contact.id,
                {"items": [r.id for r in rows]},
            )
            return rows

    def packages_for_contact(self, actor: Actor, contact_id: int) -> list[PackageRow]:
        with self.ctx.store.transaction() as s:
            require_role(s, actor, SENIOR_STAFF, "see intelligence packages")
            contact = load_contact(s, contact_id)
            packages = s.scalars(
                select(IntelligencePackage)
                .where(IntelligencePackage.contact_id == contact.id)
                .order_by(IntelligencePackage.id)
            ).all()
            rows = [self._row(s, p) for p in packages]
            record(s, self.ctx, actor, "package.list", "contact", contact.id, {"count": len(rows)})
            return rows

    def create(self, actor: Actor, contact_id: int, recipient: str, summary: str = "") -> int:
        if not recipient.strip():
            raise ValidationError(
                "Name the operational team the package is for.", {"recipient": "Required."}
            )
        with self.ctx.store.transaction() as s:
            require_role(s, actor, SENIOR_STAFF, "compose the intelligence package")
            contact = load_contact(s, contact_id)
            package = IntelligencePackage(
                contact_id=contact.id,
                recipient=recipient.strip(),
                summary=summary.strip(),
                status="draft",
                composed_by_id=actor.user_id,
                created_at=self.ctx.clock.now(),
            )
            s.add(package)
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "package.create",
                "intelligence_package",
                package.id,
                {"contact": contact.id, "recipient": package.recipient},
            )
            return package.id

    def update_summary(self, actor: Actor, package_id: int, recipient: str, summary: str) -> None:
        with self.ctx.store.transaction() as s:
            package = self._package(s, actor, package_id, "compose the intelligence package")
            self._require_draft(package)
            if not recipient.strip():
                raise ValidationError(
                    "Name the operational team the package is for.", {"recipient": "Required."}
                )
            package.recipient = recipient.strip()
            package.summary = summary.strip()
            record(s, self.ctx, actor, "package.edit", "intelligence_package", package.id)

    @staticmethod
    def _require_draft(package: IntelligencePackage) -> None:
        if package.status != "draft":
            raise ValidationError("This package was issued; it can no longer be changed.")

    def add_item(self, actor: Actor, package_id: int, finding_id: int) -> None:
        """Add a shared item. One still waiting for its partner's permission may go into the
        draft (it stays inside the MASH); the package cannot be issued or printed until it has."""
        with self.ctx.store.transaction() as s:
            package = self._package(s, actor, package_id, "compose the intelligence package")
            self._require_draft(package)
            finding = s.get(ResearchFinding, finding_id)
            if (
                finding is None
                or finding.request.contact_id != package.contact_id
                or finding.shared_at is None
            ):
                # Unshared research is not even acknowledged to exist (ISP-2).
                message = "No such shared item on this contact."
                if finding is None:
                    raise NotFound(message)
                raise hidden(actor, message, "put unshared research in a package")
            if any(i.finding_id == finding.id for i in package.items):
                return
            package.items.append(
                PackageItem(
                    finding_id=finding.id, added_by_id=actor.user_id, added_at=self.ctx.clock.now()
                )
            )
            s.flush()
            record(
                s,
                self.ctx,
                actor,
                "package.add_item",
                "intelligence_package",
                package.id,
                {"item": finding.id, "source": finding.request.agency.code},
            )

    def remove_item(self, actor: Actor, package_id: int, finding_id: int) -> None:
        with self.ctx.store.transaction() as s:
            package = self._package(s, actor, package_id, "compose the intelligence package")
            self._require_draft(package)
            for item in list(package.items):
                if item.finding_id == finding_id:
                    package.items.remove(item)
            record(
                s,
                self.ctx,
                actor,
                "package.remove_item",
                "intelligence_package",
                package.id,
                {"item": finding_id},
            )

    def get(self, actor: Actor, package_id: int) -> PackageRow:
        with self.ctx.store.transaction() as s:
            package = self._package(s, actor, package_id, "see intelligence packages")
            row = self._row(s, package)
            record(s, self.ctx, actor, "package.view", "intelligence_package", package.id)
            return row

    @staticmethod
    def _check_issuable(s: Session, package: IntelligencePackage) -> None:
        if not package.items:
            raise ValidationError(
                "The package has no items: add the shared items the team needs before issuing it."
            )
        check_may_leave(s, [i.finding for i in package.items])  # ISP-5: every waiting item

    def check_issue(self, actor: Actor, package_id: int) -> None:
        """What would stop the issue (empty, items waiting), checked before asking to confirm."""
        with self.ctx.store.transaction() as s:
            package = self._package(s, actor, package_id, "issue the intelligence package")
            self._require_draft(package)
            self._check_issuable(s, package)

    def issue(self, actor: Actor, package_id: int) -> PackageRow:
        """Release the package to its operational team: every item must be allowed out."""
        with self.ctx.store.transaction() as s:
            package = self._package(s, actor, package_id, "issue the intelligence package")
            self._require_draft(package)
            self._check_issuable(s, package)
            package.status = "issued"
            package.issued_by_id = actor.user_id
            package.issued_at = self.ctx.clock.now()
            s.flush()
            for item in package.items:
                f = item.finding
                log_disclosure(
                    s,
                    self.ctx,
                    actor,
                    f.request,
                    finding_id=f.id,
                    package_id=package.id,
                    to_party=package.recipient,
                    what=f"{item_label(f, f.request.agency)} in intelligence package {package.id}",
                    basis=_basis_of(s, f.id),
                )
            record(
                s,
                self.ctx,
                actor,
                "package.issue",
                "intelligence_package",
                package.id,
                {"recipient": package.recipient, "items": [i.finding_id for i in package.items]},
            )
            return self._row(s, package)

    def printable_package(self, actor: Actor, package_id: int) -> PrintableDocument:
        """The package as a document for the controlled-copy printing (SEC-5), source agencies set.

        Only senior staff; audited as a view; refused (naming the item and the partner) when any
        item lacks its originating partner's permission to leave the MASH (ISP-5).
        """
        with self.ctx.store.transaction() as s:
            require_role(s, actor, SENIOR_STAFF, "print the intelligence package")
            package = s.get(IntelligencePackage, package_id)
            if package is None:
                raise NotFound("No such intelligence package.")
            check_may_leave(s, [i.finding for i in package.items])
            row = self._row(s, package)
            record(
                s,
                self.ctx,
                actor,
                "package.print_prepare",
                "intelligence_package",
                package.id,
                {"sources": list(row.source_agencies), "items": [i.finding.id for i in row.items]},
            )
        names = tuple(sorted({i.finding.agency_name for i in row.items}))
        blocks: list[Block] = [
            Heading(f"Intelligence package {row.id} - contact {row.reference}"),
            KeyValues(
                (
                    ("Contact", row.reference),
                    ("For", row.recipient),
                    ("Composed by", row.composed_by),
                    (
                        "Status",
                        "Issued " + format_london(row.issued_at) if row.issued_at else "Draft",
                    ),
                    ("Source agencies", ", ".join(names)),
                )
            ),
        ]
        if row.summary:
            blocks.append(Paragraph(row.summary))
        blocks.append(Heading("Information shared by the partners", level=2))
        blocks.append(
            Table(
                ("Source agency", "About", "Information", "Relevance", "Lawful basis"),
                tuple(
                    (
                        i.finding.agency_name,
                        i.finding.about,
                        i.finding.finding,
                        Relevance(i.finding.relevance).label,
                        i.basis,
                    )
                    for i in row.items
                ),
            )
        )
        blocks.append(
            Paragraph(
                "Each partner remains the data controller of the information it contributed "
                "(information sharing protocol, paragraph 4.2). Not to be disseminated further "
                "without the originating partner's permission (paragraph 7.1.4)."
            )
        )
        return PrintableDocument(
            kind="intelligence_package",
            title=f"Intelligence package {row.id} for contact {row.reference}",
            object_type="intelligence_package",
            object_id=str(row.id),
            about=f"Intelligence package {row.id} for contact {row.reference}",
            blocks=tuple(blocks),
            source_agencies=row.source_agencies,
            source_agency_names=names,
        )
