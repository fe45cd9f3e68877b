"""Pure protocol rules added by the second reading of the seed: reasons (SD-3, SD-5), the
record's required answers (SD-1, SD-5, SD-12, SD-13), core hours (SD-14), per-child clocks
(SD-15), lawful sharing (ISP-10, ISP-11, ISP-12) and other identifiers (RQ-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.core_hours import CoreHours, is_core_hours, out_of_hours_reason
from mash_desktop.domain.identifiers import (
    IdentifierKind,
    format_identifiers,
    parse_identifiers,
    shared_identifiers,
)
from mash_desktop.domain.lawful_sharing import (
    Advice,
    BodyType,
    Capacity,
    ConsentFacts,
    ThirdParties,
    consent_problems,
    gateway_misfits,
)
from mash_desktop.domain.matching import Person, match_person
from mash_desktop.domain.reasons import is_a_reason, is_explained_answer
from mash_desktop.domain.statutory_clocks import (
    ClockState,
    HeldDiscussion,
    child_icpc_due,
    clock_state,
    conference_needs_reason,
)
from mash_desktop.domain.strategy import (
    AttendeeFacts,
    CopyChannel,
    MinimumRole,
    required_roles,
    unexplained_missing,
)
from mash_desktop.domain.strategy_protocol import Protection, RecordFacts, completion_problems
from mash_desktop.domain.working_days import icpc_due, is_working_day, working_days_between

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
HOURS = CoreHours.parse("09:00", "17:00")


# REQ: SD-3
@pytest.mark.parametrize("text", ["", " ", ".", "x", "-", "?!", "n/a", "None.", "ill"])
def test_sd3_a_character_or_punctuation_is_not_a_reason(text: str) -> None:
    assert not is_a_reason(text)


# REQ: SD-3
def test_sd3_words_are_a_reason_and_the_chair_is_never_excused() -> None:
    assert is_a_reason("On leave; the deputy manager attended instead")
    everyone_but_the_chair = [
        AttendeeFacts(role, True, True)
        for role in MinimumRole
        if role is not MinimumRole.LA_MANAGER
    ]
    reasons = {MinimumRole.LA_MANAGER: "Called away to court this morning"}
    assert unexplained_missing(everyone_but_the_chair, reasons) == [MinimumRole.LA_MANAGER]


# REQ: SD-5
@pytest.mark.parametrize(
    ("answer", "ok"),
    [
        ("Police to interview the partner on Friday after the ABE", True),
        ("None: no offence is disclosed", True),
        ("none", False),
        ("None.", False),
        ("", False),
    ],
)
def test_sd5_an_answer_is_real_or_none_with_its_reason(answer: str, ok: bool) -> None:
    assert is_explained_answer(answer) is ok


def _complete_facts(**changes: object) -> RecordFacts:
    base = RecordFacts(
        s47_started=True,
        criminal_investigation="Police to interview the partner on Friday",
        immediate_actions="Child stays with grandmother tonight (SW to visit by 18:00)",
        legal_action_needed=False,
        legal_action="None: the family agreed the plan",
        shared_with_family="Mother told today; partner not yet (investigation)",
        s47_lead_kind="la_csc",
        criminal_lead_kind="police",
        protection=Protection.NONE,
    )
    return RecordFacts(**{**base.__dict__, **changes})


def test_a_complete_record_has_no_problems() -> None:
    assert completion_problems(_complete_facts(), NOW) == {}


# REQ: SD-5
@pytest.mark.parametrize(
    "field", ["criminal_investigation", "immediate_actions", "legal_action", "shared_with_family"]
)
def test_sd5_each_working_together_decision_is_required_once_s47_starts(field: str) -> None:
    assert field in completion_problems(_complete_facts(**{field: "n/a"}), NOW)
    # Not an s47 discussion: the s47 decisions are not asked for.
    assert field not in completion_problems(
        _complete_facts(**{field: "", "s47_started": False}), NOW
    )


# REQ: SD-12
def test_sd12_lead_agencies_are_the_la_and_the_police() -> None:
    assert "s47_lead" in completion_problems(_complete_facts(s47_lead_kind=None), NOW)
    assert "s47_lead" in completion_problems(_complete_facts(s47_lead_kind="police"), NOW)
    assert "criminal_lead" in completion_problems(_complete_facts(criminal_lead_kind="health"), NOW)
    assert "criminal_lead" in completion_problems(_complete_facts(criminal_lead_kind=None), NOW)
    no_crime = _complete_facts(
        criminal_lead_kind=None, criminal_investigation="None: no offence disclosed"
    )
    assert "criminal_lead" not in completion_problems(no_crime, NOW)


# REQ: SD-12
def test_sd12_protection_status_and_its_time() -> None:
    assert "protection" in completion_problems(_complete_facts(protection=None), NOW)
    epo = _complete_facts(protection=Protection.EPO)
    assert "protection_since" in completion_problems(epo, NOW)
    later = _complete_facts(protection=Protection.EPO, protection_since=NOW + timedelta(hours=2))
    assert "protection_since" in completion_problems(later, NOW)
    since = _complete_facts(
        protection=Protection.POLICE_PROTECTION, protection_since=NOW - timedelta(hours=3)
    )
    assert completion_problems(since, NOW) == {}


# REQ: SD-1
def test_sd1_hospital_case_needs_hospital_staff_or_a_reason() -> None:
    assert "hospital" in completion_problems(_complete_facts(child_in_hospital=True), NOW)
    staffed = _complete_facts(child_in_hospital=True, hospital_staff_present=True)
    assert "hospital" not in completion_problems(staffed, NOW)
    excused = _complete_facts(
        child_in_hospital=True, hospital_absent_reason="Ward sister gave her account by phone first"
    )
    assert "hospital" not in completion_problems(excused, NOW)


# REQ: SD-13
def test_sd13_seniority_answered_and_fostering_for_a_looked_after_child() -> None:
    assert "seniority" in completion_problems(
        _complete_facts(seniority_unanswered=("Jo Winfrith",)), NOW
    )
    assert MinimumRole.FOSTERING in required_roles(True)
    assert MinimumRole.FOSTERING not in required_roles(False)
    not_senior = [AttendeeFacts(r, True, r is not MinimumRole.POLICE) for r in MinimumRole]
    assert unexplained_missing(not_senior, {}, looked_after=True) == [MinimumRole.POLICE]


# REQ: SD-14
@pytest.mark.parametrize(
    ("local", "core"),
    [
        (datetime(2026, 11, 24, 9, 30, tzinfo=UTC), True),  # Tuesday morning (GMT)
        (datetime(2026, 11, 24, 22, 0, tzinfo=UTC), False),  # Tuesday 22:00
        (datetime(2026, 11, 28, 11, 0, tzinfo=UTC), False),  # Saturday
        (datetime(2026, 12, 25, 11, 0, tzinfo=UTC), False),  # Christmas Day
        (datetime(2026, 8, 31, 10, 0, tzinfo=UTC), False),  # summer bank holiday
        (datetime(2026, 7, 1, 7, 30, tzinfo=UTC), False),  # 08:30 BST: before 09:00 London
        (datetime(2026, 7, 1, 8, 30, tzinfo=UTC), True),  # 09:30 BST
    ],
)
def test_sd14_out_of_hours_follows_the_clock(local: datetime, core: bool) -> None:
    assert is_core_hours(local, HOURS) is core
    assert (out_of_hours_reason(local, HOURS) is None) is core


# REQ: SD-14
@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)))
def test_sd14_core_hours_only_on_working_days_between_start_and_end(at: datetime) -> None:
    from mash_desktop.domain.clock import to_london

    local = to_london(at.replace(tzinfo=UTC))
    if is_core_hours(at.replace(tzinfo=UTC), HOURS):
        assert is_working_day(local.date())
        assert HOURS.start <= local.time() < HOURS.end


def test_sd14_bad_core_hours_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="start before"):
        CoreHours.parse("17:00", "09:00")


# REQ: SD-15
@given(
    st.lists(
        st.tuples(
            st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1)),
            st.sampled_from([True, False, None]),
        ),
        min_size=1,
    )
)
def test_sd15_icpc_runs_from_the_first_s47_discussion_whatever_the_order(
    held: list[tuple[datetime, bool | None]],
) -> None:
    discussions = [HeldDiscussion(at.replace(tzinfo=UTC), s47) for at, s47 in held]
    s47_times = [d.held_at for d in discussions if d.s47_started and d.held_at]
    due = child_icpc_due(discussions)
    if not s47_times:
        assert due is None
    else:
        assert due == icpc_due(min(s47_times))
        assert child_icpc_due(list(reversed(discussions))) == due


# REQ: SD-15
@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 1)),
    st.integers(min_value=-30, max_value=30),
)
def test_sd15_clock_state_due_soon_then_overdue(due: date, offset: int) -> None:
    today = due + timedelta(days=offset)
    state = clock_state(due, today)
    if today > due:
        assert state is ClockState.OVERDUE
    elif working_days_between(today, due) <= 3:
        assert state is ClockState.DUE_SOON
    else:
        assert state is ClockState.RUNNING
    assert clock_state(due, today, due) is ClockState.MET
    assert clock_state(due, today, due + timedelta(days=1)) is ClockState.MET_LATE


# REQ: SD-15
def test_sd15_a_late_conference_needs_a_reason() -> None:
    due = date(2026, 12, 15)
    assert conference_needs_reason(date(2026, 12, 16), due)
    assert not conference_needs_reason(due, due)


# REQ: SD-16 SEC-5
def test_sd16_copies_go_by_secure_email_or_fax_never_post() -> None:
    assert CopyChannel.SECURE_EMAIL.allowed and CopyChannel.FAX.allowed
    assert not CopyChannel.SECURE_POST.allowed
    assert not CopyChannel.HAND.allowed


# REQ: ISP-10
def test_isp10_consent_needs_who_capacity_and_third_parties() -> None:
    bare = consent_problems(ConsentFacts(consent_is_basis=True))
    assert {"consent_given_by", "capacity", "third_parties"} <= bare.keys()
    lacked = ConsentFacts(True, "Mother", Capacity.LACKED_CAPACITY, "", ThirdParties.NONE_NAMED)
    assert "capacity" in consent_problems(lacked)
    unassessed = ConsentFacts(True, "Mother", Capacity.NOT_ASSESSED, ".", ThirdParties.NONE_NAMED)
    assert "capacity_note" in consent_problems(unassessed)
    third = ConsentFacts(True, "Mother", Capacity.HAD_CAPACITY, "", ThirdParties.NOT_SOUGHT)
    assert "third_party_note" in consent_problems(third)
    valid = ConsentFacts(True, "Mother", Capacity.HAD_CAPACITY, "", ThirdParties.NONE_NAMED)
    assert consent_problems(valid) == {}


# REQ: ISP-11
def test_isp11_gateways_fit_only_their_bodies() -> None:
    assert "CA2004-s11" in gateway_misfits(("CA2004-s11",), BodyType.NON_PUBLIC)
    assert gateway_misfits(("CA2004-s11",), BodyType.NHS) == {}
    assert "CDA1998-s115" in gateway_misfits(("CDA1998-s115",), BodyType.OTHER_PUBLIC)
    for body in (BodyType.POLICE, BodyType.PROBATION, BodyType.LOCAL_AUTHORITY, BodyType.NHS):
        assert gateway_misfits(("CDA1998-s115",), body) == {}
    assert gateway_misfits(("CA1989-s47",), BodyType.NON_PUBLIC) == {}


# REQ: ISP-12
def test_isp12_advice_answered_and_required_for_mental_illness_treatment() -> None:
    assert "advice" in consent_problems(ConsentFacts(False, without_consent=True))
    no_advice = ConsentFacts(False, without_consent=True, advice=Advice.NOT_TAKEN)
    assert consent_problems(no_advice) == {}
    mental = ConsentFacts(
        False, without_consent=True, advice=Advice.NOT_TAKEN, mental_illness_treatment=True
    )
    assert "advice" in consent_problems(mental)
    taken = ConsentFacts(
        False,
        without_consent=True,
        advice=Advice.TAKEN,
        advice_note="Trust's Caldicott guardian, by phone",
        mental_illness_treatment=True,
    )
    assert consent_problems(taken) == {}


# REQ: RQ-1 RQ-3
def test_rq1_other_identifiers_round_trip_and_match() -> None:
    values = {IdentifierKind.PNC: "12/345678A", IdentifierKind.UPN: "A123456789012"}
    text = format_identifiers(values)
    assert parse_identifiers(text) == values
    assert shared_identifiers(text, "PNC: 12/345678a") == [(IdentifierKind.PNC, "12/345678A")]
    assert shared_identifiers(text, "LA ID: 12/345678A") == []
    me = Person("Kai", "Renwick", None, None, text)
    other = Person("Kye", "Ranwick", date(2015, 3, 1), None, "PNC: 12/345678A")
    match = match_person(me, other)
    assert match is not None and match.kind == "identifier"
    assert "Police PNC ID" in match.reason_text
