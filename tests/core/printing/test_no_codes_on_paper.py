"""Plain words on paper (issue 13): the printed contact summary, strategy discussion record and
intelligence package carry no internal code: agencies by name (never LA-DORSET or POLICE, not
even in the "Information from" line on every page), no object type and id, no rule IDs, no
"ISP-7.1.4" paragraph codes and no "DPA Sch.2 4a" lawful-basis shorthand (the package's
"Lawful basis" column names each condition in words). The disclosure log is on screen only:
tests/ui/test_plain_words_on_screen.py reads it with shared items."""

from __future__ import annotations

from sqlalchemy import select

from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.printing.render import render_copies
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
from mash_desktop.services.research.packages import PackageService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.strategy.service import StrategyService
from mash_desktop.store.models import Agency
from tests.helpers.code_patterns import code_leaks
from tests.helpers.printing import add_cabinets, pdf_texts
from tests.helpers.research import complete_sharing, make_hub
from tests.helpers.research import make_contact as research_contact
from tests.helpers.shots import save_pdf
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import filled_record


def _agency_codes(ctx) -> list[str]:
    with ctx.store.transaction() as s:
        return list(s.scalars(select(Agency.code)))


def _paper_text(ctx, actor, doc, cabinet) -> str:
    job = CopyRegisterService(ctx).register_print(actor, doc, [CopyRequest("Team", cabinet)])
    pdf = render_copies(doc, job.stamps())
    save_pdf(pdf, f"paper_{doc.kind}.pdf")
    return "\n".join(pdf_texts(pdf))


def test_printed_documents_name_agencies_and_carry_no_codes(ctx, admin, make_user):
    # REQ: SEC-5
    # REQ: SD-4
    chair = make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    cab1, _cab2 = add_cabinets(ctx, admin)
    strategy = StrategyService(ctx)
    d = strategy.request(chair, make_contact(ctx, chair), "Bruising", emergency_no_mash=True)
    d = strategy.save_record(chair, d.id, filled_record(), d.version)
    record_text = _paper_text(ctx, chair, strategy.printable_record(chair, d.id), cab1.id)
    assert "Dorset Council" in record_text or "Dorset" in record_text

    hub = make_hub(ctx, admin)
    research = ResearchService(ctx)
    contact = research_contact(ctx)
    research.request_research(hub.manager, contact, ["POLICE"])
    panel = next(p for p in research.contact_research(hub.police, contact).panels if p.own)
    research.save_panel(hub.police, panel.request_id, "Niche RMS")
    item = research.add_finding(
        hub.police, panel.request_id, FindingInput("Two incidents at the address", Relevance.HIGH)
    )
    research.submit(hub.police, panel.request_id)
    research.share(hub.police, item.id, complete_sharing())
    research.set_outside_permission(hub.police, item.id, True, "DS Vale agreed")
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West")
    packages.add_item(hub.manager, package, item.id)
    package_text = _paper_text(
        ctx, hub.manager, packages.printable_package(hub.manager, package), cab1.id
    )
    assert "Information from: Dorset Police" in package_text
    # ISP-2: the lawful basis in the condition's words, not "DPA Sch.2 4a" (issue 13)
    assert "Schedule 2: necessary for the exercise of functions" in " ".join(package_text.split())

    summary = ContactDocumentService(ctx).contact_summary(hub.manager, contact)
    summary_text = _paper_text(ctx, hub.manager, summary, cab1.id)

    codes = _agency_codes(ctx)
    for name, text in (
        ("strategy record", record_text),
        ("intelligence package", package_text),
        ("contact summary", summary_text),
    ):
        assert code_leaks(text, codes) == [], name
