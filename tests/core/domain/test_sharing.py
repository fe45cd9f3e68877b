"""Pure sharing rules (ISP-2, ISP-3) and the protocol's lists."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.basis_words import describe_basis
from mash_desktop.domain.sharing import (
    GATEWAYS,
    PUBLIC_INTEREST_QUESTIONS,
    SCHEDULE_2,
    SCHEDULE_3,
    ConsentStatus,
    PartnerDecision,
    SharingRequest,
    research_due_at,
    sharing_problems,
)

ANSWERS = {q.code: "answered" for q in PUBLIC_INTEREST_QUESTIONS}


def _complete(**kw):
    base = {
        "schedule2": ("S2-4a",),
        "gateways": ("CA1989-s17",),
        "consent": ConsentStatus.GIVEN,
        "answers": ANSWERS,
    }
    base.update(kw)
    return SharingRequest(**base)


def test_protocol_lists_are_complete():
    # REQ: ISP-2
    assert len(PUBLIC_INTEREST_QUESTIONS) == 6
    assert len(SCHEDULE_2) == 6  # 5.2.1 (1)-(5) with 4(a) and 4(b)
    assert {b.code for b in SCHEDULE_3} >= {"S3-1", "S3-2a", "S3-2b", "S3-3a", "S3-4b", "S3-5a"}
    codes = {g.code for g in GATEWAYS}
    assert {
        "CA1989-s17",
        "CA1989-s47",
        "CA2004-s10",
        "CA2004-s11",
        "CDA1998-s115",
        "EA2002-s175",
        "NHSA2006-s82",
        "HSCA2012-14Z23",
        "BCIA2009-s55",
    } <= codes
    assert all(b.reference for b in (*SCHEDULE_2, *SCHEDULE_3, *GATEWAYS))


def test_complete_request_has_no_problems_and_unknown_codes_are_refused():
    # REQ: ISP-2
    assert sharing_problems(_complete(), sensitive=False) == {}
    assert "schedule3" in sharing_problems(_complete(), sensitive=True)
    assert "basis" in sharing_problems(_complete(gateways=("MADE-UP",)), sensitive=False)


@given(st.sets(st.sampled_from([q.code for q in PUBLIC_INTEREST_QUESTIONS]), min_size=1))
def test_any_unanswered_question_blocks_sharing(missing):
    # REQ: ISP-2
    answers = {k: ("" if k in missing else "yes") for k in ANSWERS}
    problems = sharing_problems(_complete(answers=answers), sensitive=False)
    labels = {q.code: q.label for q in PUBLIC_INTEREST_QUESTIONS}
    assert all(labels[code] in problems["answers"] for code in missing)
    assert "PI-" not in problems["answers"]  # the question's words, never its code


def test_duty_of_confidence_without_consent_needs_views_and_decision():
    # REQ: ISP-3
    req = _complete(consent=ConsentStatus.REFUSED, consent_note="refused", duty_of_confidence=True)
    assert {"holder_representative", "holder_views", "partner_decision"} <= set(
        sharing_problems(req, sensitive=False)
    )
    ok = _complete(
        consent=ConsentStatus.REFUSED,
        consent_note="refused",
        duty_of_confidence=True,
        holder_representative="Practice manager",
        holder_views="Content",
        partner_decision=PartnerDecision.DISCLOSE,
        partner_decided_by="Named GP",
    )
    assert sharing_problems(ok, sensitive=False) == {}
    # With consent, no override of confidence is involved.
    assert sharing_problems(_complete(duty_of_confidence=True), sensitive=False) == {}


def test_basis_description_and_due_time():
    # REQ: ISP-1
    text = describe_basis(["S2-4a"], ["S3-4b"], ["CA1989-s47"])
    assert text.startswith(
        "Schedule 2: necessary for the exercise of functions conferred by or under an enactment; "
        "Schedule 3: necessary for the exercise of functions conferred by or under an enactment; "
        "Children Act 1989 s47"
    )
    received = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert research_due_at(received, "red", {"red": 4}) == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
