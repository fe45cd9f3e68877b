"""Subject access through the screen (ISP-7): open a request by typing and clicking, black out
words by selecting them with the keyboard, produce the response as a controlled copy; and the
person's objection or restriction (ISP-14) shown on the queue row, the contact, the matches
panel, the search results and the request. Screens grabbed at 1366x768."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from mash_desktop.domain.subject_access import Exemption, ItemDecision, ItemKind, RightKind
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService
from mash_desktop.services.rights.person import PersonRightsService
from mash_desktop.services.rights.subject_access import SubjectAccessService
from tests.helpers.printing import add_cabinets
from tests.helpers.shots import save_shot
from tests.helpers.subject_access import SECRET, make_world, pdf_haystack
from ui.contacts.contact_view import ContactDialog
from ui.contacts.queue_view import QueueView
from ui.copies.print_flow import PreviewDialog, PrintDialog
from ui.governance.area import GovernanceArea
from ui.governance.sar_review import SarReviewDialog
from ui.governance.subject_access_view import SubjectAccessView
from ui.kit.qt import Qt, QtCore, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow

QTest = pytest.importorskip("PySide6.QtTest").QTest


@pytest.fixture
def world(ctx, admin):
    return make_world(ctx, admin)


def _sar_tab(qtbot, ctx, actor) -> tuple[MainWindow, SubjectAccessView]:
    window = MainWindow(UiSession(ctx, actor), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.nav.setCurrentRow(next(n for n, a in enumerate(window.areas) if a.key == "governance"))
    area = window.findChild(GovernanceArea)
    view = area.findChild(SubjectAccessView)
    area.tabs.setCurrentWidget(view)
    return window, view


def _click_row(table: QtWidgets.QTableWidget, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_isp7_opening_a_request_by_keyboard_and_mouse(qtbot, ctx, world):
    # REQ: ISP-7
    window, view = _sar_tab(qtbot, ctx, world.police_ig)
    QTest.keyClicks(view.name, "Rowen Ashcombe")  # a slip in the first name still finds him
    QTest.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    assert view.results.rowCount() == 2
    assert view.results.item(0, 0).text() == "Rowan Ashcombe"
    _click_row(view.results, 0)
    QTest.keyClicks(view.requester, "Rowan's father")
    QTest.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert view.list.rowCount() == 1
    assert view.list.item(0, 2).text() == "Rowan's father"
    assert view.list.item(0, 4).text() == "On time: due 24/12/2026"
    save_shot(window, "governance-subject-access.png")
    window.close()


def test_isp7_black_out_by_selecting_text_and_produce_the_response(
    qtbot, ctx, admin, world, monkeypatch, tmp_path
):
    # REQ: ISP-7
    cabinet = add_cabinets(ctx, admin)[0]
    service = SubjectAccessService(ctx)
    request_id = service.open_request(
        world.police_ig, world.child_id, "Rowan's father", date(2026, 11, 24)
    )
    session = UiSession(ctx, world.police_ig)
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    dialog = SarReviewDialog(session, request_id, parent)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    items = dialog.detail.items
    research = next(n for n, i in enumerate(items) if i.kind is ItemKind.RESEARCH)
    dialog.items.setCurrentRow(research)
    text = items[research].text
    # Select the third party's name with the keyboard and black it out.
    dialog.text.setFocus()
    QTest.keyClick(dialog.text, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(text.index(SECRET)):
        QTest.keyClick(dialog.text, Qt.Key.Key_Right)
    for _ in range(len(SECRET)):
        QTest.keyClick(dialog.text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.text.textCursor().selectedText() == SECRET
    dialog.exemption.setCurrentIndex(dialog.exemption.findText(Exemption.THIRD_PARTY.label))
    QTest.mouseClick(dialog.redact_button, Qt.MouseButton.LeftButton)
    [span] = dialog.detail.items[research].redactions
    assert text[span.start : span.end] == SECRET and span.exemption is Exemption.THIRD_PARTY
    assert dialog.text.extraSelections()[0].cursor.selectedText() == SECRET
    # The disclosure log entry is withheld whole; everything else disclosed, by clicks.
    for n, item in enumerate(items):
        if n == research:
            continue
        dialog.items.setCurrentRow(n)
        button = (
            dialog.withhold_button if item.kind is ItemKind.DISCLOSURE else dialog.disclose_button
        )
        if item.kind is ItemKind.DISCLOSURE:
            dialog.exemption.setCurrentIndex(dialog.exemption.findText(Exemption.CRIME.label))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert all(i.decision is not ItemDecision.PENDING for i in dialog.detail.items)
    save_shot(dialog, "governance-sar-review.png")
    made: dict[str, bytes] = {}

    def fill(print_dialog: PrintDialog) -> int:
        print_dialog.set_copies(["Rowan's father (recorded delivery)"], [cabinet.id])
        return QtWidgets.QDialog.DialogCode.Accepted

    def preview(preview_dialog: PreviewDialog) -> int:
        qtbot.waitUntil(lambda: preview_dialog.print_button.isEnabled(), timeout=30_000)
        made["pdf"] = preview_dialog.flow.pdf or b""
        return QtWidgets.QDialog.DialogCode.Rejected  # no printer here: the copy goes void

    monkeypatch.setattr(PrintDialog, "exec", fill)
    monkeypatch.setattr(PreviewDialog, "exec", preview)
    QTest.mouseClick(dialog.response_button, Qt.MouseButton.LeftButton)
    [copy] = CopyRegisterService(ctx).list_copies(world.police_ig, CopyFilter())
    assert copy.title.startswith("Subject access response SAR-2026-")
    haystack = pdf_haystack(made["pdf"])
    assert "present at 4 Gull Lane" in haystack and "Stonecrop" not in haystack
    pdf = tmp_path / "response.pdf"
    pdf.write_bytes(made["pdf"])
    pages = Path(os.environ.get("MASH_SCREENSHOTS") or tmp_path)  # to look at when asked for
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", str(pdf), str(pages / "sar-response-page")], check=True
    )
    assert list(pages.glob("sar-response-page-*.png"))
    dialog.close()


def test_isp14_marks_shown_wherever_the_person_appears(qtbot, ctx, world, monkeypatch):
    # REQ: ISP-14
    PersonRightsService(ctx).record_right(
        world.police_ig,
        world.child_id,
        RightKind.RESTRICTION,
        date(2026, 11, 24),
        "Keep only, while the police record's accuracy is checked",
    )
    desk = UiSession(ctx, world.police_desk)
    queue = QueueView(desk)
    qtbot.addWidget(queue)
    queue.resize(1366, 768)
    queue.show()
    queue.reload()
    children = [queue.model.index(r, 1).data() for r in range(queue.model.rowCount())]
    assert "Rowan Ashcombe  [RESTRICTED]" in children
    save_shot(queue, "isp14-queue.png")
    contact = ContactDialog(desk, world.contact_school)
    qtbot.addWidget(contact)
    contact.resize(1366, 768)
    contact.show()
    assert contact.rights_note.isVisible()
    assert contact.rights_note.text().startswith("RESTRICTED: Rowan Ashcombe: Restriction")
    matches = [contact.matches.row_at(r) for r in range(contact.matches.rowCount())]
    assert [m.rights for m in matches if m.other_contact_id == world.contact_police] == [
        "RESTRICTED"
    ]
    column = next(
        c
        for c in range(contact.matches.columnCount())
        if contact.matches.headerData(c, Qt.Orientation.Horizontal) == "Objection / restriction"
    )
    assert contact.matches.index(0, column).data() == "RESTRICTED"
    save_shot(contact, "isp14-contact.png")
    contact.close()
    window, view = _sar_tab(qtbot, ctx, world.police_ig)
    QTest.keyClicks(view.name, "Rowan Ashcombe")
    QTest.keyClick(view.name, Qt.Key.Key_Return)
    assert {view.results.item(r, 4).text() for r in range(view.results.rowCount())} == {
        "RESTRICTED"
    }
    _click_row(view.results, 0)
    QTest.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert view.list.item(0, 6).text() == "RESTRICTED"
    dialog = SarReviewDialog(view.session, view.requests[0].id, view)
    qtbot.addWidget(dialog)
    assert "Restriction received 24/11/2026" in dialog.marks.text()
    assert not dialog.marks.isHidden()
    # Ended with a reason: the mark goes from the request and from the queue.
    monkeypatch.setattr(
        QtWidgets.QInputDialog, "getItem", lambda *a, **k: (dialog.marks.text(), True)
    )
    monkeypatch.setattr(
        "ui.governance.sar_review.ask_text", lambda *a, **k: "Accuracy confirmed with him"
    )
    QTest.mouseClick(dialog.lift_button, Qt.MouseButton.LeftButton)
    assert dialog.marks.isHidden()
    queue.reload()
    children = [queue.model.index(r, 1).data() for r in range(queue.model.rowCount())]
    assert "Rowan Ashcombe  [RESTRICTED]" not in children
    window.close()
    QtCore.QCoreApplication.processEvents()
