"""A contact about children named in Arabic, Tigrinya and Chinese script, printed through the
real services as controlled copies for recipients named in their own scripts: the paper copy
carries every name as written, and the copy register shows the recipients on screen in the
shipped fonts (issue 18)."""

from __future__ import annotations

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.printing.render import render_pdf
from mash_desktop.services.contacts.documents import ContactDocumentService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
from tests.helpers.contacts import child, contact_input
from tests.helpers.printing import add_cabinets, pdf_texts, send_and_collect
from tests.helpers.shots import save_shot
from ui.copies.register_view import CopyRegisterView
from ui.kit.fonts import register_app_fonts, shows_fully
from ui.kit.qt import QtGui
from ui.kit.session import UiSession
from ui.main_window import MainWindow

RECIPIENTS = ("ሰላም ተስፋይ (interpreter)", "فرشته رضایی (social worker)", "김민준 (health visitor)")


@pytest.fixture
def app_fonts(qapp):
    before = QtGui.QFont(qapp.font())
    yield register_app_fonts(qapp)
    qapp.setFont(before)


def test_contact_copies_print_and_register_names_in_every_script(
    qtbot, app_fonts, ctx, admin, make_user, clock
):
    # REQ: SEC-5, RQ-1
    desk = make_user("desk.poole", Role.DESK_OFFICER, "LA-POOLE", "Nell Desk")
    cab1, cab2 = add_cabinets(ctx, admin)
    detail = ContactService(ctx).intake(
        desk,
        contact_input(
            clock.now(), child("محمد", "الأحمد"), child("ሰላም", "ተስፋይ"), child("明", "李")
        ),
    )
    document = ContactDocumentService(ctx).contact_summary(desk, detail.id)
    register = CopyRegisterService(ctx)
    job = register.register_print(
        desk,
        document,
        [
            CopyRequest(name, cab.id)
            for name, cab in zip(RECIPIENTS, (cab1, cab2, cab1), strict=True)
        ],
    )
    # The paper copy: the app's own document, through the renderer, read back as typed.
    pdf = render_pdf(document, job.stamps()[1])
    text = "\n".join(pdf_texts(pdf))
    for name in ("محمد الأحمد", "ሰላም ተስፋይ", "明 李", "For: فرشته رضایی"):
        assert name in text, name
    assert "social worker)" in text  # pypdf puts the bracket after an Arabic name by its own rule
    send_and_collect(ctx, desk, job, 1)

    window = MainWindow(UiSession(ctx, desk), idle_minutes=60)
    qtbot.addWidget(window)
    view = window.area_widget("copies")
    assert isinstance(view, CopyRegisterView)
    assert {r.recipient for r in view.model.rows()} == set(RECIPIENTS)
    for recipient in RECIPIENTS:
        assert shows_fully(recipient, view.font())
    window.resize(1366, 740)
    window.show()
    save_shot(window, "issue-18-register.png")
