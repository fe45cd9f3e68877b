"""Shared set-up for the strategy service tests: users of each kind and a filled-in record."""

from __future__ import annotations

from datetime import UTC, datetime

from mash_desktop.domain.strategy import Flow4Outcome, MinimumRole, Mode
from mash_desktop.domain.strategy_protocol import Protection
from mash_desktop.services.strategy.service import AttendeeInput, RecordInput

HELD = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # half an hour before the test clock

FULL_ATTENDEES = (
    AttendeeInput(
        "Priya Okafor", "Social worker", "LA-DORSET", MinimumRole.LA_SOCIAL_WORKER, True, True
    ),
    AttendeeInput(
        "Tom Harrowgate", "Team manager (chair)", "LA-DORSET", MinimumRole.LA_MANAGER, True, True
    ),
    AttendeeInput("Dr Nell Ashdown", "Named nurse", "HEALTH", MinimumRole.HEALTH, True, True),
    AttendeeInput("DS Ray Quarry", "Detective sergeant", "POLICE", MinimumRole.POLICE, True, True),
    AttendeeInput("Jo Winfrith", "Head teacher", "EDUCATION", None, True, True),
)


def filled_record(
    attendees: tuple[AttendeeInput, ...] = FULL_ATTENDEES,
    missing_reasons: dict[MinimumRole, str] | None = None,
    mode: Mode = Mode.MEETING,
    held_at: datetime = HELD,
    s47: bool = True,
) -> RecordInput:
    return RecordInput(
        held_at=held_at,
        mode=mode,
        place="MASH meeting room 2" if mode is Mode.MEETING else "",
        attendees=attendees,
        missing_reasons=missing_reasons or {},
        information_shared="Nursery saw bruising to both upper arms; no prior police history.",
        criminal_investigation="Police to interview the mother's partner after the ABE.",
        s47_started=s47,
        further_information="GP records for the last 12 months.",
        immediate_actions="Child to stay with maternal grandmother tonight.",
        legal_action_needed=False,
        legal_action="None: the grandmother's care is agreed, no order is needed.",
        s47_lead_agency_code="LA-DORSET" if s47 else "",
        criminal_lead_agency_code="POLICE",
        protection=Protection.NONE,
        shared_with_family="Mother told of the s47 enquiry; partner not told yet.",
        outcome=Flow4Outcome.S47_ENQUIRIES if s47 else Flow4Outcome.S17_ASSESSMENT,
        allocated_social_worker="Priya Okafor",
        allocated_team="Dorset Safeguarding Team North",
    )
