"""Pure rules of the queue: RAG clocks, NHS check digit, person matching (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.contact_codes import Rag
from mash_desktop.domain.matching import (
    Person,
    edit_distance,
    match_person,
    normalise_name,
    soundex,
    swapped_day_month,
)
from mash_desktop.domain.nhs import nhs_check_digit, nhs_number_valid
from mash_desktop.domain.rag import (
    DEFAULT_HOURS,
    decision_due,
    format_time_left,
    hours_from_settings,
    is_overdue,
    time_left,
)
from mash_desktop.domain.triage import age_on

times = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)
hours = st.fixed_dictionaries({r: st.integers(1, 500) for r in Rag})


@given(times, st.sampled_from(list(Rag)), hours)
def test_due_is_received_plus_the_setting(received, rag, table):
    # REQ: RQ-2
    due = decision_due(received, rag, table)
    assert due - received == timedelta(hours=table[rag])
    assert not is_overdue(due, due)
    assert is_overdue(due, due + timedelta(seconds=1))


@given(times, times)
def test_time_left_text_says_overdue_in_words(due, now):
    # REQ: RQ-2
    text = format_time_left(time_left(due, now))
    if now > due + timedelta(minutes=1):
        assert text.startswith("OVERDUE")
    elif now < due:
        assert text.endswith("left")


def test_default_clock_and_settings():
    # REQ: RQ-2
    assert DEFAULT_HOURS == {Rag.RED: 4, Rag.AMBER: 24, Rag.GREEN: 72}
    table = hours_from_settings({"rag_hours_red": 2, "rag_hours_amber": 12, "rag_hours_green": 48})
    assert table[Rag.RED] == 2
    assert format_time_left(timedelta(hours=3, minutes=5)) == "3 h 05 min left"
    assert format_time_left(timedelta(hours=-1, minutes=-10)) == "OVERDUE 1 h 10 min"


def _valid_nhs(nine: str) -> str | None:
    check = nhs_check_digit(nine)
    return None if check is None else nine + str(check)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_nhs_check_digit_accepts_valid_and_catches_one_wrong_digit(nine):
    # REQ: RQ-1
    number = _valid_nhs(nine)
    if number is None:
        assert not any(nhs_number_valid(nine + str(d)) for d in range(10))
        return
    assert nhs_number_valid(number)
    assert nhs_number_valid(f"{number[:3]} {number[3:6]} {number[6:]}")
    for d in "0123456789":
        if d != number[-1]:
            assert not nhs_number_valid(number[:-1] + d)


def test_known_nhs_numbers():
    # REQ: RQ-1
    assert nhs_number_valid("943 476 5919")  # the NHS Data Dictionary's example
    assert not nhs_number_valid("943 476 5918")
    assert not nhs_number_valid("94347659")
    assert not nhs_number_valid("94347659x9")


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12)
dobs = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 11, 1))


@given(names, names, dobs)
def test_same_name_and_dob_always_match(first, last, dob):
    # REQ: RQ-3
    a = Person(first.title(), last.title(), dob)
    b = Person(first.upper() + " ", last, dob)
    result = match_person(a, b)
    assert result is not None
    assert "same date of birth" in result.reasons


@given(names, names, dobs, st.data())
def test_one_typo_in_a_name_still_matches(first, last, dob, data):
    # REQ: RQ-3
    pos = data.draw(st.integers(0, len(last) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    typo = last[:pos] + letter + last[pos + 1 :]
    result = match_person(Person(first, last, dob), Person(first, typo, dob))
    assert result is not None


@given(names, names, dobs)
def test_swapped_day_and_month_matches_with_its_reason(first, last, dob):
    # REQ: RQ-3
    swapped = swapped_day_month(dob)
    if swapped is None:
        return
    result = match_person(Person(first, last, dob), Person(first, last, swapped))
    assert result is not None
    assert "day and month swapped" in result.reason_text


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_symmetric_and_bounded(a, b):
    # REQ: RQ-3
    d = edit_distance(a, b)
    assert d == edit_distance(b, a)
    assert d <= max(len(a), len(b))
    assert (d == 0) == (a == b)


def test_spelling_variants_match_and_strangers_do_not():
    # REQ: RQ-3
    dob = date(2018, 4, 9)
    base = Person("Sophia", "Pennyfeather", dob)
    for first, last in (
        ("Sofia", "Pennyfeather"),
        ("Sophia", "Penneyfeather"),
        ("Sophie", "Pennyfeathers"),
        ("SOPHIA", "pennyfeather"),
    ):
        assert match_person(base, Person(first, last, dob)) is not None, (first, last)
    assert match_person(base, Person("Oliver", "Pennyfeather", dob)) is None
    assert match_person(base, Person("Sophia", "Pennyfeather", date(2018, 4, 10))) is None
    assert match_person(base, Person("Sophia", "Pennyfeather", date(2018, 9, 4))) is not None
    assert soundex("Smith") == soundex("Smyth") == "S530"
    assert normalise_name(" O'Brien-Smith ") == "obriensmith"


def test_nhs_number_match_beats_names():
    # REQ: RQ-3
    a = Person("Amelia", "Ashdown", date(2019, 3, 7), "9434765919")
    b = Person("Amy", "Brackley", None, "943 476 5919")
    result = match_person(a, b)
    assert result is not None
    assert result.kind == "nhs"


def test_age_in_whole_years():
    assert age_on(date(2019, 11, 25), date(2026, 11, 24)) == 6
    assert age_on(date(2019, 11, 24), date(2026, 11, 24)) == 7
