"""Copy references: unique per year and serial, and a mistyped one is refused."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.copy_register import (
    CopyEvent,
    CopyStatus,
    check_transition,
    check_witness,
    make_reference,
    next_usable_serial,
    parse_reference,
    usable_serial,
)
from mash_desktop.domain.errors import ValidationError

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
serials = st.tuples(st.integers(2000, 9999), st.integers(1, 999_999)).filter(
    lambda ys: usable_serial(*ys)
)


@given(serials)
def test_reference_round_trips(year_serial):
    # REQ: SEC-5
    year, serial = year_serial
    ref = make_reference(year, serial)
    assert re.fullmatch(r"MASH-C-\d{4}-\d{6}-[0-9A-Z]", ref)
    assert parse_reference(ref) == (year, serial, ref)
    assert parse_reference(ref.lower().replace("-", " ")) == (year, serial, ref)


@given(serials, st.data())
def test_any_single_mistyped_character_is_refused(year_serial, data):
    # REQ: SEC-5
    year, serial = year_serial
    ref = make_reference(year, serial)
    digits = [i for i, c in enumerate(ref) if c.isdigit()] + [len(ref) - 1]
    pos = data.draw(st.sampled_from(digits))
    pool = "0123456789" if pos != len(ref) - 1 else ALPHABET
    wrong = data.draw(st.sampled_from([c for c in pool if c != ref[pos]]))
    with pytest.raises(ValidationError):
        parse_reference(ref[:pos] + wrong + ref[pos + 1 :])


@given(serials, st.integers(0, 8))
def test_swapped_neighbouring_digits_are_refused(year_serial, at):
    # REQ: SEC-5
    year, serial = year_serial
    digits = f"{year:04d}{serial:06d}"
    if digits[at] == digits[at + 1]:
        return
    swapped = digits[:at] + digits[at + 1] + digits[at] + digits[at + 2 :]
    ref = make_reference(year, serial)
    with pytest.raises(ValidationError):
        parse_reference(f"MASH-C-{swapped[:4]}-{swapped[4:]}-{ref[-1]}")


def test_serials_with_a_star_check_are_never_issued():
    star = next(s for s in range(1, 200) if not usable_serial(2026, s))
    with pytest.raises(ValueError, match="never issued"):
        make_reference(2026, star)
    issued = next_usable_serial(2026, star - 1)
    assert issued > star
    assert usable_serial(2026, issued)


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
