"""From the printer to the cabinet (SEC-5): only a scanned copy is paper in a cabinet; copies
not collected in time are said, and past the longer limit open a security incident (SEC-4).
The real spooler is exercised in tests/ui/test_print_to_cups.py."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.copy_register import CopyStatus, job_name
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.print_tracking import (
    Collection,
    SpoolState,
    Verdict,
    collection_state,
    judge_job,
)
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService, CopyRequest
from mash_desktop.services.copies.tracking import CopyTracking
from mash_desktop.services.incidents import SecurityIncidentService
from mash_desktop.services.settings import SettingsService
from tests.helpers.printing import add_cabinets, add_contact

T0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
HOLD = timedelta(minutes=30)


@pytest.fixture
def sent(ctx, admin, make_user):
    """Two copies sent to the printer by a desk officer, not yet scanned in."""
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    cab1, cab2 = add_cabinets(ctx, admin)
    doc = ContactDocumentService(ctx).contact_summary(desk, add_contact(ctx, desk))
    job = CopyRegisterService(ctx).register_print(
        desk, doc, [CopyRequest("DS Kim Fenwick", cab1.id), CopyRequest("Dr Ife Harrow", cab2.id)]
    )
    CopyTracking(ctx).mark_sent(desk, job.id, 4, "MASH-Office", 17)
    return desk, job


def _statuses(ctx, actor):
    rows = CopyRegisterService(ctx).list_copies(actor, CopyFilter())
    return {r.reference: r for r in rows}


def test_sec5_sent_copies_are_not_paper_until_scanned_in(ctx, sent):
    # REQ: SEC-5
    desk, job = sent
    first, second = (c.reference for c in job.copies)
    rows = _statuses(ctx, desk)
    assert {r.status for r in rows.values()} == {CopyStatus.SENT}
    in_cabinet = CopyRegisterService(ctx).list_copies(
        desk, CopyFilter(status=CopyStatus.IN_CABINET)
    )
    assert in_cabinet == []
    done = CopyTracking(ctx).check_in(desk, f"  {first.lower()} ")  # a scanner's or a typist's
    assert (done.reference, done.cabinet, done.still_to_scan) == (
        first,
        "CAB-1: Main office cabinet",
        (second,),
    )
    assert _statuses(ctx, desk)[first].status is CopyStatus.IN_CABINET
    assert _statuses(ctx, desk)[second].status is CopyStatus.SENT
    with pytest.raises(ValidationError, match="already checked in to CAB-1"):
        CopyTracking(ctx).check_in(desk, first)


def test_sec5_only_the_officer_who_printed_or_a_mash_manager_checks_in(ctx, sent, make_user):
    # REQ: SEC-5
    _desk, job = sent
    other = make_user("desk.other", Role.DESK_OFFICER, "POLICE")
    manager = make_user("mgr.mash", Role.MASH_MANAGER, "POLICE")
    with pytest.raises(PermissionDenied, match="printed by someone else"):
        CopyTracking(ctx).check_in(other, job.copies[0].reference)
    assert CopyTracking(ctx).check_in(manager, job.copies[0].reference).reference


def test_sec5_a_void_copy_cannot_be_checked_in(ctx, sent):
    # REQ: SEC-5 paper the register says was never printed is not filed as if it were
    desk, job = sent
    CopyTracking(ctx).void_job(desk, job.id, "the print job was cancelled at the printer")
    with pytest.raises(ValidationError, match=r"is void.*MASH manager to be destroyed"):
        CopyTracking(ctx).check_in(desk, job.copies[0].reference)


def test_sec5_not_collected_after_the_hub_time_then_one_incident(ctx, admin, sent, clock):
    # REQ: SEC-5, SEC-4 a controlled copy may be lying in a printer tray
    desk, job = sent
    tracking = CopyTracking(ctx)
    clock.advance(timedelta(minutes=14))
    assert tracking.sweep(desk).describe() == ""
    assert not any(r.not_collected for r in _statuses(ctx, desk).values())
    clock.advance(timedelta(minutes=1))  # the hub default: 15 minutes
    waiting = tracking.sweep(desk)
    assert waiting.describe() == (
        "2 printed copies NOT COLLECTED from MASH-Office: scan them into their cabinet."
    )
    rows = _statuses(ctx, desk)
    assert all(r.status_text == "Sent to MASH-Office - NOT COLLECTED" for r in rows.values())
    assert waiting.incidents_opened == 0
    tracking.check_in(desk, job.copies[0].reference)
    clock.advance(timedelta(minutes=45))  # an hour after sending
    assert tracking.sweep(desk).incidents_opened == 1
    assert tracking.sweep(desk).incidents_opened == 0  # one incident per print, not per look
    (incident,) = SecurityIncidentService(ctx).list(admin)
    assert incident.kind is IncidentKind.MISPLACEMENT
    assert incident.username == "desk.poole"
    assert job.copies[1].reference in incident.summary
    assert job.copies[0].reference not in incident.summary  # that one was scanned in


def test_sec5_hub_sets_the_collection_times(ctx, admin, sent, clock):
    # REQ: SEC-5
    desk, _job = sent
    SettingsService(ctx).set(admin, "copy_collect_minutes", 5)
    clock.advance(timedelta(minutes=5))
    assert CopyTracking(ctx).sweep(desk).references


def test_sec5_cancelled_or_aborted_jobs_void_their_copies(ctx, sent):
    # REQ: SEC-5
    desk, job = sent
    tracking = CopyTracking(ctx)
    assert tracking.follow(desk, job.id, SpoolState.PENDING).verdict is Verdict.KEEP_WATCHING
    assert tracking.follow(desk, job.id, SpoolState.ABORTED).verdict is Verdict.VOID
    assert {r.status for r in _statuses(ctx, desk).values()} == {CopyStatus.VOID}
    assert tracking.watched_jobs(desk) == []


def test_sec5_completed_job_stays_sent_until_scanned(ctx, sent):
    # REQ: SEC-5 the spooler finishing is not paper in a cabinet
    desk, job = sent
    tracking = CopyTracking(ctx)
    assert [w.spool_job_id for w in tracking.watched_jobs(desk)] == [17]
    assert tracking.follow(desk, job.id, SpoolState.COMPLETED).verdict is Verdict.PRINTED
    assert {r.status for r in _statuses(ctx, desk).values()} == {CopyStatus.SENT}
    assert tracking.watched_jobs(desk) == []  # nothing more to ask the spooler


def test_sec5_job_names_carry_references_only():
    # REQ: SEC-5 spoolers keep job names in their history and logs
    assert job_name(["MASH-C-2026-000123-K"]) == "MASH controlled copies MASH-C-2026-000123-K"
    assert (
        job_name(["MASH-C-2026-000123-K", "MASH-C-2026-000124-X", "MASH-C-2026-000125-V"])
        == "MASH controlled copies MASH-C-2026-000123-K..MASH-C-2026-000125-V"
    )


@given(state=st.sampled_from(SpoolState), minutes=st.integers(0, 10_000))
def test_sec5_judging_a_job(state, minutes):
    # REQ: SEC-5 no paper from a cancelled, aborted or long-held job; finished is not filed
    verdict = judge_job(state, T0, T0 + timedelta(minutes=minutes), HOLD).verdict
    if state in (SpoolState.CANCELED, SpoolState.ABORTED):
        assert verdict is Verdict.VOID
    elif state is SpoolState.COMPLETED:
        assert verdict is Verdict.PRINTED
    elif state in (SpoolState.PENDING, SpoolState.HELD, SpoolState.STOPPED) and minutes >= 30:
        assert verdict is Verdict.CANCEL_AND_VOID
    else:
        assert verdict is Verdict.KEEP_WATCHING


@given(minutes=st.integers(0, 10_000), collect=st.integers(1, 120), later=st.integers(0, 600))
def test_sec5_collection_lateness_only_grows(minutes, collect, later):
    # REQ: SEC-5
    order = [Collection.IN_TIME, Collection.NOT_COLLECTED, Collection.INCIDENT]
    limits = (timedelta(minutes=collect), timedelta(minutes=collect + later))
    now = collection_state(T0, T0 + timedelta(minutes=minutes), *limits)
    after = collection_state(T0, T0 + timedelta(minutes=minutes + 1), *limits)
    assert order.index(after) >= order.index(now)
    assert (now is Collection.IN_TIME) == (minutes < collect)
