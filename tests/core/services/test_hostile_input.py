"""Every input gets a clear answer: stored and read back exactly, or ValidationError naming
the field; never another exception, and the store's checks stay clean (SEC-3, RQ-1)."""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.input_rules import BROKEN_TEXT, CONTROL_TEXT, NAIVE_TIME
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.services.copies.register import CopyRegisterService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.strategy.service import StrategyService
from tests.core.services.copies.test_register import _print
from tests.helpers.contacts import child, contact_input
from tests.helpers.printing import add_contact, send_and_collect
from tests.helpers.research import make_contact, make_hub
from tests.helpers.strategy import make_contact as strategy_contact
from tests.helpers.strategy_fixtures import filled_record

EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text at all: lone surrogates, controls, NUL, right-to-left marks, long runs.
hostile = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec=None), min_size=1, max_size=300),
    st.builds(lambda a, b: a * 2000 + b, st.sampled_from(["é", "\u202e", "𝒜", " "]), st.text()),
)
FIELD_MESSAGES = {BROKEN_TEXT, CONTROL_TEXT, NAIVE_TIME}
_builds = itertools.count()  # each build of a test's fixtures names its users afresh


def store_is_clean(ctx) -> None:
    if ctx.store.engine.dialect.name == "sqlite":
        with ctx.store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"
    assert verify_store(ctx.store).ok


def attempt(call):  # type: ignore[no-untyped-def]
    """(result, None) or (None, the ValidationError): a refusal is an answer, not a failure."""
    try:
        return call(), None
    except ValidationError as refused:
        return None, refused


def refused_cleanly(error: ValidationError, fields: set[str]) -> None:
    assert error.fields, "a refusal names the fields"
    assert set(error.fields) <= fields, error.fields


@pytest.fixture
def desk(make_user):
    return make_user("desk.hostile", Role.DESK_OFFICER, "LA-DORSET")


def times():
    aware = st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2026, 11, 24, 9, 0),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-11))]
        ),
    )
    return st.one_of(aware, st.datetimes(max_value=datetime(2026, 11, 24)))  # naive too


@given(
    concern=hostile,
    name=hostile,
    referrer=hostile,
    received=times(),
    la=st.sampled_from(["", "LA-POOLE", "POLICE", "LA-NOWHERE", "la-poole"]),
)
@example(  # a name longer than its column: named as the child's first name, not the column
    concern="Concern",
    name="é" * 2000,
    referrer="Referrer",
    received=datetime(2026, 11, 1, tzinfo=UTC),
    la="",
)
@EXAMPLES
def test_intake_stores_exactly_or_names_the_field(ctx, desk, concern, name, referrer, received, la):
    # REQ: RQ-1
    data = contact_input(
        received + timedelta(minutes=30),
        child(first=name),
        concern=concern,
        referrer_name=referrer,
        la_agency_code=la,
    )
    service = ContactService(ctx)
    detail, refused = attempt(lambda: service.intake(desk, data))
    if refused is not None:
        refused_cleanly(
            refused, {"concern", "child.0.first_name", "referrer_name", "received_at", "la_agency"}
        )
        if la in {"POLICE", "LA-NOWHERE", "la-poole"}:
            assert refused.fields.get("la_agency") or set(refused.fields) & {
                "concern",
                "child.0.first_name",
                "referrer_name",
                "received_at",
            }
        if received.tzinfo is None:
            assert refused.fields["received_at"] == NAIVE_TIME
        return
    assert la in {"", "LA-POOLE"} and received.tzinfo is not None
    back = service.get(desk, detail.id)
    assert back.concern == concern.strip() and back.referrer_name == referrer.strip()
    assert back.children[0].first_name == name.strip()
    assert back.received_at == data.received_at and back.la_agency_code == la


def test_intake_refuses_an_unknown_local_authority_by_field(ctx, desk, clock):
    # REQ: RQ-1 (today it was stored as empty)
    data = contact_input(clock.now(), la_agency_code="LA-NOWHERE")
    with pytest.raises(ValidationError) as refused:
        ContactService(ctx).intake(desk, data)
    assert set(refused.value.fields) == {"la_agency"}
    naive = contact_input(clock.now().replace(tzinfo=None))
    with pytest.raises(ValidationError) as refused:
        ContactService(ctx).intake(desk, naive)
    assert refused.value.fields == {"received_at": NAIVE_TIME}
    broken = contact_input(clock.now(), concern="Bruise\udc80 seen")
    with pytest.raises(ValidationError) as refused:
        ContactService(ctx).intake(desk, broken)
    assert refused.value.fields == {"concern": BROKEN_TEXT}


@given(text=hostile, system=hostile, relevance=st.sampled_from([*Relevance, "urgent", ""]))
@EXAMPLES
def test_research_item_stores_exactly_or_names_the_field(ctx, admin, text, system, relevance):
    # REQ: ISP-2 (research items), RQ-1
    hub = getattr(test_research_item_stores_exactly_or_names_the_field, "hub", None)
    if hub is None or hub[0] is not ctx.store:
        made = make_hub(ctx, admin)
        contact = make_contact(ctx)
        svc = ResearchService(ctx)
        svc.request_research(made.manager, contact, ["HEALTH"])
        req = svc.contact_research(made.health, contact).panels[0].request_id
        hub = (ctx.store, made, contact, req)
        test_research_item_stores_exactly_or_names_the_field.hub = hub  # type: ignore[attr-defined]
    _, made, contact, req = hub
    svc = ResearchService(ctx)
    try:
        row = svc.add_finding(made.health, req, FindingInput(text, relevance, system=system))
    except ValidationError as refused:
        refused_cleanly(refused, {"finding", "system", "relevance"})
        return
    panel = svc.contact_research(made.health, contact).panels[0]
    [found] = [f for f in panel.findings if f.id == row.id]
    assert (found.finding, found.system) == (text.strip(), system.strip())


@given(username=hostile, full_name=hostile, role=st.sampled_from([*Role, "superuser"]))
@example(username="desk\x00one", full_name="Pat One", role=Role.DESK_OFFICER)  # PostgreSQL
@EXAMPLES  # refused a NUL in the "is the name taken?" query before the name was refused
def test_account_stores_exactly_or_names_the_field(ctx, admin, username, full_name, role):
    # REQ: ISP-9.1.1 (accounts), SEC-3
    accounts = AccountService(ctx)
    try:
        accounts.create_user(admin, username, full_name, "long-enough-pw", "HEALTH", role)
    except ValidationError as refused:
        refused_cleanly(refused, {"username", "full_name", "role", "password"})
        return
    [row] = [u for u in accounts.list_users(admin) if u.username == username.strip().lower()]
    assert row.full_name == full_name.strip() and row.role == Role(role)


@given(note=hostile, reference=st.one_of(hostile, st.just("")))
@EXAMPLES
def test_copy_movement_stores_exactly_or_names_the_field(ctx, admin, make_user, note, reference):
    # REQ: SEC-5
    kit = getattr(test_copy_movement_stores_exactly_or_names_the_field, "kit", None)
    if kit is None or kit[0] is not ctx.store:
        build = next(_builds)
        desk = make_user(f"desk.copies{build}", Role.DESK_OFFICER, "LA-POOLE")
        cabinets = tuple(
            CabinetService(ctx).add_cabinet(admin, f"CAB-H{build}-{n}", f"Cabinet {n}", "MASH")
            for n in (1, 2)
        )
        _doc, job = _print(ctx, desk, add_contact(ctx, desk), cabinets[:1], ("A",))
        send_and_collect(ctx, desk, job)
        kit = (ctx.store, desk, cabinets, job.copies[0].reference)
        test_copy_movement_stores_exactly_or_names_the_field.kit = kit  # type: ignore[attr-defined]
    _, desk, cabinets, ref = kit
    register = CopyRegisterService(ctx)
    with contextlib.suppress(ValidationError, NotFound):
        register.find(desk, reference)  # a reference that does not check out is refused
    here = register.find(desk, ref).copy.cabinet_id
    target = cabinets[1] if here == cabinets[0].id else cabinets[0]
    try:
        register.move(desk, ref, target.id, note)
    except ValidationError as refused:
        refused_cleanly(refused, {"note"})
        return
    assert register.find(desk, ref).history[-1].note == note


@given(shared=hostile, actions=hostile, held=st.one_of(st.none(), times()))
@EXAMPLES
def test_strategy_record_stores_exactly_or_names_the_field(ctx, make_user, shared, actions, held):
    # REQ: SD-3
    kit = getattr(test_strategy_record_stores_exactly_or_names_the_field, "kit", None)
    if kit is None or kit[0] is not ctx.store:
        chair = make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
        d = StrategyService(ctx).request(chair, strategy_contact(ctx, chair), "Bruising")
        kit = (ctx.store, chair, d.id)
        test_strategy_record_stores_exactly_or_names_the_field.kit = kit  # type: ignore[attr-defined]
    _, chair, discussion_id = kit
    service = StrategyService(ctx)
    version = service.get(chair, discussion_id).version
    data = replace(
        filled_record(), information_shared=shared, immediate_actions=actions, held_at=held
    )
    try:
        service.save_record(chair, discussion_id, data, version)
    except ValidationError as refused:
        refused_cleanly(refused, {"information_shared", "immediate_actions", "held_at"})
        return
    back = service.get(chair, discussion_id).record
    assert back.information_shared == shared.strip() and back.immediate_actions == actions.strip()
    assert back.held_at == held


@pytest.fixture(autouse=True)
def _clean_store_after(request, ctx):
    yield
    if request.node.name.startswith("test_") and "ctx" in request.fixturenames:
        store_is_clean(ctx)


def test_a_username_longer_than_its_column_is_refused_alike_on_both_engines(ctx, admin) -> None:
    # REQ: SEC-3 bad input gets a clear message naming its field, on a hub as on a file
    with pytest.raises(ValidationError) as refused:
        AccountService(ctx).create_user(
            admin, "u" * 201, "Pat Ward", "violet harbour lantern", "HEALTH", Role.DESK_OFFICER
        )
    assert refused.value.fields == {"username": "Too long: at most 80 characters (201 typed)."}
    assert not [u for u in AccountService(ctx).list_users(admin) if u.username.startswith("uuu")]


def test_names_as_long_as_their_fields_allow_are_stored_whole(ctx, desk, clock):
    # REQ: RQ-1 (a first name and a surname of 100 characters each: the queue's child
    # column, made of both, is cut to its width; the names themselves are kept exactly)
    first, last = "Á" * 100, "Ş" * 100
    made = ContactService(ctx).intake(desk, contact_input(clock.now(), child(first, last)))
    [kept] = ContactService(ctx).get(desk, made.id).children
    assert (kept.first_name, kept.last_name) == (first, last)
    too_long = contact_input(clock.now(), child(first + "x", last))
    with pytest.raises(ValidationError) as refused:
        ContactService(ctx).intake(desk, too_long)
    assert set(refused.value.fields) == {"child.0.first_name"}
    assert "at most 100 characters (101 typed)" in refused.value.fields["child.0.first_name"]
