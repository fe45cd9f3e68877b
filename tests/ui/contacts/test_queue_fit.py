"""Issue 13 (RQ-2): the queue at a 1280 px wide window: the search box is usable, the columns
fit or the table names what is hidden, and the RAG legend shows the same colours and marks as
the cells."""

from __future__ import annotations

from datetime import timedelta

from mash_desktop.domain.contact_codes import Rag
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import child, contact_input
from tests.helpers.shots import save_shot
from ui.contacts.queue_fit import legend_entries
from ui.contacts.queue_model import COLUMNS, RAG_COLUMN
from ui.kit.qt import Qt, QtGui
from ui.kit.session import UiSession
from ui.main_window import MainWindow

SURNAMES = ("Worthington-Fairweather", "Ashcombe-Brightwell", "Cavendish-Pemberton")


def _queue(qtbot, ctx, clock, make_user, width: int, height: int):  # type: ignore[no-untyped-def]
    desk = make_user("desk.kai", Role.DESK_OFFICER, "POLICE", "Kai Desk")
    claimer = make_user("desk.long", Role.DESK_OFFICER, "POLICE", "Bartholomew Featherstonehaugh")
    service = ContactService(ctx)
    for n, rag in enumerate(Rag):
        made = service.intake(
            desk,
            contact_input(
                clock.now() - timedelta(hours=n + 1),
                child("Maximilienne-Josephine", SURNAMES[n]),
                rag=rag.value,
                csc_case_open=n == 0,
                allocated_team="Locality team West" if n == 0 else "",
            ),
        )
        service.claim(claimer, made.id)
    window = MainWindow(UiSession(ctx, desk), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    queue = window.area_widget("queue")
    qtbot.waitUntil(lambda: queue.model.rowCount() == 3)
    qtbot.wait(50)
    return window, queue


def _visible_columns(queue) -> list[str]:  # type: ignore[no-untyped-def]
    header, room = queue.table.horizontalHeader(), queue.table.viewport().width()
    return [
        c.title
        for n, c in enumerate(COLUMNS)
        if header.sectionViewportPosition(n) + header.sectionSize(n) <= room
    ]


def test_at_1280_px_the_search_works_and_every_column_fits_or_is_named(
    qtbot, ctx, clock, make_user
) -> None:
    # REQ: RQ-2 (issue 13: the queue at 1280 px: the search usable, each column shown or named)
    window, queue = _queue(qtbot, ctx, clock, make_user, 1280, 800)
    search = queue.search
    assert search.width() >= 180
    right = search.mapTo(window, search.rect().topRight()).x()
    assert 0 < right <= window.width()
    search.setFocus()
    qtbot.keyClicks(search, "Ashcombe")
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    assert search.text() == "Ashcombe"
    search.clear()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 3)
    visible = _visible_columns(queue)
    hidden = [c.title for c in COLUMNS if c.title not in visible]
    for needed in ("Time left", "Status", "Claimed by"):
        assert needed in visible or needed in queue.hidden_columns.text(), needed
    assert queue.column_fit.hidden == hidden
    assert queue.hidden_columns.isVisible() == bool(hidden)
    save_shot(window, "queue-1280.png")


def test_at_1366_px_every_column_shows_and_nothing_is_said_hidden(
    qtbot, ctx, clock, make_user
) -> None:
    # REQ: RQ-2 (issue 13: at 1366 px the time left, status and claimed-by columns all show)
    window, queue = _queue(qtbot, ctx, clock, make_user, 1366, 768)
    assert _visible_columns(queue) == [c.title for c in COLUMNS]
    assert not queue.hidden_columns.isVisible()
    save_shot(window, "queue-1366.png")


def test_a_narrow_window_names_the_hidden_columns(qtbot, ctx, clock, make_user) -> None:
    # REQ: RQ-2 (issue 13: a narrower window says which queue columns are hidden)
    _window, queue = _queue(qtbot, ctx, clock, make_user, 900, 700)
    hidden = [c.title for c in COLUMNS if c.title not in _visible_columns(queue)]
    assert hidden and queue.hidden_columns.isVisible()
    assert queue.hidden_columns.text() == (
        f"Scroll right for: {', '.join(hidden)} (or widen the window)."
    )


def test_the_rag_legend_shows_the_colours_and_marks_of_the_cells(
    qtbot, ctx, clock, make_user
) -> None:
    # REQ: RQ-2
    _window, queue = _queue(qtbot, ctx, clock, make_user, 1366, 768)
    model = queue.model
    cells = {}
    for row in range(model.rowCount()):
        index = model.index(row, RAG_COLUMN)
        icon = model.data(index, Qt.ItemDataRole.DecorationRole)
        image = icon.pixmap(16, 16).toImage()
        colour = QtGui.QColor(image.pixel(image.width() // 2, image.height() // 2)).name()
        cells[model.data(index, Qt.ItemDataRole.DisplayRole)] = colour
    legend = queue.legend.text()
    entries = legend_entries(queue.legend_hours)
    assert {mark: colour for colour, mark, _clock in entries} == cells
    positions = []
    for colour, mark, clock_text in entries:
        assert f"{mark} {clock_text}" in legend
        assert f"background-color:{colour}" in legend
        positions.append(legend.index(colour))
    assert positions == sorted(positions)  # red, amber, green as in the RAG filter
