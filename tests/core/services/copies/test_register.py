"""The copy register (SEC-5): registered before printing, every movement, witnessed
destruction, and no copy ever logged as leaving the MASH (SEC-4 incident)."""

from datetime import timedelta

import pytest

from mash_desktop.domain.copy_register import CopyStatus, DestructionMethod, make_reference
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.printing.render import render_copies
from mash_desktop.services.audit import AuditFilter, AuditService
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService, CopyRequest
from mash_desktop.services.incidents import SecurityIncidentService
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.printing import add_cabinets, add_contact, pdf_texts, qr_codes, send_and_collect


@pytest.fixture
def setup(ctx, admin, make_user):
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    manager = make_user("mgr.mash", Role.MASH_MANAGER, "POLICE", "Mara Manager")
    cab1, cab2 = add_cabinets(ctx, admin)
    contact_id = add_contact(ctx, desk)
    return desk, manager, cab1, cab2, contact_id


def _print(ctx, actor, contact_id, cabinets, recipients=("DS Kim Fenwick", "Health lead", "LA SW")):
    doc = ContactDocumentService(ctx).contact_summary(actor, contact_id)
    register = CopyRegisterService(ctx)
    requests = [CopyRequest(r, cabinets[n % len(cabinets)].id) for n, r in enumerate(recipients)]
    job = register.register_print(actor, doc, requests)
    return doc, job


def test_n_copies_make_n_register_rows_before_printing(ctx, setup):
    # REQ: SEC-5
    desk, _manager, cab1, cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1, cab2])
    rows = CopyRegisterService(ctx).list_copies(desk, CopyFilter())
    assert len(rows) == 3
    assert {r.status for r in rows} == {CopyStatus.REGISTERED}
    assert len({r.reference for r in rows}) == 3
    assert sorted(r.copy_number for r in rows) == [1, 2, 3]
    assert [c.reference for c in job.copies] == sorted(r.reference for r in rows)
    send_and_collect(ctx, desk, job, 2)
    rows = CopyRegisterService(ctx).list_copies(desk, CopyFilter(status=CopyStatus.IN_CABINET))
    assert len(rows) == 3


def test_printed_copies_carry_marking_copy_number_and_reference_on_every_page(ctx, setup):
    # REQ: SEC-5
    desk, _manager, cab1, cab2, contact_id = setup
    doc, job = _print(ctx, desk, contact_id, [cab1, cab2])
    pdf = render_copies(doc, job.stamps())
    texts = pdf_texts(pdf)
    per_copy = len(texts) // 3
    assert per_copy >= 1
    assert len(texts) == 3 * per_copy
    for n, text in enumerate(texts):
        copy = job.copies[n // per_copy]
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Copy {copy.copy_number} of 3" in text
        assert copy.reference in text
        assert f"Page {n % per_copy + 1} of {per_copy}" in text
        assert "Printed by Nell Desk (desk.poole) on 24/11/2026 09:30 (UK time)" in text
    assert "Tamsin Okonedo-Vale" in " ".join(texts[0].split())
    # A scanner reads the reference back from the QR code on each copy's first page.
    for n, copy in enumerate(job.copies):
        assert qr_codes(pdf, page=n * per_copy) == [copy.reference]


def test_cancelled_print_leaves_void_rows(ctx, setup):
    # REQ: SEC-5
    desk, _manager, cab1, _cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1], recipients=("A", "B"))
    register = CopyRegisterService(ctx)
    register.void_job(desk, job.id, "cancelled in the print dialog")
    rows = register.list_copies(desk, CopyFilter())
    assert [r.status for r in rows] == [CopyStatus.VOID, CopyStatus.VOID]
    record = register.find(desk, rows[0].reference)
    assert [e.kind.value for e in record.history] == ["registered", "voided"]
    with pytest.raises(ValidationError):
        send_and_collect(ctx, desk, job, 1)


def test_printing_needs_the_right_to_view_the_content(ctx, setup, make_user):
    # REQ: SEC-5
    desk, _manager, cab1, _cab2, contact_id = setup
    auditor = make_user("audit.board", Role.AUDITOR, "LA-DORSET")
    doc = ContactDocumentService(ctx).contact_summary(desk, contact_id)
    with pytest.raises(PermissionDenied):
        ContactDocumentService(ctx).contact_summary(auditor, contact_id)
    register = CopyRegisterService(ctx)
    with pytest.raises(PermissionDenied):
        register.register_print(auditor, doc, [CopyRequest("Someone", cab1.id)])
    unknown = type(doc)("x", "Unvouched", "mystery", "1")
    with pytest.raises(PermissionDenied, match="no service vouches"):
        register.register_print(desk, unknown, [CopyRequest("Someone", cab1.id)])
    assert register.list_copies(desk, CopyFilter()) == []


def test_print_and_register_changes_are_audited(ctx, admin, setup):
    # REQ: SEC-3
    desk, _manager, cab1, cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1])
    register = CopyRegisterService(ctx)
    send_and_collect(ctx, desk, job, 1)
    ref = job.copies[0].reference
    register.move(desk, ref, cab2.id)
    register.check_out(desk, ref, "Nell Desk")
    register.return_copy(desk, ref)
    actions = [r.action for r in AuditService(ctx).search(admin, AuditFilter(actor="desk.poole"))]
    for action in (
        "contact.view",
        "print.register",
        "print.sent",
        "copy.check_in",
        "copy.move",
        "copy.check_out",
        "copy.return",
    ):
        assert action in actions


def test_destruction_needs_a_witness_other_than_the_destroyer(ctx, setup):
    # REQ: SEC-5
    desk, _manager, cab1, _cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1], recipients=("A",))
    register = CopyRegisterService(ctx)
    send_and_collect(ctx, desk, job, 1)
    ref = job.copies[0].reference
    shredder = DestructionMethod.CROSS_CUT_SHREDDER
    with pytest.raises(ValidationError, match="someone other"):
        register.destroy(desk, ref, shredder, "desk.poole", TEST_PASSWORD)
    with pytest.raises(ValidationError, match="witness"):
        register.destroy(desk, ref, shredder, "nobody.here", TEST_PASSWORD)
    with pytest.raises(ValidationError, match="password is wrong"):
        register.destroy(desk, ref, shredder, "mgr.mash", "not-the-password")
    assert register.find(desk, ref).copy.status is CopyStatus.IN_CABINET
    register.destroy(desk, ref, shredder, "mgr.mash", TEST_PASSWORD)
    record = register.find(desk, ref)
    assert record.copy.status is CopyStatus.DESTROYED
    last = record.history[-1]
    assert last.kind.value == "destroyed"
    assert last.by == "Nell Desk (desk.poole)"
    assert last.witness == "Mara Manager (mgr.mash)"
    assert "Cross-cut shredder" in last.describe()
    with pytest.raises(ValidationError):
        register.check_out(desk, ref, "Anyone")


def test_logging_a_copy_outside_the_mash_is_refused_and_recorded_as_an_incident(ctx, setup):
    # REQ: SEC-5
    # REQ: SEC-4
    desk, manager, cab1, _cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1], recipients=("A",))
    register = CopyRegisterService(ctx)
    send_and_collect(ctx, desk, job, 1)
    ref = job.copies[0].reference
    with pytest.raises(PermissionDenied, match="may leave the MASH"):
        register.check_out(desk, ref, "DS Kim Fenwick", leaves_mash=True, where="Crown Court")
    with pytest.raises(PermissionDenied, match="security incident"):
        register.refuse_removal(desk, ref, "taken home to read")
    record = register.find(desk, ref)
    assert record.copy.status is CopyStatus.IN_CABINET  # nothing moved
    assert [e.kind.value for e in record.history].count("removal_refused") == 2
    incidents = SecurityIncidentService(ctx).list(manager)
    assert len(incidents) == 2
    assert {i.kind for i in incidents} == {IncidentKind.UNAUTHORISED_DISCLOSURE}
    assert {i.username for i in incidents} == {"desk.poole"}
    assert all(i.object_id == ref for i in incidents)
    assert incidents[0].occurred_at == ctx.clock.now()
    with pytest.raises(PermissionDenied):
        SecurityIncidentService(ctx).list(desk)


def test_register_filters_by_status_cabinet_and_overdue(ctx, setup, clock):
    # REQ: SEC-5
    desk, _manager, cab1, cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1, cab2])
    register = CopyRegisterService(ctx)
    send_and_collect(ctx, desk, job, 1)
    first, second, _third = (c.reference for c in job.copies)
    register.check_out(desk, first, "Nell Desk", due_back_at=clock.now() + timedelta(hours=1))
    register.check_out(desk, second, "Nell Desk", due_back_at=clock.now() + timedelta(hours=5))
    assert register.list_copies(desk, CopyFilter(overdue_only=True)) == []
    clock.advance(timedelta(hours=2))
    overdue = register.list_copies(desk, CopyFilter(overdue_only=True))
    assert [r.reference for r in overdue] == [first]
    assert overdue[0].status_text == "Checked out - OVERDUE"
    by_cab2 = register.list_copies(desk, CopyFilter(cabinet_id=cab2.id))
    assert [r.reference for r in by_cab2] == [second]
    out = register.list_copies(desk, CopyFilter(status=CopyStatus.CHECKED_OUT))
    assert {r.reference for r in out} == {first, second}


def test_scan_to_find_opens_the_record_and_refuses_misreads(ctx, setup):
    # REQ: SEC-5
    desk, _manager, cab1, cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1], recipients=("A",))
    register = CopyRegisterService(ctx)
    send_and_collect(ctx, desk, job, 1)
    ref = job.copies[0].reference
    register.move(desk, ref, cab2.id, "room change")
    record = register.find(desk, "  " + ref.lower() + "\n")
    assert record.copy.reference == ref
    assert [e.kind.value for e in record.history] == [
        "registered",
        "sent_to_printer",
        "collected",
        "moved",
    ]
    assert "from CAB-1 to CAB-2" in record.history[-1].describe()
    bad = ref[:-1] + ("A" if ref[-1] != "A" else "B")
    with pytest.raises(ValidationError, match="does not check out"):
        register.find(desk, bad)
    with pytest.raises(NotFound):
        register.find(desk, make_reference(2026, 999_999))


def test_missing_copy_is_a_misplacement_incident(ctx, setup):
    # REQ: SEC-4
    desk, manager, cab1, _cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1], recipients=("A",))
    register = CopyRegisterService(ctx)
    send_and_collect(ctx, desk, job, 1)
    ref = job.copies[0].reference
    register.report_missing(desk, ref, "last seen on meeting room table")
    incidents = SecurityIncidentService(ctx).list(manager)
    assert [i.kind for i in incidents] == [IncidentKind.MISPLACEMENT]
    register.found(desk, ref, cab1.id, "in the meeting room drawer")
    assert register.find(desk, ref).copy.status is CopyStatus.IN_CABINET


def test_cabinets_are_configured_by_administrators(ctx, admin, setup):
    # REQ: SEC-5
    desk, _manager, cab1, cab2, contact_id = setup
    cabinets = CabinetService(ctx)
    with pytest.raises(PermissionDenied):
        cabinets.add_cabinet(desk, "CAB-9", "Rogue")
    with pytest.raises(ValidationError, match="already exists"):
        cabinets.add_cabinet(admin, "cab-1", "Duplicate")
    _print(ctx, desk, contact_id, [cab1], recipients=("A",))
    with pytest.raises(ValidationError, match="still holds 1 copy"):
        cabinets.update_cabinet(admin, cab1.id, cab1.name, cab1.location, active=False)
    cabinets.update_cabinet(admin, cab2.id, "Spare", "Store room", active=False)
    assert [c.code for c in cabinets.list_cabinets(desk)] == ["CAB-1"]
    with pytest.raises(ValidationError, match="cabinet in use"):
        _print(ctx, desk, contact_id, [cab2], recipients=("A",))


def test_register_report_prints_as_a_controlled_copy(ctx, setup):
    # REQ: SEC-5
    desk, _manager, cab1, _cab2, contact_id = setup
    _doc, job = _print(ctx, desk, contact_id, [cab1])
    register = CopyRegisterService(ctx)
    report = register.register_document(desk, CopyFilter())
    report_job = register.register_print(desk, report, [CopyRequest("MASH manager", cab1.id)])
    pdf = render_copies(report, report_job.stamps())
    text = "\n".join(pdf_texts(pdf))
    for copy in job.copies:
        assert copy.reference in text
    assert report_job.copies[0].reference in text
    assert "Copy 1 of 1" in text
