"""The final package does not stall (ISP-4, ISP-5, ISP-10), driven with real keys and clicks:
the manager asks the partners from the composer, each partner answers in its Research due
area, the composer lists every item still waiting, an empty package is refused before the
confirmation, and consent cannot be ticked as the basis without consent."""

from __future__ import annotations

import pytest
from PySide6 import QtTest

from mash_desktop.domain.sharing import Relevance
from mash_desktop.resources import resource_path
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.research import make_contact, make_hub, share_one_item_each
from tests.helpers.shots import save_shot
from ui.kit.qt import Qt, QtCore, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow
from ui.research.dialogs import ShareDialog
from ui.research.package_composer import PackageComposer

SCREEN = (1366, 768)


@pytest.fixture
def hub(ctx, admin):
    return make_hub(ctx, admin)


@pytest.fixture
def shared(ctx, hub):
    """Health and police each share one item; neither has permission to leave the MASH."""
    return share_one_item_each(
        ctx,
        hub,
        {
            "HEALTH": "Missed three immunisation appointments",
            "POLICE": "Two domestic incidents at the address",
        },
    )


def _show(qtbot, widget, size=SCREEN):
    widget.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)


def _click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _click_row(qtbot, table, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _cells(model, column):
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def _type_note_and_ok(qtbot, dialog, text):
    qtbot.waitExposed(dialog)
    dialog.note.setFocus()
    QtTest.QTest.keyClicks(dialog.note, text)
    _click(qtbot, dialog.ok_button)


def _no_box_appears(qtbot):
    """Fails (and closes it) if a modal message box opens: the refusal must come first."""
    seen = []

    def close_any_box():
        box = QtWidgets.QApplication.activeModalWidget()
        if isinstance(box, QtWidgets.QMessageBox):
            seen.append(box.text())
            box.reject()

    QtCore.QTimer.singleShot(300, close_any_box)
    qtbot.wait(400)
    return seen


def _composer(qtbot, ctx, hub, contact):
    composer = PackageComposer(UiSession(ctx, hub.manager), contact)
    qtbot.addWidget(composer)
    _show(qtbot, composer)
    composer.recipient.setFocus()
    QtTest.QTest.keyClicks(composer.recipient, "Locality team West")
    _click(qtbot, composer.new_button)
    assert composer.package is not None
    return composer


def test_manager_asks_partners_from_the_composer_and_they_answer_in_research_due(
    qtbot, ctx, hub, shared
):
    """ISP-5: both waiting items listed, one request each with a note; Health grants and
    Police refuses in their Research due areas; the composer then lists the refused one."""
    # REQ: ISP-5
    # REQ: ISP-4
    contact, items = shared
    composer = _composer(qtbot, ctx, hub, contact)
    _click_row(qtbot, composer.shared_table, 0)
    _click_row(qtbot, composer.shared_table, 1, Qt.KeyboardModifier.ControlModifier)
    _click(qtbot, composer.add_button)
    assert composer.items_model.rowCount() == 2
    assert _cells(composer.waiting_model, 3) == ["not asked yet", "not asked yet"]
    assert "2 item(s)" in composer.waiting_label.text()
    save_shot(composer, "package_waiting_not_asked.png")

    _click(qtbot, composer.ask_button)  # nothing selected: every item not yet asked
    dialog = composer.ask_dialog
    assert "Health (CCG and NHS trusts)" in dialog.findChild(QtWidgets.QLabel).text()
    save_shot(dialog, "package_ask_permission.png")
    _click(qtbot, dialog.ok_button)  # no note: refused beside the field, dialog stays
    assert dialog.isVisible()
    assert "Required." in dialog.errors.visible_messages()["note"]
    _type_note_and_ok(qtbot, dialog, "Team West visits on Friday")
    assert not dialog.isVisible()
    assert all(s.startswith("asked ") for s in _cells(composer.waiting_model, 3))
    assert "2 request(s) sent" in composer.status.text()

    for actor, grant, note in (
        (hub.health, True, "Dr Amis agreed"),
        (hub.police, False, "Live operation"),
    ):
        window = MainWindow(UiSession(ctx, actor), idle_minutes=30)
        qtbot.addWidget(window)
        _show(qtbot, window)
        panel = window.area_widget("research").permissions
        assert panel.model.rowCount() == 1
        assert panel.model.row_at(0).note == "Team West visits on Friday"
        assert panel.summary.text() == "1 waiting for your answer"
        assert not panel.grant_button.isEnabled()
        _click_row(qtbot, panel.table, 0)
        if grant:
            save_shot(window, "research_due_permission_requests.png")
        _click(qtbot, panel.grant_button if grant else panel.refuse_button)
        _type_note_and_ok(qtbot, panel.open_dialog, note)
        assert panel.model.row_at(0).status == ("granted" if grant else "refused")
        assert panel.summary.text() == "None waiting for your answer."
        assert "Permission " + ("granted" if grant else "refused") in (
            window.statusBar().currentMessage()
        )
        window.close()

    composer.reload()
    assert _cells(composer.waiting_model, 0) == ["Dorset Police"]
    assert _cells(composer.waiting_model, 3)[0].endswith("by Tobias Harrow: Live operation")
    _click(qtbot, composer.issue_button)
    assert _no_box_appears(qtbot) == []
    assert f"Item {items['POLICE']}" in composer.error.text()
    assert "Live operation" in composer.error.text()
    save_shot(composer, "package_waiting_refused.png")


def test_composer_names_every_waiting_item_when_issue_is_refused(qtbot, ctx, hub, shared):
    # REQ: ISP-5
    contact, items = shared
    composer = _composer(qtbot, ctx, hub, contact)
    composer.shared_table.setFocus()
    QtTest.QTest.keyClick(composer.shared_table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _click(qtbot, composer.add_button)
    _click(qtbot, composer.issue_button)
    assert _no_box_appears(qtbot) == []
    message = composer.error.text()
    assert "2 items cannot go outside the MASH" in message
    for item_id in items.values():
        assert f"Item {item_id} (" in message
    assert composer.package.status == "draft"


def test_issuing_an_empty_package_is_refused_before_the_confirmation(qtbot, ctx, hub, shared):
    # REQ: ISP-4
    contact, _items = shared
    composer = _composer(qtbot, ctx, hub, contact)
    _click(qtbot, composer.issue_button)
    assert _no_box_appears(qtbot) == []
    assert "The package has no items" in composer.error.text()
    assert not composer.error.isHidden()
    assert composer.package.status == "draft"


def test_share_form_refuses_consent_as_the_basis_when_consent_was_not_sought(qtbot, ctx, hub):
    """ISP-10: shown beside the condition as soon as both are chosen, and Share refuses."""
    # REQ: ISP-10
    research = ResearchService(ctx)
    contact = make_contact(ctx)
    research.request_research(hub.manager, contact, ["HEALTH"])
    panel = next(p for p in research.contact_research(hub.health, contact).panels if p.own)
    research.save_panel(hub.health, panel.request_id, "GP record")
    item = research.add_finding(
        hub.health, panel.request_id, FindingInput("Seen by GP for a burn", Relevance.HIGH)
    )
    research.submit(hub.health, panel.request_id)
    calls = []
    dialog = ShareDialog(
        UiSession(ctx, hub.health),
        item,
        lambda req: calls.append(req) or research.share(hub.health, item.id, req),
    )
    qtbot.addWidget(dialog)
    _show(qtbot, dialog, (820, 720))
    dialog.consent.setFocus()
    for _ in range(3):  # (choose) -> given -> refused -> not sought
        QtTest.QTest.keyClick(dialog.consent, Qt.Key.Key_Down)
    assert dialog.consent.currentData() == "not_sought"
    dialog.schedule2.setFocus()
    dialog.schedule2.setCurrentRow(0)
    QtTest.QTest.keyClick(dialog.schedule2, Qt.Key.Key_Space)
    assert dialog.schedule2.codes() == ("S2-1",)
    label = dialog.errors.labels["schedule2"]
    assert label.isVisible()
    assert "cannot be the lawful basis: the consent recorded says consent was not sought" in (
        label.text()
    )
    assert "S2-1" not in label.text()
    qtbot.wait(50)  # let the form lay out the message before the picture
    save_shot(dialog, "share_consent_basis_refused.png")
    # Changing the consent to given clears it; back to refused shows it again.
    QtTest.QTest.keyClick(dialog.consent, Qt.Key.Key_Up)
    QtTest.QTest.keyClick(dialog.consent, Qt.Key.Key_Up)
    assert dialog.consent.currentData() == "given"
    assert not label.isVisible()
    QtTest.QTest.keyClick(dialog.consent, Qt.Key.Key_Down)
    assert "consent was refused" in label.text()
    box = dialog.findChild(QtWidgets.QDialogButtonBox)
    _click(qtbot, box.button(QtWidgets.QDialogButtonBox.StandardButton.Ok))
    assert dialog.isVisible()
    assert "cannot be the lawful basis" in dialog.errors.labels["schedule2"].text()
    assert len(calls) == 1
    assert research.contact_research(hub.health, contact).panels  # nothing shared
    assert not any(
        f.shared
        for p in research.contact_research(hub.health, contact).panels
        for f in p.findings
        if f.id == item.id
    )
