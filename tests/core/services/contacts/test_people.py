"""Person search through the real service over a real encrypted store, on both engines
(RQ-8, RQ-3): by name tolerant of spelling and script, date of birth, NHS number, other
identifier and address; each earlier contact with its reference, date, outcome and status,
an open CSC case marked; every search audited without the values typed (SEC-3)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.subject_access import RightKind
from mash_desktop.services.contacts.people import PersonQuery, PersonSearchService, find_people
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.rights.person import PersonRightsService
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import child, log_contact

DOB = date(2016, 4, 9)


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


@pytest.fixture
def story(ctx, clock, admin):
    """Three contacts about Jayden Smith over a year (one closed with an outcome, the newest
    with his case open in CSC), one about someone else, one about an Arabic-script name."""
    now = clock.now()
    old = log_contact(
        ctx, child("Jayden", "Smith", DOB, nhs="9434765919"), received_at=now - timedelta(days=300)
    )
    mid = log_contact(
        ctx,
        replace(child("Jaiden", "Smyth", DOB), other_identifiers="PNC: 12/345678A"),
        received_at=now - timedelta(days=60),
    )
    new = log_contact(
        ctx,
        replace(
            child("Jayden", "Smith", date(2016, 9, 4)),
            address="7 Kestrel Way, Wareham",
            postcode="BH20 4ZZ",
        ),
        received_at=now - timedelta(days=2),
        csc_case_open=True,
        allocated_team="Purbeck Children's Team",
    )
    log_contact(ctx, child("Jade", "Smithers", date(2011, 1, 1)))
    arabic = log_contact(ctx, child("محمد", "حداد", date(2014, 2, 2)))
    return {"old": old, "mid": mid, "new": new, "arabic": arabic}


def test_a_name_with_typos_finds_every_contact_about_the_child_newest_first(ctx, desk, story):
    # REQ: RQ-8 RQ-3
    results = PersonSearchService(ctx).search(desk, PersonQuery(name="Jaydn Smiht"))
    refs = [h.reference for h in results.hits]
    assert refs[:3] == [story["new"].reference, story["old"].reference, story["mid"].reference]
    assert all(h.name != "Jade Smithers" for h in results.hits)
    first = results.hits[0]
    assert first.reasons == (
        "first name spelled differently (Jaydn / Jayden)",
        "surname spelled differently (Smiht / Smith)",
    )
    # The spelling "Smyth" is found as the matcher finds it (sounds alike / typo).
    assert any(h.contact_id == story["mid"].id for h in results.hits)


def test_an_open_csc_case_stands_out_in_plain_words(ctx, desk, story):
    # REQ: RQ-8 RQ-3
    results = PersonSearchService(ctx).search(desk, PersonQuery(name="jayden smith"))
    [open_case] = results.open_cases
    assert open_case.contact_id == story["new"].id
    assert open_case.case_words == "OPEN CSC CASE: Purbeck Children's Team"
    assert {h.case_words for h in results.hits if h.contact_id != story["new"].id} == {""}


def test_outcome_and_status_are_shown_in_words(ctx, desk, story, make_user):
    # REQ: RQ-8
    manager = make_user("mgr.one", Role.MASH_MANAGER, "POLICE", "Mo Manager")
    contacts = ContactService(ctx)
    detail = contacts.claim(manager, story["old"].id)
    contacts.decide(
        manager, detail.id, detail.version, Outcome.EARLY_HELP, "Family asked for help."
    )
    hits = PersonSearchService(ctx).search(desk, PersonQuery(nhs_number="943 476 5919")).hits
    assert [(h.reference, h.status_words, h.outcome_words) for h in hits] == [
        (story["old"].reference, "Decided", "Early help")
    ]
    assert hits[0].reasons == ("same NHS number",)


def test_date_of_birth_search_tolerates_day_and_month_swapped(ctx, desk, story):
    # REQ: RQ-8
    hits = PersonSearchService(ctx).search(desk, PersonQuery(dob=DOB)).hits
    assert {h.contact_id for h in hits} == {story["old"].id, story["mid"].id, story["new"].id}
    swapped = next(h for h in hits if h.contact_id == story["new"].id)
    assert swapped.reasons == ("date of birth with day and month swapped",)
    assert hits[-1].contact_id == story["new"].id  # the exact date ranks above the swap


def test_name_and_date_together_must_both_match(ctx, desk, story):
    # REQ: RQ-8
    search = PersonSearchService(ctx).search
    [hit] = search(desk, PersonQuery(name="Smith", dob=date(2011, 1, 1))).hits
    assert hit.name == "Jade Smithers"
    assert hit.reasons == ("surname begins with Smith", "same date of birth")
    assert search(desk, PersonQuery(name="Jayden", dob=date(2011, 1, 1))).hits == []


def test_identifier_and_address_searches(ctx, desk, story):
    # REQ: RQ-8
    search = PersonSearchService(ctx).search
    [hit] = search(desk, PersonQuery(identifier="12/345678a")).hits
    assert hit.contact_id == story["mid"].id
    [hit] = search(desk, PersonQuery(address="kestrel bh204zz")).hits
    assert hit.contact_id == story["new"].id
    assert search(desk, PersonQuery(address="100%_")).hits == []  # LIKE wildcards are literal


def test_names_in_other_scripts_are_found_romanised_and_by_variant(ctx, desk, story):
    # REQ: RQ-8 RQ-3
    search = PersonSearchService(ctx).search
    for typed in ("Mohammed Haddad", "محمد", "muhamad hadad"):
        assert [h.contact_id for h in search(desk, PersonQuery(name=typed)).hits] == [
            story["arabic"].id
        ], typed


def test_household_members_are_found_too(ctx, desk):
    # REQ: RQ-8
    adult = replace(child("Connor", "Blake", date(1990, 5, 5)), relationship_to_child="Stepfather")
    logged = log_contact(ctx, child("Lily", "Blake"), household=(adult,))
    [hit] = PersonSearchService(ctx).search(desk, PersonQuery(name="Conor Blake")).hits
    assert (hit.contact_id, hit.role_words) == (logged.id, "Household (Stepfather)")


def test_an_empty_search_is_refused_and_only_caseworkers_search(ctx, desk, make_user):
    # REQ: RQ-8
    with pytest.raises(ValidationError):
        PersonSearchService(ctx).search(desk, PersonQuery(name="  "))
    auditor = make_user("aud.one", Role.AUDITOR, "POLICE")
    with pytest.raises(PermissionDenied):
        PersonSearchService(ctx).search(auditor, PersonQuery(name="Smith"))


def test_every_search_is_audited_with_what_was_searched_not_the_values(ctx, desk, story):
    # REQ: RQ-8 SEC-3
    PersonSearchService(ctx).search(desk, PersonQuery(name="Jayden Smith", dob=DOB))
    with ctx.store.transaction() as s:
        [(actor, text)] = s.execute(
            select(AuditEntry.actor, AuditEntry.details).where(AuditEntry.action == "person.search")
        ).all()
    details = json.loads(text)
    assert actor == "desk.one"
    assert details["searched_for"] == ["name", "date of birth"]
    assert sorted(details["contacts"]) == sorted(
        {story["old"].id, story["mid"].id, story["new"].id}
    )
    assert "Jayden" not in text and "2016" not in text


def test_find_people_runs_inside_a_callers_transaction_for_reuse(ctx, story):
    # REQ: RQ-8 ISP-7: the subject access work calls the search inside its own transaction.
    with ctx.store.transaction() as s:
        results = find_people(s, PersonQuery(name="Jayden", dob=DOB))
    # Same name and date first; then, equally strong, newest first: the day/month swap on
    # the newest contact and "Jaiden" on the one before.
    assert [h.contact_id for h in results.hits] == [
        story["old"].id,
        story["new"].id,
        story["mid"].id,
    ]


def test_a_persons_restriction_is_shown_in_the_search_results(ctx, desk, story, make_user):
    # REQ: ISP-14 shown wherever the person appears, the desk's person search too
    manager = make_user("ig.police", Role.MASH_MANAGER, "POLICE", "Ines Gower")
    search = PersonSearchService(ctx)
    hits = search.search(desk, PersonQuery(name="Jayden Smith")).hits
    [old] = [h for h in hits if h.contact_id == story["old"].id]
    assert {h.rights for h in hits} == {""}
    PersonRightsService(ctx).record_right(
        manager, old.subject_id, RightKind.RESTRICTION, story["old"].received_at.date(), "Keep only"
    )
    hits = search.search(desk, PersonQuery(name="Jayden Smith")).hits
    marked = {h.contact_id: h.rights for h in hits}
    assert marked[story["old"].id] == "RESTRICTED"
    assert search.search(desk, PersonQuery(name="Jade Smithers")).hits[0].rights == ""
