"""Secure cabinets (InfoSec 2.2): where paper copies live; configured by administrators."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import ADMINISTRATORS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Cabinet, PaperCopy

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")


@dataclass(frozen=True)
class CabinetRow:
    id: int
    code: str
    name: str
    location: str
    active: bool

    @property
    def label(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.code}: {self.name}{where}"


def _row(cabinet: Cabinet) -> CabinetRow:
    return CabinetRow(cabinet.id, cabinet.code, cabinet.name, cabinet.location, cabinet.active)


class CabinetService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def list_cabinets(self, actor: Actor, include_inactive: bool = False) -> list[CabinetRow]:
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            query = select(Cabinet).order_by(Cabinet.code)
            if not include_inactive:
                query = query.where(Cabinet.active.is_(True))
            return [_row(c) for c in session.scalars(query)]

    def add_cabinet(self, admin: Actor, code: str, name: str, location: str = "") -> CabinetRow:
        """A new secure cabinet inside the MASH."""
        code = code.strip().upper()
        errors = {}
        if not _CODE.match(code):
            errors["code"] = "Capital letters, digits and dashes, up to 40."
        if not name.strip():
            errors["name"] = "Give the cabinet a name."
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMINISTRATORS, "configure secure cabinets")
            if not errors and session.scalar(select(Cabinet.id).where(Cabinet.code == code)):
                errors["code"] = f"A cabinet {code} already exists."
            if errors:
                raise ValidationError(
                    "The cabinet cannot be added: " + "; ".join(errors.values()), errors
                )
            cabinet = Cabinet(
                code=code,
                name=name.strip(),
                location=location.strip(),
                active=True,
                created_at=self.ctx.clock.now(),
            )
            session.add(cabinet)
            session.flush()
            record(
                session,
                self.ctx,
                admin,
                "cabinet.add",
                "cabinet",
                cabinet.id,
                {"code": code, "name": cabinet.name, "location": cabinet.location},
            )
            return _row(cabinet)

    def update_cabinet(
        self, admin: Actor, cabinet_id: int, name: str, location: str, active: bool
    ) -> CabinetRow:
        """Rename, relocate or retire a cabinet; one still holding copies cannot be retired."""
        if not name.strip():
            raise ValidationError("Give the cabinet a name.", {"name": "Required."})
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMINISTRATORS, "configure secure cabinets")
            cabinet = session.get(Cabinet, cabinet_id)
            if cabinet is None:
                raise NotFound("No such cabinet.")
            if not active and cabinet.active:
                held = session.scalar(
                    select(func.count(PaperCopy.id)).where(
                        PaperCopy.cabinet_id == cabinet.id,
                        PaperCopy.status.in_(
                            [
                                CopyStatus.REGISTERED.value,
                                CopyStatus.IN_CABINET.value,
                                CopyStatus.CHECKED_OUT.value,
                            ]
                        ),
                    )
                )
                if held:
                    raise ValidationError(
                        f"Cabinet {cabinet.code} still holds {held} cop"
                        f"{'y' if held == 1 else 'ies'}: move or destroy them first.",
                        {"active": "Cabinet not empty."},
                    )
            before = _row(cabinet)
            cabinet.name = name.strip()
            cabinet.location = location.strip()
            cabinet.active = active
            record(
                session,
                self.ctx,
                admin,
                "cabinet.update",
                "cabinet",
                cabinet.id,
                {
                    "code": cabinet.code,
                    "from": [before.name, before.location, before.active],
                    "to": [cabinet.name, cabinet.location, active],
                },
            )
            return _row(cabinet)
