"""Issue 13: each step on an agency's research items confirms itself in the main window's
status bar, naming the item, the agency's research and the contact's reference: an item
added, edited, deleted, corrected, a "do not disclose" reversed, and permission to leave the
MASH granted. Real clicks and keys; the modal forms are answered as a person would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import ConsentStatus, PartnerDecision, Relevance
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.code_patterns import code_leaks
from tests.helpers.research import (
    ALL_ANSWERS,
    add_user,
    complete_sharing,
    make_contact,
    make_hub,
)
from tests.helpers.shift import main_window
from ui.kit.qt import Qt, QtCore, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow
from ui.research.package_composer import PackageComposer
from ui.research.window import ResearchWindow

Step = Callable[[QtWidgets.QWidget], None]


def _answer_modals(qtbot, *steps: Step) -> None:  # type: ignore[no-untyped-def]
    """Answer each modal dialog, in turn, as it opens."""

    def tick(remaining: list[Step]) -> None:
        modal = QtWidgets.QApplication.activeModalWidget()
        if modal is None or modal.property("answered"):
            QtCore.QTimer.singleShot(20, lambda: tick(remaining))
            return
        modal.setProperty("answered", True)
        remaining[0](modal)
        if len(remaining) > 1:
            QtCore.QTimer.singleShot(20, lambda: tick(remaining[1:]))

    QtCore.QTimer.singleShot(20, lambda: tick(list(steps)))


def _button(dialog: QtWidgets.QWidget, words: str) -> QtWidgets.QAbstractButton:
    return next(
        b
        for b in dialog.findChildren(QtWidgets.QAbstractButton)
        if words in b.text().replace("&", "")
    )


def _type_and_ok(qtbot, text: str) -> Step:  # type: ignore[no-untyped-def]
    def step(prompt: QtWidgets.QWidget) -> None:
        field = prompt.field  # type: ignore[attr-defined]
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, text)
        qtbot.mouseClick(_button(prompt, "OK"), Qt.MouseButton.LeftButton)

    return step


def _item_form(qtbot, text: str) -> Step:  # type: ignore[no-untyped-def]
    def step(form: QtWidgets.QWidget) -> None:
        form.finding.setFocus()  # type: ignore[attr-defined]
        qtbot.keyClick(form.finding, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
        qtbot.keyClicks(form.finding, text)  # type: ignore[attr-defined]
        qtbot.mouseClick(_button(form, "Save item"), Qt.MouseButton.LeftButton)

    return step


def _yes(qtbot) -> Step:  # type: ignore[no-untyped-def]
    def step(box: QtWidgets.QWidget) -> None:
        assert isinstance(box, QtWidgets.QMessageBox)
        qtbot.mouseClick(box.button(box.StandardButton.Yes), Qt.MouseButton.LeftButton)

    return step


def _research_window(qtbot, ctx, actor, contact):  # type: ignore[no-untyped-def]
    window = main_window(qtbot, ctx, actor)
    research = ResearchWindow(window.session, contact, "Agency research", window)
    research.show()
    qtbot.waitExposed(research)
    return window, research


def _press(qtbot, research, key: str, row: int | None = None, *steps: Step) -> None:  # type: ignore[no-untyped-def]
    panel = research.widget.panels["HEALTH"]
    if row is not None:
        panel.table.selectRow(row)
    if steps:
        _answer_modals(qtbot, *steps)
    qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)


def _said(window, *parts: str) -> None:  # type: ignore[no-untyped-def]
    message = window.statusBar().currentMessage()
    for part in parts:
        assert part in message, (part, message)
    assert code_leaks(message, ["HEALTH", "POLICE", "LA-DORSET", "EDUCATION"]) == [], message


def test_research_item_steps_confirm_in_the_status_bar(qtbot, ctx, admin) -> None:
    # REQ: ISP-3 ISP-13 (issue 13: every save and decision confirms itself)
    hub = make_hub(ctx, admin)
    svc = ResearchService(ctx)
    contact = make_contact(ctx, rag="red")
    svc.request_research(hub.manager, contact, ["HEALTH"])
    reference = svc.contact_research(hub.health, contact).reference
    window, research = _research_window(qtbot, ctx, hub.health, contact)
    agency = research.widget.panels["HEALTH"].panel.agency_name
    where = f"the research of {agency} on contact {reference}"

    _press(qtbot, research, "add", None, _item_form(qtbot, "Missed two health visits"))
    [item] = research.widget.panels["HEALTH"].panel.findings
    _said(window, f"Item {item.id} added to {where}.")
    _press(qtbot, research, "edit", 0, _item_form(qtbot, " in October"))
    _said(window, f"Item {item.id} in {where} changed.")
    assert research.widget.panels["HEALTH"].panel.findings[0].finding.endswith("in October")

    request_id = research.widget.panels["HEALTH"].panel.request_id
    extra = svc.add_finding(hub.health, request_id, FindingInput("Duplicate", Relevance.LOW))
    research.widget.refresh()
    row = [f.id for f in research.widget.panels["HEALTH"].panel.findings].index(extra.id)
    _press(qtbot, research, "delete", row, _yes(qtbot))
    _said(window, f"Item {extra.id} deleted from {where}.")

    # Submitted and shared: corrected, then permitted to leave the MASH.
    secret = svc.add_finding(
        hub.health,
        request_id,
        FindingInput(
            "Known to CAMHS", Relevance.HIGH, sensitive=True, sensitivity_note="mental health"
        ),
    )
    research.widget.refresh()
    systems = research.widget.panels["HEALTH"].systems
    systems.setFocus()
    qtbot.keyClicks(systems, "GP record (SystmOne); health visiting")
    _press(qtbot, research, "submit")
    _said(window, "research submitted")
    svc.share(hub.health, item.id, complete_sharing())
    research.widget.refresh()
    _press(
        qtbot,
        research,
        "correct",
        0,
        _type_and_ok(qtbot, " (three, not two)"),
        _type_and_ok(qtbot, "Miscounted"),
    )
    _said(window, f"Item {item.id} in {where} corrected")
    _press(qtbot, research, "permit", 0, _type_and_ok(qtbot, "Named nurse: within 7.1.4"))
    _said(window, f"Item {item.id} in {where} may now leave the MASH")

    # "Do not disclose" decided, then reversed by a manager of the originating agency.
    withheld = svc.share(
        hub.health,
        secret.id,
        complete_sharing(
            consent=ConsentStatus.NOT_SOUGHT,
            consent_note="Seeking consent would alert the adult.",
            duty_of_confidence=True,
            holder_representative="Dr Ansel Brook, GP practice",
            holder_views="Disclosure would damage the therapeutic relationship.",
            partner_decision=PartnerDecision.WITHHOLD,
            partner_decided_by="Named nurse for safeguarding",
        ),
    )
    assert not withheld.shared
    health_manager = add_user(ctx, admin, "hm.crane", Role.MASH_MANAGER, "HEALTH", "Hattie Crane")
    window, research = _research_window(qtbot, ctx, health_manager, contact)
    row = [f.id for f in research.widget.panels["HEALTH"].panel.findings].index(secret.id)
    _press(qtbot, research, "reverse", row, _type_and_ok(qtbot, "Second injury reported today"))
    _said(window, f"'Do not disclose' reversed on item {secret.id} in {where}.")


def _share_with_consent(qtbot) -> Step:  # type: ignore[no-untyped-def]
    def step(dialog: QtWidgets.QWidget) -> None:
        d: Any = dialog
        d.schedule2.tick(["S2-4a"])
        d.schedule3.tick(["S3-4b"])
        d.gateways.tick(["CA1989-s47"])
        d.consent.setCurrentIndex(d.consent.findData("given"))
        for code, answer in ALL_ANSWERS.items():
            qtbot.keyClicks(d.answers[code], answer)
        qtbot.keyClicks(d.lawful.given_by, "Mother (Kerry Thornbury)")
        d.lawful.capacity.setCurrentIndex(d.lawful.capacity.findData("had_capacity"))
        d.lawful.third_parties.setCurrentIndex(d.lawful.third_parties.findData("none_named"))
        qtbot.mouseClick(_button(dialog, "Share"), Qt.MouseButton.LeftButton)

    return step


def test_sharing_an_item_and_issuing_a_package_confirm_in_the_status_bar(qtbot, ctx, admin) -> None:
    # REQ: ISP-2 ISP-5 (issue 13: every decision confirms itself)
    hub = make_hub(ctx, admin)
    svc = ResearchService(ctx)
    contact = make_contact(ctx, rag="red")
    svc.request_research(hub.manager, contact, ["HEALTH"])
    reference = svc.contact_research(hub.health, contact).reference
    [panel] = svc.contact_research(hub.health, contact).panels
    svc.save_panel(hub.health, panel.request_id, "GP record")
    item = svc.add_finding(
        hub.health, panel.request_id, FindingInput("Missed visits", Relevance.HIGH)
    )
    svc.submit(hub.health, panel.request_id)
    window, research = _research_window(qtbot, ctx, hub.health, contact)
    agency = research.widget.panels["HEALTH"].panel.agency_name
    _press(qtbot, research, "share", 0, _share_with_consent(qtbot))
    _said(
        window,
        f"Item {item.id} in the research of {agency} on contact {reference} shared with the "
        "MASH partners.",
    )

    svc.set_outside_permission(hub.health, item.id, True, "Named nurse agreed")
    window = MainWindow(UiSession(ctx, hub.manager), idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    composer = PackageComposer(window.session, contact, window)
    composer.show()
    qtbot.waitExposed(composer)
    qtbot.keyClicks(composer.recipient, "Locality team West")
    qtbot.mouseClick(composer.new_button, Qt.MouseButton.LeftButton)
    composer.shared_table.selectRow(0)
    qtbot.mouseClick(composer.add_button, Qt.MouseButton.LeftButton)
    assert composer.items_model.rowCount() == 1
    _answer_modals(qtbot, _yes(qtbot))
    qtbot.mouseClick(composer.issue_button, Qt.MouseButton.LeftButton)
    _said(window, "issued to Locality team West.")
