"""The Information governance area through the screen: retention and two-person destruction
(ISP-9), the agreement and partners (GOV-2, GOV-3), the acknowledgement at login (GOV-3) and
an open session ended by its partner's withdrawal (ISP-8). Screens grabbed at 1366x768."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.governance.concerns import ConcernKind, ConcernService
from mash_desktop.services.governance.partners import PartnerService
from tests.helpers.contacts import child, contact_input
from tests.helpers.research import add_user
from tests.helpers.shots import save_shot
from ui.governance import acknowledge
from ui.governance.area import GovernanceArea
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.main_window import MainWindow


def _shot(widget: QtWidgets.QWidget, name: str) -> None:
    save_shot(widget, f"governance-{name}.png")


@pytest.fixture
def people(ctx, admin):
    return {
        "desk": add_user(ctx, admin, "desk.one", Role.DESK_OFFICER, "EDUCATION", "Dee Desk"),
        "mgr": add_user(ctx, admin, "mgr.one", Role.MASH_MANAGER, "LA-DORSET", "Mia Manager"),
        "mgr2": add_user(ctx, admin, "mgr.two", Role.MASH_MANAGER, "LA-DORSET", "Max Manager"),
    }


def _decided(ctx, people, first, last, la="LA-DORSET"):
    contacts = ContactService(ctx)
    made = contacts.intake(
        people["desk"],
        contact_input(ctx.clock.now(), child(first, last), la_agency_code=la),
    )
    claimed = contacts.claim(people["mgr"], made.id)
    contacts.decide(people["mgr"], made.id, claimed.version, Outcome.NO_FURTHER_ACTION, "NFA")
    return made


def _select(view, reference: str) -> None:
    source = [r.reference for r in view.model.rows()].index(reference)
    proxy = view.table.model()
    view.table.selectRow(proxy.mapFromSource(view.model.index(source, 0)).row())


def _window(qtbot, ctx, actor) -> tuple[MainWindow, GovernanceArea]:
    window = MainWindow(UiSession(ctx, actor), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    row = next(n for n, a in enumerate(window.areas) if a.key == "governance")
    window.nav.setCurrentRow(row)
    area = window.findChild(GovernanceArea)
    assert area is not None
    return window, area


def test_records_due_are_proposed_and_destroyed_by_two_people(
    qtbot, ctx, people, clock, monkeypatch
):
    # REQ: ISP-9
    first = _decided(ctx, people, "Amelia", "Ashdown")
    second = _decided(ctx, people, "Rowan", "Birchley", la="LA-POOLE")
    clock.advance(timedelta(days=7 * 366))
    window, area = _window(qtbot, ctx, people["mgr"])
    view = area.tabs.widget(0)
    assert area.tabs.tabText(0) == "&Retention and destruction"
    assert {r.reference for r in view.model.rows()} == {first.reference, second.reference}
    assert "2 records due" in view.status.text()
    monkeypatch.setattr(
        "ui.governance.retention_view.ask_text",
        lambda *a, **k: "Retention period ended",
    )
    _select(view, first.reference)
    view.propose()
    row = next(r for r in view.model.rows() if r.reference == first.reference)
    assert row.proposed_by == "Mia Manager"
    assert window.statusBar().currentMessage() == (
        f"Destruction of {first.reference} proposed: another person approves it."
    )
    _select(view, first.reference)
    view.place_hold()  # a hold after the proposal stops the approval until lifted
    assert "1 under a legal hold" in view.status.text()
    view.la.setCurrentIndex(0)
    _shot(window, "retention")
    window.close()

    window2, area2 = _window(qtbot, ctx, people["mgr2"])
    view2 = area2.tabs.widget(0)
    monkeypatch.setattr(
        "ui.governance.retention_view.QtWidgets.QMessageBox.question",
        lambda *a, **k: QtWidgets.QMessageBox.StandardButton.Yes,
    )
    _select(view2, first.reference)
    view2.lift_hold()
    _select(view2, first.reference)
    view2.approve()
    assert f"{first.reference} was destroyed" in view2.status.text()
    assert [r.reference for r in view2.model.rows()] == [second.reference]
    # The schedule panel reads in words, defaults marked as such.
    texts = [view2.schedule.item(n, 1).text() for n in range(view2.schedule.rowCount())]
    assert "6 years from the decision (default)" in texts
    window2.close()


def test_agreement_and_partners_tab(qtbot, ctx, admin, people, clock):
    # REQ: GOV-2, GOV-3
    partners = PartnerService(ctx)
    v1 = partners.record_version(admin, "2.0", date(2026, 1, 15), "Annual refresh (synthetic)")
    partners.add_signatory(
        admin, v1, "POLICE", "Sam Constable", "Chief Constable", date(2026, 1, 10)
    )
    partners.add_signatory(
        admin, v1, "LA-DORSET", "Dana Director", "Director of CS", date(2026, 1, 12)
    )
    partners.acknowledge(people["mgr"], v1)
    ConcernService(ctx).record(
        people["mgr"],
        ConcernKind.NON_COMPLIANCE,
        date(2026, 11, 2),
        "Research sent by ordinary e-mail",
        "HOUSING",
    )
    window, area = _window(qtbot, ctx, admin)
    from ui.governance.partners_view import PartnersView

    view = area.findChild(PartnersView)
    assert "due on 15/01/2027, in 52 days" in view.reminder.text()
    assert view.signatories.rowCount() == 2
    assert "Not yet signed by:" in view.unsigned.text() and "Housing" in view.unsigned.text()
    acks = {
        view.acks.item(n, 0).text(): view.acks.item(n, 2).text()
        for n in range(view.acks.rowCount())
    }
    assert acks["Mia Manager"] == "24/11/2026 09:30" and acks["Max Manager"] == "NOT YET"
    assert view.concern_model.rows()[0].partner == "Housing"
    area.tabs.setCurrentWidget(view)
    _shot(window, "partners")
    shown = acknowledge.remind_administrator(UiSession(ctx, admin), window)
    assert shown == view.reminder.text()
    assert acknowledge.remind_administrator(UiSession(ctx, people["mgr"]), window) is None
    window.close()


def test_acknowledgement_asked_at_login_and_recorded(qtbot, ctx, admin, people, monkeypatch):
    # REQ: GOV-3
    partners = PartnerService(ctx)
    session = UiSession(ctx, people["desk"])
    assert acknowledge.acknowledged(session)  # no agreement recorded: nothing to ask
    v1 = partners.record_version(admin, "2.0", date(2026, 1, 15))
    pending = partners.pending_acknowledgement(people["desk"])
    dialog = acknowledge.AcknowledgeDialog(pending)
    qtbot.addWidget(dialog)
    dialog.show()
    _shot(dialog, "acknowledge")
    monkeypatch.setattr(
        acknowledge.AcknowledgeDialog, "exec", lambda self: QtWidgets.QDialog.DialogCode.Rejected
    )
    assert not acknowledge.acknowledged(session)
    assert partners.pending_acknowledgement(people["desk"]) is not None
    monkeypatch.setattr(
        acknowledge.AcknowledgeDialog, "exec", lambda self: QtWidgets.QDialog.DialogCode.Accepted
    )
    assert acknowledge.acknowledged(session)
    assert partners.pending_acknowledgement(people["desk"]) is None
    seen = {u: at for _n, _a, u, at in partners.acknowledgements(admin)}
    assert seen["desk.one"] is not None
    assert v1


def test_withdrawal_ends_an_open_session(qtbot, ctx, admin, people):
    # REQ: ISP-8
    session = UiSession(ctx, people["desk"])
    contacts = ContactService(ctx)
    assert session.run(None, contacts.intake, people["desk"], contact_input(ctx.clock.now()))
    PartnerService(ctx).record_withdrawal(admin, "EDUCATION", date(2026, 11, 24), "Letter")
    with qtbot.waitSignal(session.ended, timeout=1000) as ended, pytest.raises(ActionFailed):
        session.run(None, contacts.intake, people["desk"], contact_input(ctx.clock.now()))
    assert "withdrawn" in ended.args[0]


def test_board_figures_tab_shows_each_chart_beside_its_table(qtbot, ctx, admin, people, clock):
    # REQ: GOV-1
    from PySide6 import QtSvgWidgets

    from ui.governance.board_view import BoardView

    _decided(ctx, people, "Amelia", "Ashdown")
    _decided(ctx, people, "Rowan", "Birchley", la="LA-POOLE")
    window, area = _window(qtbot, ctx, people["mgr"])
    board = area.findChild(BoardView)
    assert board is not None
    area.tabs.setCurrentWidget(board)
    charts = board.findChildren(QtSvgWidgets.QSvgWidget)
    tables = board.body.findChildren(QtWidgets.QTableWidget)
    assert len(charts) == len(tables) >= 9
    assert all(chart.renderer().isValid() for chart in charts)
    outcome = next(t for t in tables if t.item(0, 0) and t.item(0, 0).text() == "No further action")
    assert outcome.item(0, 1).text() == "2"
    labels = [w.text() for w in board.body.findChildren(QtWidgets.QLabel)]
    assert "<b>Contacts by outcome</b>" in labels
    _shot(window, "board")
    window.close()
