"""Research panels, sharing dialog, package composer and the Research due area (Qt)."""

from __future__ import annotations

import pytest

from mash_desktop.domain.sharing import Relevance, ResearchState
from mash_desktop.resources import resource_path
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.contacts import reference_of
from tests.helpers.research import (
    ALL_ANSWERS,
    complete_sharing,
    make_contact,
    make_hub,
    subject_ids,
)
from tests.helpers.shots import save_shot
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow
from ui.research.dialogs import ShareDialog
from ui.research.package_composer import PackageComposer
from ui.research.research_widget import ContactResearchWidget

SECRET = "Known to CAMHS: low mood, 2025"
SHARED = "Missed three immunisation appointments"


@pytest.fixture
def hub(ctx, admin):
    return make_hub(ctx, admin)


@pytest.fixture
def scene(ctx, hub):
    """Health: submitted, one item shared, one not. Police: draft. Education: requested."""
    svc = ResearchService(ctx)
    contact = make_contact(ctx, rag="red")
    poppy, _jasper, mother = subject_ids(ctx, contact)
    svc.request_research(hub.manager, contact, ["HEALTH", "POLICE", "EDUCATION"])
    panels = {
        p.agency_code: p.request_id for p in svc.contact_research(hub.manager, contact).panels
    }
    svc.save_panel(hub.health, panels["HEALTH"], "GP record (SystmOne); health visiting; CAMHS")
    shared = svc.add_finding(
        hub.health,
        panels["HEALTH"],
        FindingInput(SHARED, Relevance.MEDIUM, subject_id=poppy, system="Child health record"),
    )
    secret = svc.add_finding(
        hub.health,
        panels["HEALTH"],
        FindingInput(
            SECRET,
            Relevance.HIGH,
            subject_id=mother,
            system="CAMHS",
            sensitive=True,
            sensitivity_note="mental health",
        ),
    )
    svc.submit(hub.health, panels["HEALTH"])
    svc.share(hub.health, shared.id, complete_sharing(schedule3=()))
    svc.save_panel(hub.police, panels["POLICE"], "PNC; Niche RMS")
    svc.add_finding(
        hub.police,
        panels["POLICE"],
        FindingInput(
            "Two domestic incidents at the address, latest 02/11/2026",
            Relevance.HIGH,
            system="Niche RMS",
            sensitive=True,
            sensitivity_note="intelligence graded 3x5x2",
        ),
    )
    return contact, panels, shared.id, secret.id


def _all_text(widget: QtWidgets.QWidget) -> str:
    parts = []
    for label in widget.findChildren(QtWidgets.QLabel):
        parts.append(label.text())
    for edit in widget.findChildren(QtWidgets.QPlainTextEdit):
        parts.append(edit.toPlainText())
    for edit in widget.findChildren(QtWidgets.QLineEdit):
        parts.append(edit.text())
    for table in widget.findChildren(QtWidgets.QTableView):
        model = table.model()
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                parts.append(str(model.data(index)))
                parts.append(str(model.data(index, QtCore.Qt.ItemDataRole.ToolTipRole)))
    return "\n".join(parts)


def _shot(qtbot, widget, name, size=(1280, 900)):
    widget.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)  # let wrapped rows settle before the picture
    save_shot(widget, name)


def _widget(qtbot, ctx, actor, contact):
    widget = ContactResearchWidget(UiSession(ctx, actor), contact)
    qtbot.addWidget(widget)
    return widget


def test_police_cannot_read_healths_unshared_research_in_the_qt_view(qtbot, ctx, hub, scene):
    # REQ: ISP-2
    contact, _panels, _shared, _secret = scene
    police = _widget(qtbot, ctx, hub.police, contact)
    text = _all_text(police)
    assert SECRET not in text
    assert "CAMHS" not in text  # not even Health's list of systems checked
    assert SHARED in text
    health_panel = police.panels["HEALTH"]
    assert health_panel.systems is None
    assert not hasattr(health_panel, "buttons")  # no actions on another agency's panel
    health = _widget(qtbot, ctx, hub.health, contact)
    assert SECRET in _all_text(health)
    _shot(qtbot, health, "contact_research_health.png")


def test_three_panels_in_three_states_and_screenshot(qtbot, ctx, hub, scene, qtmodeltester):
    # REQ: ISP-1
    contact, _panels, _shared, _secret = scene
    widget = _widget(qtbot, ctx, hub.police, contact)
    widget.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    states = {code: p.panel.state for code, p in widget.panels.items()}
    assert states == {
        "HEALTH": ResearchState.SHARED,
        "POLICE": ResearchState.DRAFT,
        "EDUCATION": ResearchState.REQUESTED,
    }
    # State in words, never by colour alone.
    assert "Draft - not submitted" in widget.panels["POLICE"].state_label.text()
    assert widget.panels["POLICE"].buttons["submit"].isEnabled()
    assert widget.log_model.rowCount() == 1
    qtmodeltester.check(widget.panels["POLICE"].model)
    qtmodeltester.check(widget.log_model)
    widget.resize(1280, 960)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)  # let the scroll area settle its layout before the picture
    save_shot(widget, "contact_research_police.png")


def test_draft_text_survives_a_refresh_and_submit_saves_it(qtbot, ctx, hub, scene):
    # REQ: ISP-1
    contact, _panels, _shared, _secret = scene
    widget = _widget(qtbot, ctx, hub.police, contact)
    widget.panels["POLICE"].systems.setPlainText("PNC; Niche RMS; PND")
    widget.refresh()
    assert widget.panels["POLICE"].systems.toPlainText() == "PNC; Niche RMS; PND"
    widget.panels["POLICE"].buttons["submit"].click()
    assert widget.panels["POLICE"].panel.state is ResearchState.SUBMITTED
    assert widget.panels["POLICE"].panel.systems_checked == "PNC; Niche RMS; PND"
    assert widget.panels["POLICE"].buttons["share"].isEnabled()


def test_share_dialog_keeps_typing_and_shows_the_missing_answer(qtbot, ctx, hub, scene):
    # REQ: ISP-2
    contact, _panels, _shared, secret = scene
    svc = ResearchService(ctx)
    finding = next(
        f
        for p in svc.contact_research(hub.health, contact).panels
        for f in p.findings
        if f.id == secret
    )
    session = UiSession(ctx, hub.health)
    dialog = ShareDialog(session, finding, lambda req: svc.share(hub.health, secret, req))
    qtbot.addWidget(dialog)
    dialog.schedule2.tick(["S2-4a"])
    dialog.schedule3.tick(["S3-4b"])
    dialog.gateways.tick(["CA1989-s47"])
    dialog.consent.setCurrentIndex(dialog.consent.findData("given"))
    for code, answer in ALL_ANSWERS.items():
        if code != "PI-3":
            dialog.answers[code].setText(answer)
    dialog.accept()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    _shot(qtbot, dialog, "share_dialog_error.png", (900, 1000))
    answers_error = dialog.errors.labels["answers"]
    assert not answers_error.isHidden()
    assert "3. What is the impact of disclosure" in answers_error.text()
    assert "PI-" not in answers_error.text()  # plain words, not codes
    assert dialog.answers["PI-1"].text() == ALL_ANSWERS["PI-1"]  # nothing typed is lost
    dialog.answers["PI-3"].setText(ALL_ANSWERS["PI-3"])
    dialog.accept()
    # REQ: ISP-10 consent is the basis: who gave it and their capacity are asked in words
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert not dialog.errors.labels["consent_given_by"].isHidden()
    assert not dialog.errors.labels["capacity"].isHidden()
    dialog.lawful.given_by.setText("Mother (Morwenna Quillfeather)")
    dialog.lawful.capacity.setCurrentIndex(dialog.lawful.capacity.findData("had_capacity"))
    dialog.lawful.third_parties.setCurrentIndex(dialog.lawful.third_parties.findData("none_named"))
    _shot(qtbot, dialog, "share_dialog_consent.png", (900, 1000))
    dialog.accept()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.result_value.shared
    police = _widget(qtbot, ctx, hub.police, contact)
    assert SECRET in _all_text(police)


def test_package_composer_refusal_names_item_and_partner(qtbot, ctx, hub, scene, qtmodeltester):
    # REQ: ISP-5
    # REQ: ISP-4
    contact, _panels, shared, _secret = scene
    composer = PackageComposer(UiSession(ctx, hub.manager), contact)
    qtbot.addWidget(composer)
    composer.recipient.setText("Locality team West")
    composer.new_package()
    assert composer.package is not None
    composer.shared_table.selectRow(0)
    composer.add_selected()
    # In the draft, but waiting: printing is refused naming the item and its partner.
    assert composer.items_model.rowCount() == 1
    assert composer.waiting_model.rowCount() == 1
    composer.prepare_print()
    assert not composer.error.isHidden()
    assert f"Item {shared}" in composer.error.text()
    assert "Health (CCG and NHS trusts)" in composer.error.text()
    assert composer.last_document is None
    _shot(qtbot, composer, "package_refusal.png", (1366, 768))
    ResearchService(ctx).set_outside_permission(hub.health, shared, True, "Named nurse agreed")
    composer.reload()
    assert composer.waiting_model.rowCount() == 0
    assert composer.items_model.data(composer.items_model.index(0, 0)).startswith("Health")
    composer.prepare_print()
    assert composer.last_document.source_agencies == ("HEALTH",)
    assert "sources Health (CCG and NHS trusts)" in composer.status.text()
    qtmodeltester.check(composer.shared_model)
    qtmodeltester.check(composer.items_model)
    qtmodeltester.check(composer.waiting_model)
    _shot(qtbot, composer, "package_composer.png", (1366, 768))


def test_research_due_area_lists_the_agency_and_opens_the_contact(
    qtbot, ctx, hub, scene, qtmodeltester
):
    # REQ: ISP-1
    contact, _panels, _shared, _secret = scene
    window = MainWindow(UiSession(ctx, hub.police), idle_minutes=30)
    qtbot.addWidget(window)
    view = window.area_widget("research")
    assert view.model.rowCount() == 1
    qtmodeltester.check(view.proxy)
    row = view.model.row_at(0)
    assert (row.reference, row.state) == (reference_of(ctx, contact), ResearchState.DRAFT)
    view.table.selectRow(0)
    opened = view.open_selected()
    assert opened is not None
    assert opened.contact_id == contact
    assert SECRET not in _all_text(opened)
    _shot(qtbot, window, "research_due_area.png", (1200, 600))
    for w in view.open_windows:
        w.close()


def test_finding_dialog_suggests_reasons_and_keeps_text_on_error(qtbot, ctx, hub, scene):
    # REQ: ISP-1
    from ui.research.dialogs import FindingDialog

    contact, panels, _shared, _secret = scene
    svc = ResearchService(ctx)
    research = svc.contact_research(hub.police, contact)
    session = UiSession(ctx, hub.police)
    dialog = FindingDialog(
        session,
        research.subjects,
        lambda data: svc.add_finding(hub.police, panels["POLICE"], data),
    )
    qtbot.addWidget(dialog)
    suggestions = [
        dialog.sensitivity_note.itemText(n) for n in range(dialog.sensitivity_note.count())
    ]
    assert any("intelligence graded" in text for text in suggestions)
    dialog.about.setCurrentIndex(1)  # the first child
    dialog.finding.setPlainText("Named in a missing-from-home report, 10/2026")
    dialog.relevance.setCurrentIndex(dialog.relevance.findData("high"))
    dialog.sensitive.setChecked(True)
    dialog.accept()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert not dialog.errors.labels["sensitivity_note"].isHidden()
    assert dialog.finding.toPlainText().startswith("Named in a missing")
    dialog.sensitivity_note.setCurrentText("intelligence graded 2x2x1")
    dialog.accept()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.result_row.about == "Poppy Quillfeather"
    assert dialog.result_row.sensitivity_note == "intelligence graded 2x2x1"


def test_manager_chooses_agencies_in_the_widget(qtbot, ctx, hub, monkeypatch):
    # REQ: ISP-1
    from ui.research.dialogs import AgencyChoiceDialog

    contact = make_contact(ctx)
    widget = _widget(qtbot, ctx, hub.manager, contact)
    assert widget.panels == {}
    assert widget.choose_button.isVisibleTo(widget)

    def pick(dialog):
        for n in range(dialog.list.count()):
            item = dialog.list.item(n)
            if item.data(QtCore.Qt.ItemDataRole.UserRole) in {"POLICE", "HEALTH"}:
                item.setCheckState(QtCore.Qt.CheckState.Checked)
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(AgencyChoiceDialog, "exec", pick)
    widget.choose_agencies()
    assert set(widget.panels) == {"POLICE", "HEALTH"}
    assert all(p.panel.state is ResearchState.REQUESTED for p in widget.panels.values())
    police = _widget(qtbot, ctx, hub.police, contact)
    assert not police.choose_button.isVisibleTo(police)
    assert not police.package_button.isVisibleTo(police)


def test_contact_view_opens_the_research_panels_with_need_to_know(qtbot, ctx, hub, scene):
    # REQ: ISP-2
    from ui.contacts.contact_view import ContactDialog

    contact, _panels, _shared, _secret = scene
    dialog = ContactDialog(UiSession(ctx, hub.police), contact)
    qtbot.addWidget(dialog)
    window = dialog.open_research()
    research = window.findChild(ContactResearchWidget)
    assert research is not None
    assert set(research.panels) == {"HEALTH", "POLICE", "EDUCATION"}
    assert SECRET not in _all_text(window)
    window.close()
