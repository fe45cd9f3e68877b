"""Children's names in every script show on screen in the shipped fonts: the queue and the
contact view, with the application font the app sets at start-up (issue 18)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.printing.sample_names import NAMES_BY_SCRIPT
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import child, contact_input
from tests.helpers.shots import save_shot
from ui.contacts.contact_view import ContactDialog
from ui.contacts.queue_view import QueueView
from ui.kit.fonts import register_app_fonts, shows_fully
from ui.kit.qt import Qt, QtGui, QtWidgets
from ui.kit.session import UiSession

# Family name first where the script's own order puts it first.
FAMILY_FIRST = {"李明": ("明", "李"), "佐藤さくら": ("さくら", "佐藤"), "김민준": ("민준", "김")}
DOB = date(2016, 4, 9)


def first_and_last(name: str) -> tuple[str, str]:
    if name in FAMILY_FIRST:
        return FAMILY_FIRST[name]
    first, _, last = name.partition(" ")
    return first, last


@pytest.fixture
def app_fonts(qapp):
    """The fonts the app registers at start-up; the test session's font is put back after."""
    before = QtGui.QFont(qapp.font())
    families = register_app_fonts(qapp)
    yield families
    qapp.setFont(before)


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


def test_shipped_fonts_are_the_application_font_in_script_order(app_fonts, qapp):
    # REQ: RQ-1 (a child's name shown as written)
    assert app_fonts[:3] == ["Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew"]
    assert {"Noto Sans Ethiopic", "Droid Sans Fallback", "NanumGothic"} <= set(app_fonts)
    assert qapp.font().families() == app_fonts
    for script, name in NAMES_BY_SCRIPT:
        assert shows_fully(name, qapp.font()), script
    assert not shows_fully("\U0010fffd", qapp.font())  # the check can fail: no font has it


def test_queue_and_contact_view_show_every_script(qtbot, app_fonts, ctx, clock, desk, tmp_path):
    # REQ: RQ-1, RQ-2, RQ-3
    contacts = ContactService(ctx)
    now = clock.now()
    for n, (_, name) in enumerate(NAMES_BY_SCRIPT):
        first, last = first_and_last(name)
        contacts.intake(desk, contact_input(now - timedelta(minutes=n), child(first, last)))
    earlier = contacts.intake(
        desk, contact_input(now - timedelta(days=30), child("Mohamed", "Al-Ahmad", DOB))
    )
    family = contacts.intake(
        desk,
        contact_input(
            now,
            child("محمد", "الأحمد", DOB),
            child("ሰላም", "ተስፋይ"),
            child("明", "李"),
            child("נועה", "כהן"),
            child("Nguyễn Thị", "Minh Khai"),
        ),
    )
    session = UiSession(ctx, desk)
    queue = QueueView(session)
    qtbot.addWidget(queue)
    queue.resize(1366, 740)
    queue.show()
    queue.reload()
    shown = [queue.model.row_at(r).child_name for r in range(queue.model.rowCount())]
    for _, name in NAMES_BY_SCRIPT:
        first, last = first_and_last(name)
        assert f"{first} {last}".strip() in shown, name
    for text in shown:
        assert shows_fully(text, queue.font()), text
    assert not queue.grab().isNull()
    save_shot(queue, "issue-18-queue.png")

    view = ContactDialog(session, family.id)
    qtbot.addWidget(view)
    view.resize(1366, 740)
    view.show()
    text = view.details.toPlainText()
    for name in ("محمد الأحمد", "ሰላም ተስፋይ", "明 李", "נועה כהן", "Nguyễn Thị Minh Khai"):
        assert name in text
        assert shows_fully(name, view.details.font())
    # The line about the Arabic-named child stays an English sentence, read left to right.
    block = view.details.document().find("محمد الأحمد").block()
    assert block.text().startswith("محمد الأحمد, born 09/04/2016")
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.LeftToRight
    # Earlier contacts about the same children, found across scripts and spellings (RQ-3).
    rows = {
        view.matches.row_at(r).other_contact_id: view.matches.row_at(r).reasons
        for r in range(view.matches.rowCount())
    }
    assert "spellings of the same name (محمد / Mohamed)" in rows[earlier.id]
    view.grab().save(str(tmp_path / "contact.png"))
    assert (tmp_path / "contact.png").stat().st_size > 10_000
    save_shot(view, "issue-18-contact.png")
    QtWidgets.QApplication.processEvents()
