"""The print flow (SEC-5): register first, preview with pypdfium2, print through QPrinter to
the printer (tests/ui/test_print_to_cups.py), and void copies when the print is cancelled."""

import pytest

from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService
from tests.helpers.printing import add_cabinets, add_contact
from tests.helpers.shots import save_shot
from ui.copies.print_flow import (
    DocumentChoice,
    PreviewDialog,
    PrintDialog,
    PrintFlow,
)
from ui.kit.session import UiSession


@pytest.fixture
def desk_session(ctx, admin, make_user):
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    cabinets = add_cabinets(ctx, admin)
    contact_id = add_contact(ctx, desk)
    return UiSession(ctx, desk), cabinets, contact_id


def _dialog_flow(qtbot, session, cabinets, contact_id, recipients):
    contacts = ContactDocumentService(session.ctx)
    choice = DocumentChoice("Contact summary", lambda a: contacts.contact_summary(a, contact_id))
    dialog = PrintDialog([choice], cabinets)
    qtbot.addWidget(dialog)
    dialog.set_copies(recipients, [cabinets[n % 2].id for n in range(len(recipients))])
    flow = PrintFlow(session, dialog.chosen().load(session.actor))
    flow.register(dialog.requests())
    return dialog, flow


def test_cancelled_preview_leaves_void_rows(qtbot, desk_session):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    _dialog, flow = _dialog_flow(qtbot, session, cabinets, contact_id, ["A", "B", "C"])
    preview = PreviewDialog(flow)
    qtbot.addWidget(preview)
    preview.start()
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=20_000)
    assert len(preview.page_labels) >= 3
    preview.resize(720, 900)
    preview.show()
    save_shot(preview, "print_preview.png")
    flow.cancel("cancelled at the preview")
    rows = CopyRegisterService(session.ctx).list_copies(session.actor, CopyFilter())
    assert [r.status for r in rows] == [CopyStatus.VOID] * 3


def test_print_dialog_shows_problems_beside_the_copy_and_keeps_typing(qtbot, desk_session):
    # REQ: SEC-5
    session, cabinets, contact_id = desk_session
    dialog, _flow = _dialog_flow(qtbot, session, cabinets, contact_id, ["DS Kim Fenwick"])
    dialog.count.setValue(3)
    assert dialog.recipients[0].text() == "DS Kim Fenwick"  # nothing typed is lost
    dialog.recipients[1].setText("Dr Ife Harrow")
    dialog.count.setValue(2)
    dialog.count.setValue(3)
    assert dialog.recipients[1].text() == "Dr Ife Harrow"
    flow = PrintFlow(session, dialog.chosen().load(session.actor))
    with pytest.raises(ValidationError) as caught:
        flow.register(dialog.requests())
    dialog.show_error(str(caught.value), caught.value.fields)
    assert dialog.row_errors[2].text() == "Copy 3: name who it is for."
    assert dialog.row_errors[0].text() == ""
    dialog.show()
    save_shot(dialog, "print_dialog.png")
