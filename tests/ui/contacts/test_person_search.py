"""Find the person, see the whole story (RQ-8, RQ-3, ISP-2), through real widgets and real
key and mouse events: the person search from the queue (Ctrl+Shift+F) and from a contact,
an open CSC case in plain words without scrolling at 1366x768, an earlier contact opened
read-only (nothing editable, audited as a view) and the child's chronology."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mash_desktop.domain.roles import Role
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import child, log_contact
from tests.helpers.shots import save_shot
from ui.contacts.chronology_view import ChronologyDialog
from ui.contacts.contact_view import ContactDialog
from ui.contacts.person_search import PersonSearchDialog
from ui.contacts.queue_view import QueueView
from ui.contacts.read_only_view import ReadOnlyContactDialog
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession

DOB = date(2016, 4, 9)


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


@pytest.fixture
def story(ctx, clock, admin):
    now = clock.now()
    old = log_contact(ctx, child("Jayden", "Smith", DOB), received_at=now - timedelta(days=300))
    open_case = log_contact(
        ctx,
        replace(child("Jaiden", "Smyth", DOB), address="7 Kestrel Way, Wareham"),
        received_at=now - timedelta(days=30),
        csc_case_open=True,
        allocated_team="Purbeck Children's Team",
    )
    log_contact(ctx, child("Amelia", "Ashdown"))
    new = log_contact(ctx, child("Jayden", "Smith", DOB))
    return {"old": old, "open": open_case, "new": new}


def _top(kind: type) -> list[QtWidgets.QWidget]:
    return [
        w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
    ]


def _search_from_queue(qtbot, session) -> PersonSearchDialog:  # type: ignore[no-untyped-def]
    view = QueueView(session)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    qtbot.keyClick(
        view.table,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(_top(PersonSearchDialog)))
    [dialog] = _top(PersonSearchDialog)
    return dialog


def test_search_from_the_queue_by_keyboard_shows_the_open_case_without_scrolling(
    qtbot, ctx, desk, story
):
    # REQ: RQ-8 RQ-3
    dialog = _search_from_queue(qtbot, UiSession(ctx, desk))
    dialog.resize(1366, 740)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.name.hasFocus()
    qtbot.keyClicks(dialog.name, "Jaydn Smiht")  # two slips
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.dob, "09/04/2016")
    qtbot.keyClick(dialog.dob, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.hits.rowCount() == 3)
    refs = [dialog.hits.row_at(r).reference for r in range(3)]
    assert refs[0] == story["open"].reference  # the open case first
    assert set(refs) == {story["old"].reference, story["open"].reference, story["new"].reference}
    first = dialog.hits.index(0, 0)
    assert dialog.hits.data(first) == "OPEN CSC CASE: Purbeck Children's Team"
    assert dialog.open_case.isVisible() and dialog.open_case.text().startswith("OPEN CSC CASE")
    # Visible without scrolling: the cell lies inside the table's viewport, the label inside
    # the dialog, the dialog inside a 1366x768 screen.
    cell = dialog.table.visualRect(first)
    assert dialog.table.viewport().rect().contains(cell)
    assert dialog.rect().contains(dialog.open_case.geometry())
    assert dialog.width() <= 1366 and dialog.height() <= 768
    outcome_col = [dialog.hits.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    assert {"Contact", "Received", "Outcome", "Status"} <= set(outcome_col)
    save_shot(dialog, "person_search_1366x768.png")
    with ctx.store.transaction() as s:
        [details] = s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "person.search")
        ).all()
    assert json.loads(details)["searched_for"] == ["name", "date of birth"]
    assert "Jaydn" not in details


def test_an_earlier_contact_opens_read_only_from_the_results_and_is_audited(
    qtbot, ctx, desk, story
):
    # REQ: RQ-8 SEC-3
    dialog = PersonSearchDialog(UiSession(ctx, desk), None, name="Jayden Smith")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    row = next(
        r
        for r in range(dialog.hits.rowCount())
        if dialog.hits.row_at(r).contact_id == story["old"].id
    )
    rect = dialog.table.visualRect(dialog.hits.index(row, 1))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.opened))
    [read_only] = dialog.opened
    assert isinstance(read_only, ReadOnlyContactDialog)
    qtbot.waitExposed(read_only)
    assert read_only.detail.id == story["old"].id
    _assert_nothing_editable(read_only)
    assert "Read only" in read_only.findChild(QtWidgets.QLabel, "readOnlyBanner").text()
    save_shot(read_only, "read_only_contact.png")
    with ctx.store.transaction() as s:
        viewed = s.scalars(
            select(AuditEntry.object_id).where(
                AuditEntry.action == "contact.view", AuditEntry.actor == "desk.one"
            )
        ).all()
    assert str(story["old"].id) in viewed


def _assert_nothing_editable(dialog: QtWidgets.QWidget) -> None:
    for edit in dialog.findChildren(QtWidgets.QLineEdit) + dialog.findChildren(
        QtWidgets.QPlainTextEdit
    ):
        assert edit.isReadOnly(), edit
    for text in dialog.findChildren(QtWidgets.QTextEdit):
        assert text.isReadOnly(), text
    for kind in (QtWidgets.QComboBox, QtWidgets.QCheckBox, QtWidgets.QSpinBox, QtWidgets.QDateEdit):
        assert dialog.findChildren(kind) == []
    assert [b.text() for b in dialog.findChildren(QtWidgets.QPushButton)] == ["Close"]


def test_from_a_contact_the_matches_open_read_only_and_the_chronology(qtbot, ctx, desk, story):
    # REQ: RQ-3 RQ-8 ISP-2
    session = UiSession(ctx, desk)
    contact = ContactDialog(session, story["new"].id)
    qtbot.addWidget(contact)
    contact.show()
    contact.activateWindow()
    qtbot.waitUntil(contact.isActiveWindow)
    panel = contact.match_panel
    qtbot.waitUntil(lambda: panel.matches.rowCount() >= 1)
    row = next(
        r
        for r in range(panel.matches.rowCount())
        if panel.matches.row_at(r).other_contact_id == story["old"].id
    )
    rect = panel.match_table.visualRect(panel.matches.index(row, 1))
    qtbot.mouseClick(panel.match_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(panel.read_only_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(panel.opened))
    [read_only] = panel.opened
    assert isinstance(read_only, ReadOnlyContactDialog) and read_only.detail.id == story["old"].id
    _assert_nothing_editable(read_only)
    read_only.close()
    qtbot.waitUntil(lambda: not panel.opened)
    # The person search from the contact starts with the child's name and date of birth.
    contact.activateWindow()
    qtbot.waitUntil(contact.isActiveWindow)
    qtbot.keyClick(
        panel.match_table,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(panel.opened))
    [search] = panel.opened
    assert isinstance(search, PersonSearchDialog)
    assert (search.name.text(), search.dob.text()) == ("Jayden Smith", "09/04/2016")
    assert search.hits.rowCount() == 3
    search.close()
    qtbot.waitUntil(lambda: not panel.opened)
    contact.activateWindow()
    qtbot.waitUntil(contact.isActiveWindow)
    qtbot.keyClick(panel.match_table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(panel.opened))
    [chronology] = panel.opened
    assert isinstance(chronology, ChronologyDialog)


def test_chronology_screen_lists_the_story_newest_first_and_fits(qtbot, ctx, desk, story):
    # REQ: RQ-8
    from mash_desktop.domain.contact_codes import LinkDecision
    from mash_desktop.services.contacts.matching import MatchingService

    # The officer confirms the earlier records are the same child: they join the chronology.
    new_child = story["new"].children[0].id
    for other in ("old", "open"):
        MatchingService(ctx).decide(desk, new_child, story[other].children[0].id, LinkDecision.SAME)
    dialog = PersonSearchDialog(UiSession(ctx, desk), None, name="Jayden Smith", dob="09/04/2016")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    row = next(
        r
        for r in range(dialog.hits.rowCount())
        if dialog.hits.row_at(r).contact_id == story["new"].id
    )
    rect = dialog.table.visualRect(dialog.hits.index(row, 1))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(dialog.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.opened))
    [chronology] = dialog.opened
    assert isinstance(chronology, ChronologyDialog)
    chronology.resize(1366, 740)
    qtbot.waitExposed(chronology)
    model = chronology.entries
    refs = [model.row_at(r).contact_reference for r in range(model.rowCount())]
    assert refs == [story["new"].reference, story["open"].reference, story["old"].reference]
    assert chronology.open_case.isVisible() and "OPEN CSC CASE" in chronology.open_case.text()
    assert chronology.print_button.isVisible()
    assert chronology.rect().contains(chronology.print_button.geometry().center())
    save_shot(chronology, "chronology_open_case_1366x768.png")


def test_a_restricted_person_is_marked_in_the_search_results(qtbot, ctx, desk, story, make_user):
    # REQ: ISP-14 shown wherever the person appears
    from mash_desktop.domain.subject_access import RightKind
    from mash_desktop.services.contacts.service import ContactService
    from mash_desktop.services.rights.person import PersonRightsService

    manager = make_user("ig.police", Role.MASH_MANAGER, "POLICE", "Ines Gower")
    old = ContactService(ctx).get(manager, story["old"].id)
    PersonRightsService(ctx).record_right(
        manager, old.children[0].id, RightKind.RESTRICTION, date(2026, 11, 2), "Keep only"
    )
    dialog = PersonSearchDialog(UiSession(ctx, desk), None, name="Jayden Smith")
    qtbot.addWidget(dialog)
    dialog.resize(1366, 740)
    dialog.show()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.hits.rowCount() >= 2)
    headers = [
        dialog.hits.headerData(c, Qt.Orientation.Horizontal)
        for c in range(dialog.hits.columnCount())
    ]
    column = headers.index("Objection / restriction")
    shown = {
        dialog.hits.row_at(r).reference: dialog.hits.index(r, column).data()
        for r in range(dialog.hits.rowCount())
    }
    assert shown[story["old"].reference] == "RESTRICTED"
    assert shown[story["new"].reference] == "-"
    save_shot(dialog, "person_search_restricted_1366x768.png")


NHS_NUMBER = "943 476 5919"  # the NHS's own test number: modulus-11 check digit 9
OTHER_NHS_NUMBER = "4010232137"


def _searched_for(ctx) -> list[list[str]]:  # type: ignore[no-untyped-def]
    with ctx.store.transaction() as s:
        rows = s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "person.search")
        ).all()
    return [json.loads(details)["searched_for"] for details in rows]


def _type_into(qtbot, dialog: PersonSearchDialog, field: QtWidgets.QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_search_by_nhs_number_typed_with_spaces(qtbot, ctx, desk, clock):
    # REQ: RQ-8 (a person found by NHS number)
    now = clock.now()
    with_number = log_contact(
        ctx,
        child("Jayden", "Smith", DOB, nhs=NHS_NUMBER.replace(" ", "")),
        received_at=now - timedelta(days=40),
    )
    log_contact(ctx, child("Jayden", "Smith", DOB, nhs=OTHER_NHS_NUMBER))  # same name, not him
    dialog = _search_from_queue(qtbot, UiSession(ctx, desk))
    # A slip in the check digit is caught before searching, not shown as "nobody found".
    _type_into(qtbot, dialog, dialog.nhs, "943 476 5918")
    assert "cannot be right" in dialog.note.text() and dialog.nhs.hasFocus()
    assert _searched_for(ctx) == []
    _type_into(qtbot, dialog, dialog.nhs, NHS_NUMBER)
    qtbot.waitUntil(lambda: dialog.hits.rowCount() >= 1)
    assert [dialog.hits.row_at(r).reference for r in range(dialog.hits.rowCount())] == [
        with_number.reference
    ]
    assert "same NHS number" in dialog.hits.row_at(0).reasons
    assert _searched_for(ctx) == [["NHS number"]]
    with ctx.store.transaction() as s:
        details = s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "person.search")
        ).one()
    assert "9434765919" not in details and "943 476" not in details  # what, not the number


def test_search_by_postcode_and_by_address_words(qtbot, ctx, desk, clock):
    # REQ: RQ-8 (a person found by address)
    now = clock.now()
    kestrel = log_contact(
        ctx,
        replace(child("Mia", "Brook"), address="7 Kestrel Way, Wareham", postcode="BH20 4QQ"),
        received_at=now - timedelta(days=10),
    )
    log_contact(ctx, child("Amelia", "Ashdown"))  # 12 Heron Close, Poole, BH15 1ZZ
    dialog = _search_from_queue(qtbot, UiSession(ctx, desk))
    _type_into(qtbot, dialog, dialog.address, "bh20 4qq")  # as typed, lower case
    qtbot.waitUntil(lambda: dialog.hits.rowCount() >= 1)
    assert [dialog.hits.row_at(r).reference for r in range(dialog.hits.rowCount())] == [
        kestrel.reference
    ]
    assert "address matches" in dialog.hits.row_at(0).reasons
    _type_into(qtbot, dialog, dialog.address, "Kestrel Wareham")
    qtbot.waitUntil(lambda: dialog.note.text().startswith("1 found"))
    assert dialog.hits.row_at(0).reference == kestrel.reference
    _type_into(qtbot, dialog, dialog.address, "Kestrel Poole")  # every word must match
    qtbot.waitUntil(lambda: dialog.note.text() == "Nobody found.")
    assert _searched_for(ctx) == [["address or postcode"]] * 3
