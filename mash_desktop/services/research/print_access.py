"""Who may print an intelligence package (ISP-4, ISP-5, SEC-5): senior staff only, and only
while every item has its originating partner's permission to leave the MASH."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound
from mash_desktop.domain.roles import SENIOR_STAFF
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor
from mash_desktop.services.research.permissions import check_may_leave
from mash_desktop.store.models import IntelligencePackage


def require_package_print(session: Session, actor: Actor, object_id: str) -> None:
    """The same rules as ``PackageService.printable_package``, checked again at registration."""
    require_role(session, actor, SENIOR_STAFF, "print the intelligence package")
    try:
        package = session.get(IntelligencePackage, int(object_id))
    except ValueError:
        package = None
    if package is None:
        raise NotFound("No such intelligence package.")
    check_may_leave(session, [i.finding for i in package.items])
