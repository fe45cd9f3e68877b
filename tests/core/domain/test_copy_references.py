"""Copy references: unique per year and serial, and a mistyped one is refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.copy_register import (
    CopyEvent,
    CopyStatus,
    check_transition,
    check_witness,
    make_reference,
    parse_reference,
)
from mash_desktop.domain.errors import ValidationError

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"


@given(st.integers(2000, 9999), st.integers(1, 999_999))
def test_reference_round_trips(year, serial):
    # REQ: SEC-5
    ref = make_reference(year, serial)
    assert parse_reference(ref) == (year, serial, ref)
    assert parse_reference(ref.lower().replace("-", " ")) == (year, serial, ref)


@given(st.integers(2000, 9999), st.integers(1, 999_999), st.data())
def test_any_single_mistyped_character_is_refused(year, serial, data):
    # REQ: SEC-5
    ref = make_reference(year, serial)
    digits = [i for i, c in enumerate(ref) if c.isdigit()] + [len(ref) - 1]
    pos = data.draw(st.sampled_from(digits))
    pool = "0123456789" if pos != len(ref) - 1 else ALPHABET
    wrong = data.draw(st.sampled_from([c for c in pool if c != ref[pos]]))
    with pytest.raises(ValidationError):
        parse_reference(ref[:pos] + wrong + ref[pos + 1 :])


def test_swapped_neighbouring_digits_are_refused():
    # REQ: SEC-5
    ref = make_reference(2026, 123_456)
    swapped = ref.replace("123456", "124356")
    with pytest.raises(ValidationError):
        parse_reference(swapped)


def test_garbage_is_not_a_reference():
    with pytest.raises(ValidationError, match="looks like"):
        parse_reference("C-2026-00017")


def test_transitions_and_witness_rules():
    # REQ: SEC-5
    with pytest.raises(ValidationError):
        check_transition(CopyEvent.CHECKED_OUT, CopyStatus.DESTROYED, "X")
    check_transition(CopyEvent.DESTROYED, CopyStatus.CHECKED_OUT, "X")
    with pytest.raises(ValidationError, match="someone other"):
        check_witness(3, 3)
    with pytest.raises(ValidationError):
        check_witness(3, None)
    check_witness(3, 4)
