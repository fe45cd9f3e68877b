"""The strategy discussion record prints as controlled copies (SD-4, SEC-5), for whoever may
view the discussion and nobody else."""

from __future__ import annotations

import pytest

from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.domain.roles import Role
from mash_desktop.printing.render import render_copies
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService, CopyRequest
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.printing import add_cabinets, pdf_texts
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import filled_record


def test_strategy_record_prints_for_viewers_only(ctx, admin, make_user):
    # REQ: SEC-5
    # REQ: SD-4
    chair = make_user("tom.harrowgate", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    housing = make_user("desk.housing", Role.DESK_OFFICER, "HOUSING")
    cab1, _cab2 = add_cabinets(ctx, admin)
    service = StrategyService(ctx)
    d = service.request(chair, make_contact(ctx, chair), "Bruising", emergency_no_mash=True)
    d = service.save_record(chair, d.id, filled_record(), d.version)
    doc = service.printable_record(chair, d.id)
    register = CopyRegisterService(ctx)
    with pytest.raises(PermissionDenied):  # housing may not view this discussion
        register.register_print(housing, doc, [CopyRequest("Housing officer", cab1.id)])
    job = register.register_print(
        chair, doc, [CopyRequest("DS Ray Quarry", cab1.id), CopyRequest("Health", cab1.id)]
    )
    texts = pdf_texts(render_copies(doc, job.stamps()))
    assert "Maisie Thornbury" in "\n".join(texts)
    for text in texts:
        assert "OFFICIAL-SENSITIVE" in text
        assert any(c.reference in text for c in job.copies)
    assert len(register.list_copies(chair, CopyFilter())) == 2
