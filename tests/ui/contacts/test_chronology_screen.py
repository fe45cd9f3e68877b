"""A child's whole story on screen and on paper (RQ-8, SEC-5, ISP-2), driven as the chair of
the strategy discussion would: the person search from the queue (Ctrl+Shift+F), the child's
name typed, Ctrl+H for the chronology at 1366x768, every kind of entry of the story on screen
(contacts, the MASH decision, research as this officer may see it, the discussion, its action
and the conference date), then Ctrl+P: the copy typed for a named recipient, registered,
previewed, sent to a private CUPS printer; the register and the status bar say so and the PDF
holds the same rows."""

from __future__ import annotations

from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService
from tests.helpers import cups_server as cups
from tests.helpers.chronology_story import STORY_ENTRIES, chronology_story
from tests.helpers.cups_server import QUEUE
from tests.helpers.printing import add_cabinets, pdf_texts
from tests.helpers.shift import main_window, when_modal
from tests.helpers.shots import save_pdf, save_shot
from ui.contacts.chronology_view import ChronologyDialog
from ui.contacts.person_search import PersonSearchDialog
from ui.copies.print_flow import PreviewDialog, PrintDialog
from ui.kit.qt import Qt, QtPrintSupport, QtWidgets

cups_server = cups.cups_server  # the private CUPS printer fixture (tests/ui/copies too)
LEFT = Qt.MouseButton.LeftButton
RECIPIENT = "Owen Marsh (case file)"


def _open_chronology(qtbot, window) -> ChronologyDialog:  # type: ignore[no-untyped-def]
    queue = window.area_widget("queue")
    queue.table.setFocus()
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(queue.table, Qt.Key.Key_F, shift_ctrl)
    search = queue.findChild(PersonSearchDialog)
    assert search is not None
    qtbot.waitExposed(search)
    search.activateWindow()
    qtbot.waitUntil(search.isActiveWindow)
    qtbot.keyClicks(search.name, "Poppy Quillfeather")
    qtbot.keyClick(search.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.hits.rowCount() >= 1)
    qtbot.keyClick(search.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(search.opened))
    [chronology] = search.opened
    assert isinstance(chronology, ChronologyDialog)
    chronology.resize(1366, 740)  # a 1366x768 screen less the task bar
    qtbot.waitExposed(chronology)
    chronology.activateWindow()
    qtbot.waitUntil(chronology.isActiveWindow)
    return chronology


def test_the_whole_story_on_screen_and_printed_as_a_controlled_copy(
    qtbot, ctx, admin, make_user, clock, cups_server
) -> None:
    # REQ: RQ-8, SEC-5, ISP-2
    story = chronology_story(ctx, admin, make_user, clock)
    cabinet, _other = add_cabinets(ctx, admin)
    window = main_window(qtbot, ctx, story["chair"])
    chronology = _open_chronology(qtbot, window)
    model = chronology.entries
    rows = [model.row_at(r) for r in range(model.rowCount())]
    whats = " | ".join(e.what for e in rows)
    for expected in STORY_ENTRIES:
        assert expected in whats, expected
    assert "Domestic incident" not in " ".join(e.detail for e in rows)  # Police did not share
    assert [e.when for e in rows] == sorted((e.when for e in rows), reverse=True)
    # Every row lies inside the table's viewport: the story is read without scrolling.
    last = chronology.table.visualRect(model.index(model.rowCount() - 1, 0))
    assert chronology.table.viewport().rect().contains(last)
    save_shot(chronology, "chronology_1366x768.png")

    seen: dict[str, object] = {}

    def fill(dialog: PrintDialog) -> None:
        dialog.recipients[0].setFocus()
        qtbot.keyClicks(dialog.recipients[0], RECIPIENT)
        box = dialog.cabinet_boxes[0]
        box.setCurrentIndex(box.findData(cabinet.id))
        when_modal(PreviewDialog, preview)
        qtbot.mouseClick(dialog.next_button, LEFT)

    def preview(dialog: PreviewDialog) -> None:
        qtbot.waitUntil(dialog.print_button.isEnabled, timeout=30_000)
        seen["pdf"] = dialog.flow.pdf
        save_shot(dialog, "chronology_print_preview.png")
        when_modal(QtPrintSupport.QPrintDialog, choose)
        qtbot.mouseClick(dialog.print_button, LEFT)

    def choose(dialog: QtPrintSupport.QPrintDialog) -> None:
        combo = dialog.findChild(QtWidgets.QComboBox, "printers")
        seen["printers"] = [combo.itemText(n) for n in range(combo.count())]
        dialog.accept()

    when_modal(PrintDialog, fill)
    qtbot.keyClick(chronology.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    assert QUEUE in seen["printers"]
    [copy] = CopyRegisterService(ctx).list_copies(story["chair"], CopyFilter())
    assert copy.status == CopyStatus.SENT and copy.recipient == RECIPIENT
    assert "Chronology of Poppy Quillfeather" in copy.title
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"1 controlled copy sent to {QUEUE}: scan each into Check in printed copies")
    )
    pdf = seen["pdf"]
    assert isinstance(pdf, bytes)
    save_pdf(pdf, "chronology_printed.pdf")
    texts = pdf_texts(pdf)
    joined = " ".join("\n".join(texts).split())  # table cells wrap
    for expected in STORY_ENTRIES:
        assert " ".join(expected.split()) in joined, expected
    assert "Domestic incident" not in joined
    assert copy.reference in joined and "OFFICIAL-SENSITIVE" in joined
