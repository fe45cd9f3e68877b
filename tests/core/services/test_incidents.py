"""SEC-4: security incidents recorded, reported to the Management Board; a lock-out is one."""

from __future__ import annotations

import pytest

from mash_desktop.domain.errors import (
    AuthenticationError,
    PermissionDenied,
    ValidationError,
)
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.incidents import SecurityIncidentService


def test_lockout_is_recorded_as_attempted_unauthorised_access(ctx, make_user):
    # REQ: SEC-4
    make_user("desk.target", Role.DESK_OFFICER, "POLICE")
    manager = make_user("mash.lead", Role.MASH_MANAGER)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            AccountService(ctx).login("desk.target", "guessing-wrong")
    incidents = SecurityIncidentService(ctx).list(manager)
    assert [i.kind for i in incidents] == [IncidentKind.UNAUTHORISED_ACCESS]
    assert incidents[0].username == "desk.target"
    assert incidents[0].agency_code == "POLICE"
    assert incidents[0].reported_to_board_at is None


def test_staff_report_and_manager_marks_reported_to_board(ctx, make_user, clock):
    # REQ: SEC-4
    desk = make_user("desk.one", Role.DESK_OFFICER, "HEALTH")
    manager = make_user("mash.lead", Role.MASH_MANAGER)
    service = SecurityIncidentService(ctx)
    with pytest.raises(ValidationError):
        service.report(desk, IncidentKind.PREMISES_BREACH, "  ")
    row = service.report(
        desk, IncidentKind.PREMISES_BREACH, "Door to the MASH room left propped open"
    )
    with pytest.raises(PermissionDenied):
        service.list(desk)
    with pytest.raises(PermissionDenied):
        service.mark_reported_to_board(desk, [row.id])
    service.mark_reported_to_board(manager, [row.id])
    listed = service.list(manager)
    assert listed[0].status == "reported"
    assert listed[0].reported_to_board_at == clock.now()
