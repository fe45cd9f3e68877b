"""The final package does not stall (ISP-4, ISP-5): the MASH manager asks each originating
partner for permission from the composer, the partner answers from its Research due area,
and every item still waiting is named, not only the first."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from mash_desktop.domain.dissemination import DisseminationRefused
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.audit import verify_store
from mash_desktop.services.research.packages import PackageService
from mash_desktop.services.research.permissions import PermissionRequests
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.models import AuditEntry
from tests.helpers.research import complete_sharing, make_contact, make_hub, subject_ids

HEALTH = "Health (CCG and NHS trusts)"


@pytest.fixture
def hub(ctx, admin):
    return make_hub(ctx, admin)


@pytest.fixture
def drafted(ctx, hub):
    """Health, police and education each share one item; none may leave the MASH yet; all
    three are in a draft package for the locality team."""
    research = ResearchService(ctx)
    contact = make_contact(ctx)
    child = subject_ids(ctx, contact)[0]
    research.request_research(hub.manager, contact, ["HEALTH", "POLICE", "EDUCATION"])
    items = {}
    for actor, code, text in (
        (hub.health, "HEALTH", "Missed three immunisation appointments"),
        (hub.police, "POLICE", "Two domestic incidents at the address"),
        (hub.education, "EDUCATION", "Attendance 61% this term"),
    ):
        panel = next(
            p for p in research.contact_research(actor, contact).panels if p.agency_code == code
        )
        research.save_panel(actor, panel.request_id, "Local systems")
        item = research.add_finding(
            actor, panel.request_id, FindingInput(text, Relevance.HIGH, subject_id=child)
        )
        research.submit(actor, panel.request_id)
        research.share(actor, item.id, complete_sharing())
        items[code] = item.id
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West")
    for item_id in items.values():
        packages.add_item(hub.manager, package, item_id)
    return package, items


def _audit(ctx, action):
    with ctx.store.transaction() as s:
        return [
            (e.actor, e.object_id, json.loads(e.details or "{}"))
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action))
        ]


def test_issue_refusal_names_every_item_still_waiting(ctx, hub, drafted):
    """ISP-5: all three waiting items and their partners are named, not just the first."""
    # REQ: ISP-5
    package, items = drafted
    with pytest.raises(DisseminationRefused) as err:
        PackageService(ctx).check_issue(hub.manager, package)
    message = str(err.value)
    assert message.startswith("3 items cannot go outside the MASH")
    for item_id in items.values():
        assert f"Item {item_id} (" in message
    for partner in (HEALTH, "Dorset Police", "Education"):
        assert partner in message
    assert [w.item_id for w in err.value.waiting] == list(items.values())
    assert {w.state for w in err.value.waiting} == {"not asked yet"}


def test_manager_asks_each_partner_and_partner_answers_in_research_due(ctx, hub, drafted):
    """ISP-5: one request per item, with the manager's note; each partner sees only its own
    requests and grants or refuses with a note; the package issues once every item may go."""
    # REQ: ISP-5
    # REQ: ISP-4
    package, items = drafted
    packages, asks = PackageService(ctx), PermissionRequests(ctx)
    made = asks.ask(hub.manager, package, list(items.values()), "Team West visits on Friday")
    assert made == 3
    # Asking again makes no second request while one is waiting.
    with pytest.raises(ValidationError, match="already has permission or a request waiting"):
        asks.ask(hub.manager, package, [items["HEALTH"]], "Again")
    waiting = {i.finding.agency_code: i.waiting for i in packages.get(hub.manager, package).items}
    assert all(w.startswith("asked 24/11/2026 09:30 by Imogen Lane") for w in waiting.values())

    health_rows = asks.for_my_agency(hub.health)
    assert [(r.finding.id, r.note, r.status_label, r.requested_by) for r in health_rows] == [
        (items["HEALTH"], "Team West visits on Friday", "Waiting for an answer", "Imogen Lane")
    ]
    police_row = asks.for_my_agency(hub.police)[0]
    # Another agency cannot answer Health's request: it reads as if it did not exist.
    with pytest.raises(NotFound):
        asks.answer(hub.police, health_rows[0].id, True, "Not ours")
    with pytest.raises(ValidationError):
        asks.answer(hub.health, health_rows[0].id, True, "  ")
    asks.answer(hub.health, health_rows[0].id, True, "Dr Amis agreed: within the principles")
    asks.answer(hub.police, police_row.id, False, "Live operation: not before Monday")
    with pytest.raises(ValidationError, match="already been answered"):
        asks.answer(hub.police, police_row.id, True, "Changed our mind")

    assert asks.for_my_agency(hub.health)[0].status_label == "Granted"
    rows = {i.finding.agency_code: i.waiting for i in packages.get(hub.manager, package).items}
    assert rows["HEALTH"] == ""
    assert rows["POLICE"] == (
        "refused 24/11/2026 09:30 by Tobias Harrow: Live operation: not before Monday"
    )
    assert rows["EDUCATION"].startswith("asked ")
    with pytest.raises(DisseminationRefused) as err:
        packages.issue(hub.manager, package)
    assert [w.item_id for w in err.value.waiting] == [items["POLICE"], items["EDUCATION"]]
    assert "Live operation: not before Monday" in str(err.value)

    # The manager leaves the refused item out; Education grants; the package is issued.
    packages.remove_item(hub.manager, package, items["POLICE"])
    asks.answer(hub.education, asks.for_my_agency(hub.education)[0].id, True, "Head agreed")
    assert packages.issue(hub.manager, package).status == "issued"

    requested = _audit(ctx, "package.permission_request")
    assert len(requested) == 3
    assert {d["note"] for _a, _o, d in requested} == {"Team West visits on Friday"}
    answers = _audit(ctx, "research.permission_answer")
    assert [(a, d["permitted"]) for a, _o, d in answers] == [
        ("nurse.pike", True),
        ("pc.harrow", False),
        ("edu.marsh", True),
    ]
    assert verify_store(ctx.store).ok


def test_only_senior_staff_ask_and_a_note_is_required(ctx, hub, drafted):
    # REQ: ISP-4
    package, items = drafted
    asks = PermissionRequests(ctx)
    with pytest.raises(PermissionDenied):
        asks.ask(hub.police, package, [items["POLICE"]], "Please")
    with pytest.raises(ValidationError) as err:
        asks.ask(hub.manager, package, [items["POLICE"]], "")
    assert err.value.fields == {"note": "Required."}
    assert asks.for_my_agency(hub.police) == []


def test_empty_package_is_refused_before_the_confirmation(ctx, hub, drafted):
    """ISP-4: the check the composer runs before it asks to confirm the issue."""
    # REQ: ISP-4
    package, _items = drafted
    contact = PackageService(ctx).get(hub.manager, package).contact_id
    empty = PackageService(ctx).create(hub.manager, contact, "Locality team East")
    with pytest.raises(ValidationError, match="The package has no items"):
        PackageService(ctx).check_issue(hub.manager, empty)
    with pytest.raises(ValidationError, match="The package has no items"):
        PackageService(ctx).issue(hub.manager, empty)
