"""The final intelligence package prints as controlled copies (SEC-5) only for senior staff
and only while every item may leave the MASH (ISP-4, ISP-5): checked again at registration."""

from __future__ import annotations

import pytest

from mash_desktop.domain.dissemination import DisseminationRefused
from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.domain.sharing import Relevance
from mash_desktop.printing.render import render_copies
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService, CopyRequest
from mash_desktop.services.research.packages import PackageService
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.printing import add_cabinets, pdf_texts, qr_codes
from tests.helpers.research import complete_sharing, make_contact, make_hub, subject_ids


def test_intelligence_package_prints_for_senior_staff_while_items_may_leave(ctx, admin):
    # REQ: SEC-5
    # REQ: ISP-5
    hub = make_hub(ctx, admin)
    cab1, _cab2 = add_cabinets(ctx, admin)
    research = ResearchService(ctx)
    contact = make_contact(ctx)
    child = subject_ids(ctx, contact)[0]
    research.request_research(hub.manager, contact, ["POLICE"])
    panel = next(
        p
        for p in research.contact_research(hub.police, contact).panels
        if p.agency_code == "POLICE"
    )
    research.save_panel(hub.police, panel.request_id, "Local systems")
    item = research.add_finding(
        hub.police,
        panel.request_id,
        FindingInput("Two domestic incidents at the address", Relevance.HIGH, subject_id=child),
    )
    research.submit(hub.police, panel.request_id)
    research.share(hub.police, item.id, complete_sharing())
    research.set_outside_permission(hub.police, item.id, True, "DS Vale agreed")
    packages = PackageService(ctx)
    package = packages.create(hub.manager, contact, "Locality team West")
    packages.add_item(hub.manager, package, item.id)
    doc = packages.printable_package(hub.manager, package)
    register = CopyRegisterService(ctx)
    with pytest.raises(PermissionDenied):
        register.register_print(hub.police, doc, [CopyRequest("Locality team", cab1.id)])
    job = register.register_print(hub.manager, doc, [CopyRequest("Locality team", cab1.id)])
    pdf = render_copies(doc, job.stamps())
    text = pdf_texts(pdf)[0]
    assert "Two domestic incidents" in text
    assert "Copy 1 of 1" in text
    assert qr_codes(pdf) == [job.copies[0].reference]
    # Police withdraw their permission before a second print: registration refuses.
    research.set_outside_permission(hub.police, item.id, False, "Withdrawn: live operation")
    with pytest.raises(DisseminationRefused):
        register.register_print(hub.manager, doc, [CopyRequest("Locality team", cab1.id)])
    assert len(register.list_copies(hub.manager, CopyFilter())) == 1
