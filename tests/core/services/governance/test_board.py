"""GOV-1: Management Board figures for a chosen period, and the Board report PDF with its
charts drawn by ReportLab (vector) beside their tables."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.printing.document import CopyStamp
from mash_desktop.printing.render import render_pdf
from mash_desktop.services.governance.board import BoardService, board_document
from mash_desktop.services.governance.concerns import ConcernKind, ConcernService
from mash_desktop.services.governance.partners import PartnerService
from mash_desktop.services.incidents import SecurityIncidentService
from mash_desktop.store.models import (
    Agency,
    Contact,
    StrategyCopy,
    StrategyDiscussion,
    StrategyOutcomeFeedback,
)
from tests.helpers.research import add_user

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # the clock fixture
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _contact(s, n, agency, la, received, due, outcome=None, outcome_at=None, creator=1):
    contact = Contact(
        reference=f"MASH-2026-{n:06d}",
        la_agency_id=la,
        referrer_agency_id=agency,
        channel="phone",
        received_at=received,
        concern="synthetic",
        decision_due_at=due,
        status="decided" if outcome else "open",
        outcome=outcome,
        outcome_at=outcome_at,
        created_by_id=creator,
        created_at=received,
        updated_at=received,
    )
    s.add(contact)
    s.flush()
    return contact


@pytest.fixture
def hub(ctx, admin):
    people = {
        "mgr": add_user(ctx, admin, "mgr.one", Role.MASH_MANAGER, "LA-DORSET", "Mia Manager"),
        "desk": add_user(ctx, admin, "desk.one", Role.DESK_OFFICER, "POLICE", "Dee Desk"),
    }
    with ctx.store.transaction() as s:
        code = {a.code: a.id for a in s.scalars(select(Agency))}
        t = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday
        h = timedelta(hours=1)
        _contact(s, 1, code["POLICE"], code["LA-DORSET"], t, t + 4 * h, "nfa", t + 2 * h)
        _contact(s, 2, code["POLICE"], code["LA-POOLE"], t, t + 4 * h, "early_help", t + 9 * h)
        _contact(s, 3, code["HEALTH"], code["LA-DORSET"], t, t + 24 * h)  # open, overdue now
        _contact(s, 4, code["EDUCATION"], None, NOW - h, NOW + 23 * h)  # open, not yet due
        _contact(
            s,
            5,
            code["POLICE"],
            code["LA-DORSET"],
            datetime(2025, 6, 1, tzinfo=UTC),
            datetime(2025, 6, 2, tzinfo=UTC),
            "nfa",
            datetime(2025, 6, 1, 2, tzinfo=UTC),
        )
        strategy = _contact(
            s, 6, code["HEALTH"], code["LA-DORSET"], t, t + 4 * h, "strategy", t + 3 * h
        )
        held = t + 5 * h
        discussion = StrategyDiscussion(
            reference="SD-2026-0001",
            contact_id=strategy.id,
            la_agency_id=code["LA-DORSET"],
            requested_by_id=1,
            requested_at=t + 3 * h,
            reason="synthetic",
            held_at=held,
            s47_started=True,
            status="completed",
            updated_at=held,
        )
        s.add(discussion)
        s.flush()
        for agency, sent in (
            ("POLICE", held + 20 * h),
            ("HEALTH", held + 60 * h),
            ("EDUCATION", None),
        ):
            s.add(
                StrategyCopy(
                    discussion_id=discussion.id,
                    agency_id=code[agency],
                    due_at=held + 48 * h,
                    sent_at=sent,
                )
            )
        # ICPC due 15 working days after 2 March 2026: 23 March. Held on 20 March: on time.
        s.add(
            StrategyOutcomeFeedback(
                discussion_id=discussion.id,
                assessment_outcome="s47",
                conference_on=date(2026, 3, 20),
                recorded_by_id=1,
                recorded_at=t + 240 * h,
            )
        )
    incidents = SecurityIncidentService(ctx)
    incidents.report(people["mgr"], IncidentKind.MISPLACEMENT, "A file left on a desk")
    incidents.report(people["mgr"], IncidentKind.MISPLACEMENT, "A laptop left unlocked")
    incidents.report(people["mgr"], IncidentKind.THEFT, "Attempted theft of a laptop")
    ConcernService(ctx).record(
        people["mgr"],
        ConcernKind.COMPLAINT,
        date(2026, 5, 1),
        "A parent complained about the delay",
    )
    PartnerService(ctx).record_version(admin, "2.0", date(2025, 12, 1))  # review 01/12/2026
    return people


def _chart(figures, title):
    for section in figures.sections:
        for chart in section.charts:
            if chart.title == title:
                return dict(chart.rows)
    raise AssertionError(title)


def test_board_figures_for_a_year(ctx, admin, hub):
    # REQ: GOV-1, GOV-2, GOV-3, SEC-4
    figures = BoardService(ctx).figures(hub["mgr"], *YEAR)
    assert _chart(figures, "Contacts by outcome") == {
        "No further action": 1,
        "Early help": 1,
        "Not yet decided": 2,
        "Strategy discussion (possible s47)": 1,
    }
    assert _chart(figures, "Contacts by referring agency") == {
        "Dorset Police": 2,
        "Health (CCG and NHS trusts)": 2,
        "Education": 1,
    }
    assert _chart(figures, "Contacts by local authority")["No local authority recorded"] == 1
    assert _chart(figures, "MASH decision against its RAG timescale") == {
        "On time": 2,
        "Late": 1,
        "Overdue now": 1,
        "Not yet due": 1,
    }
    assert _chart(figures, "Strategy discussion record copies within 48 hours") == {
        "On time": 1,
        "Late": 1,
        "Overdue now": 1,
        "Not yet due": 0,
    }
    assert (
        _chart(figures, "Initial child protection conference within 15 working days")["On time"]
        == 1
    )
    assert _chart(figures, "Security incidents by kind") == {
        "Misplacement of equipment, data, reports or media": 2,
        "Theft, or attempted theft, of assets": 1,
    }
    assert _chart(figures, "Non-compliance and complaints") == {"Complaints (open)": 1}
    partners = next(s for s in figures.sections if s.title == "Partners and the agreement")
    assert "due on 01/12/2026, in 7 days" in dict(partners.facts)["Annual review"]
    # A period is a period: last year's contact only in last year's figures.
    last_year = BoardService(ctx).figures(hub["mgr"], date(2025, 1, 1), date(2025, 12, 31))
    assert _chart(last_year, "Contacts by outcome") == {"No further action": 1}
    with pytest.raises(PermissionDenied):
        BoardService(ctx).figures(hub["desk"], *YEAR)
    with pytest.raises(ValidationError):
        BoardService(ctx).figures(hub["mgr"], date(2026, 2, 1), date(2026, 1, 1))


def test_board_report_pdf_charts_are_vector_beside_their_tables(ctx, admin, hub):
    # REQ: GOV-1, SEC-5
    figures = BoardService(ctx).figures(hub["mgr"], *YEAR)
    document = board_document(figures)
    stamp = CopyStamp("MASH-C-2026-000009-K", 1, 1, "Mia Manager (mgr.one)", NOW, "The Board")
    pdf = render_pdf(document, stamp)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in (
        "Contacts by outcome",
        "MASH decision against its RAG timescale",
        "Security incidents by kind",
        "Paper copies and destruction",
    ):
        assert title in text  # drawn as text in the chart, so it can be found and read
    assert "Overdue now" in text and "OFFICIAL-SENSITIVE" in text
    assert "01/01/2026 to 31/12/2026" in text
    for page in reader.pages:  # drawn, not pasted: no raster image on any page
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        kinds = {xobjects[name].get_object().get("/Subtype") for name in xobjects}
        assert "/Image" not in kinds
