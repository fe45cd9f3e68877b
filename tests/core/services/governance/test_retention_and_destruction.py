"""ISP-9: retention by the owning LA's schedule, the due list, legal holds, and two-person
destruction that really removes the personal data (every decrypted page of the file and of
its log is scanned) and leaves a tombstone in the audit trail."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.retention import Anchor, RecordKind
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.audit import verify_store
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.governance.destruction import DestructionService
from mash_desktop.services.governance.retention import RetentionService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.engine import open_store
from mash_desktop.store.models import AuditEntry, Contact, DestructionProposal
from tests.helpers.contacts import child, contact_input
from tests.helpers.decrypted_pages import decrypted_pages, first_page_header_ok
from tests.helpers.research import add_user

MARKERS = ("Zephyrine", "Quaxleworth", "Obsidian-Lantern-7731", "Tamsin-Xylo-Intel")


@pytest.fixture
def people(ctx, admin):
    return {
        "desk": add_user(ctx, admin, "desk.one", Role.DESK_OFFICER, "EDUCATION", "Dee Desk"),
        "police": add_user(ctx, admin, "pc.one", Role.DESK_OFFICER, "POLICE", "Pat Police"),
        "mgr": add_user(ctx, admin, "mgr.one", Role.MASH_MANAGER, "LA-DORSET", "Mia Manager"),
        "mgr2": add_user(ctx, admin, "mgr.two", Role.MASH_MANAGER, "LA-DORSET", "Max Manager"),
        "poole": add_user(ctx, admin, "la.poole", Role.LA_MANAGER, "LA-POOLE", "Lou Poole"),
    }


def _decided(ctx, people, outcome=Outcome.NO_FURTHER_ACTION, marked=False, la="LA-DORSET"):
    contacts = ContactService(ctx)
    names = ("Zephyrine", "Quaxleworth") if marked else ("Amelia", "Ashdown")
    data = contact_input(
        ctx.clock.now(),
        child(*names, dob=date(2019, 3, 7)),
        concern=("Obsidian-Lantern-7731 seen at the door." if marked else "A worry."),
        la_agency_code=la,
    )
    made = contacts.intake(people["desk"], data)
    claimed = contacts.claim(people["mgr"], made.id)
    contacts.decide(people["mgr"], made.id, claimed.version, outcome, "Synthetic rationale")
    if marked:
        research = ResearchService(ctx)
        research.request_research(people["mgr"], made.id, ["POLICE"])
        panel = research.contact_research(people["police"], made.id).panels[0]
        research.add_finding(
            people["police"], panel.request_id, FindingInput("Tamsin-Xylo-Intel", Relevance.HIGH)
        )
    return made


def test_schedule_per_la_and_kind_with_documented_defaults(ctx, people):
    # REQ: ISP-9
    service = RetentionService(ctx)
    lines = {line.kind: line for line in service.schedule(people["mgr"], "LA-POOLE")}
    assert all(line.is_default for line in lines.values())
    assert lines[RecordKind.NFA_CONTACT].rule.describe() == "6 years from the decision"
    assert lines[RecordKind.CHILD_PROTECTION].rule.describe() == (
        "until the youngest child's 25th birthday"
    )
    service.set_rule(people["poole"], "LA-POOLE", RecordKind.NFA_CONTACT, "decision", 3)
    with pytest.raises(PermissionDenied):  # an LA manager sets their own LA's schedule only
        service.set_rule(people["poole"], "LA-DORSET", RecordKind.NFA_CONTACT, "decision", 3)
    with pytest.raises(ValidationError):
        service.set_rule(people["mgr"], "LA-POOLE", RecordKind.NFA_CONTACT, "decision", 0)
    with pytest.raises(PermissionDenied):
        service.schedule(people["desk"], "LA-POOLE")
    poole = {line.kind: line for line in service.schedule(people["mgr"], "LA-POOLE")}
    assert poole[RecordKind.NFA_CONTACT].rule.years == 3
    assert not poole[RecordKind.NFA_CONTACT].is_default
    dorset = {line.kind: line for line in service.schedule(people["mgr"], "LA-DORSET")}
    assert dorset[RecordKind.NFA_CONTACT].is_default


def test_due_list_follows_each_las_schedule(ctx, people, clock):
    # REQ: ISP-9
    nfa_dorset = _decided(ctx, people)
    nfa_poole = _decided(ctx, people, la="LA-POOLE")
    assessed = _decided(ctx, people, Outcome.S17_ASSESSMENT)
    RetentionService(ctx).set_rule(people["mgr"], "LA-POOLE", RecordKind.NFA_CONTACT, "decision", 3)
    service = RetentionService(ctx)
    assert service.due(people["mgr"]) == []
    clock.advance(timedelta(days=3 * 366))
    assert [r.reference for r in service.due(people["mgr"])] == [nfa_poole.reference]
    clock.advance(timedelta(days=3 * 366))
    due = {r.reference: r for r in service.due(people["mgr"])}
    assert set(due) == {nfa_poole.reference, nfa_dorset.reference}
    assert due[nfa_dorset.reference].kind is RecordKind.NFA_CONTACT
    assert due[nfa_dorset.reference].la_name.startswith("Dorset")
    # The assessment is kept until the child (born 2019) is 25: due on 7 March 2044.
    later = service.due(people["mgr"], today=date(2044, 3, 7))
    assert assessed.reference in {r.reference for r in later}
    assert assessed.reference not in {
        r.reference for r in service.due(people["mgr"], today=date(2044, 3, 6))
    }
    # An LA manager sees their own LA's records only.
    assert [r.reference for r in service.due(people["poole"])] == [nfa_poole.reference]


def test_legal_hold_stops_destruction_until_lifted(ctx, people, clock):
    # REQ: ISP-9
    made = _decided(ctx, people)
    clock.advance(timedelta(days=7 * 366))
    service = DestructionService(ctx)
    hold = service.place_hold(people["mgr"], made.id, "Civil claim: disclosure pending")
    with pytest.raises(ValidationError, match="legal hold"):
        service.propose(people["mgr"], made.id, "Retention period ended")
    row = RetentionService(ctx).due(people["mgr"])[0]
    assert row.hold_id == hold
    service.lift_hold(people["mgr2"], hold, "Claim settled")
    proposal = service.propose(people["mgr"], made.id, "Retention period ended")
    service.place_hold(people["mgr2"], made.id, "Public inquiry")  # a hold after the proposal
    with pytest.raises(ValidationError, match="legal hold"):
        service.approve(people["mgr2"], proposal)
    with ctx.store.transaction() as s:
        assert s.get(Contact, made.id) is not None


def test_destruction_needs_two_people_and_a_due_record(ctx, people, clock):
    # REQ: ISP-9
    made = _decided(ctx, people)
    service = DestructionService(ctx)
    with pytest.raises(ValidationError, match="not yet due"):
        service.propose(people["mgr"], made.id, "Tidy up")
    clock.advance(timedelta(days=7 * 366))
    with pytest.raises(PermissionDenied):
        service.propose(people["desk"], made.id, "Retention period ended")
    proposal = service.propose(people["mgr"], made.id, "Retention period ended")
    with pytest.raises(PermissionDenied, match="second person"):
        service.approve(people["mgr"], proposal)
    service.refuse(people["mgr2"], proposal, "Check with the LA first")
    with ctx.store.transaction() as s:
        assert s.get(DestructionProposal, proposal).status == "refused"
        assert s.get(Contact, made.id) is not None


def _table_texts(ctx) -> str:
    """Every value of every row of every table, as text (what SQL can still see)."""
    parts = []
    with ctx.store.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


# It reads the SQLCipher file's bytes after the destruction; on a hub the server's
# autovacuum reclaims the old row versions (README, hub section).
@pytest.mark.parametrize("store_engine", ["sqlcipher"])
def test_destruction_removes_the_personal_data_for_real(ctx, people, clock, db_path: Path):
    # REQ: ISP-9, SEC-1
    kept = _decided(ctx, people, outcome=Outcome.EARLY_HELP)
    doomed = _decided(ctx, people, marked=True)
    assert all(m in _table_texts(ctx) for m in MARKERS)
    clock.advance(timedelta(days=7 * 366))
    service = DestructionService(ctx)
    proposal = service.propose(people["mgr"], doomed.id, "Retention period ended")
    done = service.approve(people["mgr2"], proposal)
    assert done.reference == doomed.reference and done.rows_removed >= 4 and done.log_cleared
    # SQL sees nothing of it; the other record and the tombstone remain.
    remaining = _table_texts(ctx)
    assert not [m for m in MARKERS if m in remaining]
    with ctx.store.transaction() as s:
        assert s.get(Contact, kept.id) is not None
        assert s.get(Contact, doomed.id) is None
        tomb = s.scalars(select(AuditEntry).where(AuditEntry.action == "record.destroyed")).one()
        details = json.loads(tomb.details)
    assert details["reference"] == doomed.reference
    assert details["proposed_by"] == "mgr.one" and details["approved_by"] == "mgr.two"
    assert details["reason"] == "Retention period ended"
    assert details["rows"]["contacts"] == 1 and details["rows"]["subjects"] == 1
    assert details["rows"]["research_findings"] == 1
    assert details["due_on"] and details["decided"] and details["received"]
    assert verify_store(ctx.store).ok  # the trail is whole: nothing was taken out of it
    # The bytes: the log is empty, and no decrypted page of the file holds any marker.
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    key = ctx.store.key.secret
    assert first_page_header_ok(db_path, key)
    pages = list(decrypted_pages(db_path, key))
    assert any(b"Ashdown" in p for p in pages)  # the scan does see live rows
    leftovers = [m for m in MARKERS for p in pages if m.encode() in p]
    assert leftovers == []
    ctx.store.close()
    reopened = open_store(db_path, ctx.store.key)
    assert reopened.engine.connect().execute(text("PRAGMA integrity_check")).scalar() == "ok"
    reopened.close()


def test_record_with_paper_copies_outstanding_is_not_destroyed(ctx, people, clock, admin):
    # REQ: ISP-9, SEC-5
    from mash_desktop.services.contacts.documents import ContactDocumentService
    from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
    from tests.helpers.printing import add_cabinets, send_and_collect

    made = _decided(ctx, people)
    cabinets = add_cabinets(ctx, admin)
    document = ContactDocumentService(ctx).contact_summary(people["mgr"], made.id)
    job = CopyRegisterService(ctx).register_print(
        people["mgr"], document, [CopyRequest("Mia Manager", cabinets[0].id)]
    )
    send_and_collect(ctx, people["mgr"], job, 1)
    clock.advance(timedelta(days=7 * 366))
    with pytest.raises(ValidationError, match="paper copies not destroyed"):
        DestructionService(ctx).propose(people["mgr"], made.id, "Retention period ended")


def test_anchor_labels_read_as_words():
    assert Anchor.BIRTH.label == "years of age (youngest child)"
