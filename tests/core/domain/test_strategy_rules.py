"""Pure rules of strategy discussions: minimum attendees (SD-3) and the 48-hour copy (SD-4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.strategy import (
    AttendeeFacts,
    MinimumRole,
    copy_due_at,
    copy_overdue,
    copy_sent_late,
    missing_minimum,
    required_roles,
    unexplained_missing,
)

ALL = [AttendeeFacts(role, True) for role in MinimumRole]


# REQ: SD-3
def test_all_four_minimum_attendees_present_leaves_nothing_missing() -> None:
    assert missing_minimum(ALL) == []


# REQ: SD-3
def test_absent_or_unticked_attendee_does_not_count() -> None:
    facts = [
        AttendeeFacts(MinimumRole.LA_SOCIAL_WORKER, True),
        AttendeeFacts(MinimumRole.LA_MANAGER, True),
        AttendeeFacts(MinimumRole.HEALTH, False),  # invited but did not join
        AttendeeFacts(None, True),  # the school: welcome, but not a minimum attendee
    ]
    assert missing_minimum(facts) == [MinimumRole.HEALTH, MinimumRole.POLICE]


# REQ: SD-3
def test_a_reason_excuses_only_its_own_missing_role() -> None:
    facts = ALL[:2]
    reasons = {MinimumRole.HEALTH: "Paediatrician in theatre; health notes read out by chair."}
    assert unexplained_missing(facts, reasons) == [MinimumRole.POLICE]
    reasons[MinimumRole.POLICE] = "   "  # blank is not a reason
    assert unexplained_missing(facts, reasons) == [MinimumRole.POLICE]


# REQ: SD-3 SD-13
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*MinimumRole, None]),
            st.booleans(),
            st.sampled_from([True, False, None]),
        )
    ),
    st.booleans(),
)
def test_missing_is_exactly_the_roles_nobody_present_covers(
    triples: list, looked_after: bool
) -> None:
    facts = [AttendeeFacts(role, present, senior) for role, present, senior in triples]
    covered = {
        role for role, here, senior in triples if here and role is not None and senior is not False
    }
    assert set(missing_minimum(facts, looked_after)) == set(required_roles(looked_after)) - covered


# REQ: SD-4
def test_copy_overdue_only_after_48_hours_and_only_while_unsent() -> None:
    held = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert copy_due_at(held) == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert not copy_overdue(held, None, held + timedelta(hours=48))
    assert copy_overdue(held, None, held + timedelta(hours=48, seconds=1))
    sent = held + timedelta(hours=50)
    assert not copy_overdue(held, sent, held + timedelta(days=10))
    assert copy_sent_late(held, sent)
    assert not copy_sent_late(held, held + timedelta(hours=47))


# REQ: SD-3
def test_only_the_right_kind_of_agency_fills_a_minimum_place() -> None:
    from mash_desktop.domain.roles import AgencyKind
    from mash_desktop.domain.strategy import minimum_role_fits

    assert minimum_role_fits(MinimumRole.POLICE, AgencyKind.POLICE.value)
    assert not minimum_role_fits(MinimumRole.HEALTH, AgencyKind.POLICE.value)
    assert minimum_role_fits(MinimumRole.LA_MANAGER, AgencyKind.LA_CSC.value)
    assert not minimum_role_fits(MinimumRole.LA_SOCIAL_WORKER, AgencyKind.EDUCATION.value)
