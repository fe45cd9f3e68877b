"""Every refusal is on the record (SEC-3, SEC-4): written after the rollback, one error family."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import (
    AccountSuspended,
    AgencyWithdrawn,
    NotAuthorised,
    NotFound,
    PermissionDenied,
)
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.incidents import SecurityIncidentService
from mash_desktop.services.refusals import REFUSED
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.settings import SettingsService
from mash_desktop.store.models import AuditEntry
from tests.core.services.research.test_service import health_with_secret
from tests.helpers.research import add_user, make_contact, make_hub


@pytest.fixture
def hub(ctx, admin):
    return make_hub(ctx, admin)


def refusals(ctx) -> list[tuple[str, str, str, dict]]:
    with ctx.store.transaction() as s:
        rows = s.execute(
            select(
                AuditEntry.actor, AuditEntry.object_type, AuditEntry.object_id, AuditEntry.details
            )
            .where(AuditEntry.action == REFUSED)
            .order_by(AuditEntry.seq)
        ).all()
    return [(actor, otype, oid, json.loads(details)) for actor, otype, oid, details in rows]


def test_desk_officer_calling_a_manager_decision_is_recorded(ctx, hub):
    # REQ: SEC-3 (who, what they tried, on what, why)
    contact = make_contact(ctx)
    with pytest.raises(PermissionDenied) as refused:
        ResearchService(ctx).request_research(hub.police, contact, ["POLICE"])
    assert isinstance(refused.value, NotAuthorised)
    [(actor, otype, oid, details)] = refusals(ctx)
    assert (actor, otype, oid) == ("pc.harrow", "contact", str(contact))
    assert details["reason"] == "permission"
    assert details["tried"] == "choose which agencies research a contact"
    assert details["call"] == "ResearchService.request_research"
    assert verify_store(ctx.store).ok


def test_auditor_changing_a_setting_is_recorded(ctx, admin):
    # REQ: SEC-3
    auditor = add_user(ctx, admin, "aud.reed", Role.AUDITOR, "LA-DORSET", "Ada Reed")
    with pytest.raises(NotAuthorised):
        SettingsService(ctx).set(auditor, "idle_lock_minutes", 1)
    [(actor, _type, _id, details)] = refusals(ctx)
    assert actor == "aud.reed" and details["tried"] == "change settings"
    assert SettingsService(ctx).get(admin, "idle_lock_minutes") == 10


def test_need_to_know_refusal_is_recorded_but_reads_as_missing(ctx, hub):
    # REQ: SEC-3, ISP-2 (the refusal hides whether the item exists)
    svc = ResearchService(ctx)
    contact = make_contact(ctx)
    req, _item = health_with_secret(ctx, svc, hub, contact)
    with pytest.raises(NotFound) as hidden:
        svc.save_panel(hub.police, req, "PNC")
    with pytest.raises(NotFound) as missing:
        svc.save_panel(hub.police, req + 1000, "PNC")
    assert type(hidden.value) is type(missing.value) is NotFound
    assert str(hidden.value) == str(missing.value)
    assert not isinstance(hidden.value, NotAuthorised)
    [(actor, otype, oid, details)] = refusals(ctx)  # the missing one is no refusal
    assert (actor, otype, oid) == ("pc.harrow", "request", str(req))
    assert details["reason"] == "need_to_know"


def test_suspended_and_withdrawn_users_are_refused_on_the_record(ctx, admin, hub):
    # REQ: SEC-3, ISP-9.1.1, ISP-8
    svc = ResearchService(ctx)
    contact = make_contact(ctx)
    accounts = AccountService(ctx)
    accounts.suspend(admin, hub.health.user_id, "Left the hub")
    with pytest.raises(AccountSuspended) as suspended:
        svc.contact_research(hub.health, contact)
    accounts.set_agency_active(admin, "POLICE", False)
    with pytest.raises(AgencyWithdrawn) as withdrawn:
        svc.contact_research(hub.police, contact)
    assert isinstance(suspended.value, NotAuthorised) and isinstance(withdrawn.value, NotAuthorised)
    got = [(actor, otype, oid, d["reason"]) for actor, otype, oid, d in refusals(ctx)]
    assert got == [
        ("nurse.pike", "contact", str(contact), "suspended"),
        ("pc.harrow", "contact", str(contact), "withdrawn"),
    ]
    assert verify_store(ctx.store).ok


def test_repeated_refusals_open_one_incident_for_the_manager(ctx, admin, hub, clock):
    # REQ: SEC-4 (attempted unauthorised access; default 5 in 10 minutes)
    svc = ResearchService(ctx)
    contact = make_contact(ctx)
    incidents = SecurityIncidentService(ctx)
    for n in range(7):
        with pytest.raises(PermissionDenied):
            svc.request_research(hub.education, contact, ["POLICE"])
        expected = 0 if n < 4 else 1
        assert len(incidents.list(hub.manager, kind=IncidentKind.UNAUTHORISED_ACCESS)) == expected
    [incident] = incidents.list(hub.manager, kind=IncidentKind.UNAUTHORISED_ACCESS)
    assert incident.username == "edu.marsh" and incident.user_id == hub.education.user_id
    assert "5 times within 10 minutes" in incident.summary


def test_refusals_spread_over_time_open_no_incident(ctx, admin, hub, clock):
    # REQ: SEC-4 (the window is a setting)
    SettingsService(ctx).set(admin, "refusal_incident_minutes", 2)
    svc = ResearchService(ctx)
    contact = make_contact(ctx)
    for _ in range(6):
        with pytest.raises(PermissionDenied):
            svc.request_research(hub.education, contact, ["POLICE"])
        clock.advance(timedelta(minutes=1))
    incidents = SecurityIncidentService(ctx).list(
        hub.manager, kind=IncidentKind.UNAUTHORISED_ACCESS
    )
    assert incidents == []
    assert len(refusals(ctx)) == 6
