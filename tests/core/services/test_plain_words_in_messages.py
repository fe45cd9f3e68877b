"""Issue 13, plain words, not codes: the messages a person reads carry the status's label and
the lawful basis in the condition's words, never a stored value ("decided") or a shorthand
("DPA Sch.2 4a", "ISP-5.2.1"). Real services over a real store, on both engines."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from mash_desktop.domain.basis_words import basis_words, describe_basis
from mash_desktop.domain.contact_codes import ContactStatus, Outcome
from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import SharingRequest, sharing_problems
from mash_desktop.domain.triage import can_start_strategy_discussion
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.research.service import ResearchService
from mash_desktop.store.models import Disclosure
from tests.helpers.code_patterns import code_leaks
from tests.helpers.contacts import contact_input
from tests.helpers.research import make_hub, share_one_item_each

S2_4A = "Schedule 2: necessary for the exercise of functions conferred by or under an enactment"


def test_issue13_rq5_a_decided_contact_is_refused_in_its_status_label(ctx, clock, make_user):
    # REQ: RQ-6 (claiming a contact), refused in plain words once RQ-5's decision is made
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    manager = make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    contacts = ContactService(ctx)
    made = contacts.claim(manager, contacts.intake(desk, contact_input(clock.now())).id)
    contacts.decide(manager, made.id, made.version, Outcome.EARLY_HELP, "Family agree")
    with pytest.raises(ValidationError) as claim:
        contacts.claim(desk, made.id)
    label = ContactStatus.DECIDED.label
    assert str(claim.value) == f"The contact's status is {label}: it cannot be claimed."
    assert "is decided" not in str(claim.value)


@pytest.mark.parametrize("status", [ContactStatus.ROUTED, ContactStatus.CLOSED])
def test_issue13_sd0_no_strategy_discussion_names_the_status_label(status):
    # REQ: SD-0
    answer = can_start_strategy_discussion(
        SimpleNamespace(csc_case_open=False, status=status.value)
    )
    assert not answer.allowed
    assert f"status is {status.label}:" in answer.reason
    assert f"is {status.value}." not in answer.reason


def test_isp2_basis_in_the_conditions_words_not_a_citation_code():
    # REQ: ISP-2 the lawful basis, as the disclosure log and the package write it
    line = describe_basis(["S2-4a", "S2-1"], ["S3-5a"], ["CA1989-s47"])
    assert line == (
        f"{S2_4A}; Schedule 2: the data subject has given consent to the processing; "
        "Schedule 3: necessary for medical purposes and undertaken by a health professional; "
        "Children Act 1989 s47 (enquiries: significant harm)"
    )
    assert code_leaks(line) == []
    # A line stored before issue 13 reads back in words; the scan flags the old shorthand.
    old = "DPA Sch.2 4a; DPA Sch.3 4b; Children Act 1989 s47 (enquiries: significant harm)"
    assert code_leaks(old) != []
    assert basis_words(old).startswith(f"{S2_4A}; Schedule 3: necessary for the exercise")
    assert code_leaks(basis_words(old)) == []


def test_isp2_validation_messages_carry_no_protocol_codes():
    # REQ: ISP-2 every refusal of an incomplete share is in words
    problems = sharing_problems(SharingRequest(duty_of_confidence=True), sensitive=True)
    assert {"schedule2", "schedule3", "gateways", "consent", "answers"} <= set(problems)
    for message in problems.values():
        assert code_leaks(message) == [], message


def test_isp2_disclosure_log_reads_every_basis_in_words(ctx, admin):
    # REQ: ISP-2 the disclosure log names the lawful basis; rows written before issue 13 too
    hub = make_hub(ctx, admin)
    contact, _items = share_one_item_each(ctx, hub, {"POLICE": "Two call-outs"})
    research = ResearchService(ctx)
    [row] = research.disclosures(hub.manager, contact)
    assert row.basis.startswith(S2_4A)
    assert code_leaks(row.basis) == [] and code_leaks(row.to_party) == []
    with ctx.store.transaction() as s:  # as the log was written before issue 13
        stored = s.scalar(select(Disclosure))
        stored.basis = "DPA Sch.2 4a; DPA Sch.3 4b; Children Act 1989 s47"
        stored.to_party = "Not disclosed: the originating partner's decision (ISP-6.1.6)"
    [old] = research.disclosures(hub.manager, contact)
    assert old.basis.startswith(S2_4A) and "Sch." not in old.basis
    assert old.to_party.endswith("(protocol paragraph 6.1.6)")
    assert code_leaks(old.basis) == [] and code_leaks(old.to_party) == []
