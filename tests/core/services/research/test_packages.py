"""The final intelligence package (ISP-4) and what may leave the MASH (ISP-5)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from mash_desktop.domain.dissemination import DisseminationRefused
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.sharing import Relevance
from mash_desktop.printing.document import Table
from mash_desktop.services.audit import verify_store
from mash_desktop.services.research.packages import PackageService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.models import AuditEntry
from tests.helpers.research import make_hub, share_one_item_each


@pytest.fixture
def hub(ctx, admin):
    return make_hub(ctx, admin)


@pytest.fixture
def setup(ctx, hub):
    """Health and police each share one item; only police permits it to leave the MASH."""
    contact, items = share_one_item_each(
        ctx,
        hub,
        {
            "HEALTH": "Missed three immunisation appointments",
            "POLICE": "Two domestic incidents at the address (graded 3x5x2)",
        },
        requested=("EDUCATION",),
    )
    research = ResearchService(ctx)
    research.set_outside_permission(hub.police, items["POLICE"], True, "DS Vale agreed")
    return contact, items


def test_only_a_mash_manager_composes_the_package(ctx, hub, setup):
    # REQ: ISP-4
    contact, items = setup
    packages = PackageService(ctx)
    with pytest.raises(PermissionDenied):
        packages.create(hub.police, contact, "Locality team West")
    with pytest.raises(PermissionDenied):
        packages.shared_items(hub.health, contact)
    package = packages.create(hub.manager, contact, "Locality team West", "Summary for the team.")
    with pytest.raises(PermissionDenied):
        packages.add_item(hub.police, package, items["POLICE"])
    with pytest.raises(PermissionDenied):
        packages.printable_package(hub.police, package)
    packages.add_item(hub.manager, package, items["POLICE"])
    row = packages.get(hub.manager, package)
    assert [(i.finding.agency_code, i.finding.about) for i in row.items] == [
        ("POLICE", "Poppy Quillfeather")
    ]


def test_package_waits_for_originating_partner_permission_before_it_leaves(ctx, hub, setup):
    """ISP-5: a draft may hold an item still waiting for its partner's permission (it stays in
    the MASH), but issuing and printing are refused, naming the item and its partner."""
    # REQ: ISP-5
    contact, items = setup
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West")
    packages.add_item(hub.manager, package, items["HEALTH"])
    row = packages.get(hub.manager, package)
    assert [i.waiting for i in row.items] == ["not asked yet"]
    for attempt in (packages.check_issue, packages.issue, packages.printable_package):
        with pytest.raises(DisseminationRefused) as err:
            attempt(hub.manager, package)
        message = str(err.value)
        assert f"Item {items['HEALTH']}" in message
        assert "Health (CCG and NHS trusts)" in message
        assert err.value.partner == "Health (CCG and NHS trusts)"
    assert packages.get(hub.manager, package).status == "draft"
    # Once Health records its permission, the package can go.
    ResearchService(ctx).set_outside_permission(hub.health, items["HEALTH"], True, "Agreed")
    assert [i.waiting for i in packages.get(hub.manager, package).items] == [""]
    assert packages.issue(hub.manager, package).status == "issued"


def test_withdrawn_permission_stops_issue_and_print(ctx, hub, setup):
    # REQ: ISP-5
    contact, items = setup
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West")
    packages.add_item(hub.manager, package, items["POLICE"])
    ResearchService(ctx).set_outside_permission(
        hub.police, items["POLICE"], False, "Withdrawn: live operation"
    )
    with pytest.raises(DisseminationRefused, match="Dorset Police"):
        packages.printable_package(hub.manager, package)
    with pytest.raises(DisseminationRefused, match=f"Item {items['POLICE']}"):
        packages.issue(hub.manager, package)


def test_unshared_item_cannot_be_added(ctx, hub, setup):
    # REQ: ISP-2
    contact, _items = setup
    research = ResearchService(ctx)
    panel = next(
        p
        for p in research.contact_research(hub.education, contact).panels
        if p.agency_code == "EDUCATION"
    )
    secret = research.add_finding(
        hub.education, panel.request_id, FindingInput("Attendance 61%", Relevance.MEDIUM)
    )
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West")
    with pytest.raises(NotFound):
        packages.add_item(hub.manager, package, secret.id)
    assert secret.id not in [f.id for f in packages.shared_items(hub.manager, contact)]


def test_printable_package_lists_source_agencies_and_is_audited(ctx, hub, setup):
    # REQ: ISP-4
    contact, items = setup
    research = ResearchService(ctx)
    research.set_outside_permission(hub.health, items["HEALTH"], True, "Agreed")
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West", "Two agencies' view.")
    packages.add_item(hub.manager, package, items["HEALTH"])
    packages.add_item(hub.manager, package, items["POLICE"])
    doc = packages.printable_package(hub.manager, package)
    assert doc.kind == "intelligence_package"
    assert doc.object_id == str(package)
    assert doc.source_agencies == ("HEALTH", "POLICE")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.header[0] == "Source agency"
    assert {r[0] for r in table.rows} == {"Health (CCG and NHS trusts)", "Dorset Police"}
    assert all("Children Act 2004 s11" in r[4] for r in table.rows)
    with ctx.store.transaction() as s:
        entry = s.execute(
            select(AuditEntry.actor, AuditEntry.details).where(
                AuditEntry.action == "package.print_prepare"
            )
        ).one()
    assert entry.actor == "mgr.lane"
    assert json.loads(entry.details)["sources"] == ["HEALTH", "POLICE"]


def test_issuing_logs_each_disclosure_to_the_team(ctx, hub, setup):
    # REQ: ISP-4
    # REQ: SEC-3
    contact, items = setup
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West")
    with pytest.raises(ValidationError):
        packages.issue(hub.manager, package)  # empty
    assert [f.agency_code for f in packages.shared_items(hub.manager, contact)] == [
        "HEALTH",
        "POLICE",
    ]
    packages.add_item(hub.manager, package, items["POLICE"])
    row = packages.issue(hub.manager, package)
    assert row.status == "issued"
    with pytest.raises(ValidationError):
        packages.add_item(hub.manager, package, items["POLICE"])
    with ctx.store.transaction() as s:
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {
        "package.create",
        "package.add_item",
        "package.issue",
        "package.shared_items_view",
        "research.share",
        "disclosure",
    } <= actions
    log = ResearchService(ctx).disclosures(hub.manager, contact)
    assert log[0].to_party == "Locality team West"
    assert log[0].from_agency == "Dorset Police"
    assert log[0].by == "Imogen Lane"
    assert {d.to_party for d in log} == {"Locality team West", "MASH partners (within the MASH)"}
    assert verify_store(ctx.store).ok
