from __future__ import annotations

from datetime import timedelta

import pytest

from mash_desktop.demo import fill_demo_data
from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import load_keyring_key
from tests.helpers.contacts import child, contact_input
from tests.helpers.shots import save_shot
from tests.ui.contacts.test_intake_dialog import fill
from ui.contacts.conflict_dialog import ConflictDialog
from ui.contacts.contact_view import ContactDialog
from ui.contacts.intake_dialog import IntakeDialog
from ui.contacts.queue_model import TIME_LEFT_COLUMN, QueueModel
from ui.contacts.queue_view import QueueView
from ui.kit.qt import Qt
from ui.kit.session import UiSession
from ui.main_window import MainWindow


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


@pytest.fixture
def manager(make_user):
    return make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")


def cell(view: QueueView, row: int, column: int) -> str:
    return view.model.data(view.model.index(row, column))


def test_queue_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, clock, desk):
    # REQ: RQ-2
    for n in range(3):
        ContactService(ctx).intake(desk, contact_input(clock.now(), child(f"Ava{n}", "Orchard")))
    view = QueueView(UiSession(ctx, desk))
    qtbot.addWidget(view)
    assert isinstance(view.model, QueueModel)
    qtmodeltester.check(view.model)


def test_typed_contact_shows_with_its_clock_filters_claims_conflicts_and_decides(
    qtbot, ctx, clock, desk, manager, db_path, monkeypatch
):
    # REQ: RQ-1, RQ-2, RQ-5, RQ-6
    session = UiSession(ctx, desk)
    view = QueueView(session)
    qtbot.addWidget(view)
    view.show()
    ContactService(ctx).intake(desk, contact_input(clock.now(), child("Noah", "Saltmarsh")))
    view.reload()
    # Type a contact into the real form.
    monkeypatch.setattr(QueueView, "offer_draft", lambda self, at: False)
    dialog = view.new_contact()
    assert isinstance(dialog, IntakeDialog)
    fill(qtbot, dialog)
    made = dialog.submit()
    assert made is not None
    # It is in the queue with its RAG clock: red, received 09:30, due 13:30 = 4 h left.
    row = view.model.row_of(made.id)
    assert row >= 0
    assert cell(view, row, 5).endswith("Red")
    assert cell(view, row, 6) == "24/11/2026 13:30"
    assert cell(view, row, TIME_LEFT_COLUMN) == "4 h 00 min left"
    # Filter by child name: instant (the timer only coalesces keystrokes).
    qtbot.keyClicks(view.search, "larks")
    view.apply_filter()
    assert view.model.rowCount() == 1
    assert view.model.row_at(0).id == made.id
    view.search.clear()
    view.apply_filter()
    assert view.model.rowCount() == 2
    # Time passes: overdue rows say so in words and carry an icon.
    clock.advance(timedelta(hours=5))
    view.model.tick()
    row = view.model.row_of(made.id)
    assert cell(view, row, TIME_LEFT_COLUMN) == "OVERDUE 1 h 00 min"
    assert (
        view.model.data(view.model.index(row, TIME_LEFT_COLUMN), Qt.ItemDataRole.DecorationRole)
        is not None
    )
    view.overdue.setChecked(True)
    assert [r.id for r in view.model._rows] == [made.id]
    view.overdue.setChecked(False)

    # Officer claims it in this process ...
    view.table.selectRow(view.model.row_of(made.id))
    contact = view.open_contact(made.id)
    assert isinstance(contact, ContactDialog)
    qtbot.addWidget(contact)
    qtbot.mouseClick(contact.claim_button, Qt.MouseButton.LeftButton)
    assert "Claimed by you" in contact.claim_label.text()
    # ... a second workstation process (own engine on the same file) sees who holds it.
    store2 = open_store(db_path, load_keyring_key(db_path, create=False))
    try:
        ctx2 = AppContext(store2, clock)
        session2 = UiSession(ctx2, manager)
        other = ContactDialog(session2, made.id)
        qtbot.addWidget(other)
        assert "Held by Pat One" in other.claim_label.text()
        assert not other.claim_button.isEnabled()
        assert other.take_over_button.isEnabled()
        # The other process's queue sees the claim by polling, without a restart.
        view2 = QueueView(session2)
        qtbot.addWidget(view2)
        assert view2.model.row_at(view2.model.row_of(made.id)).claimed_by == "Pat One"

        # Both edit; the officer saves first; the manager (after taking over) gets a conflict.
        contact.concern.setPlainText("Officer: spoke to school again.")
        other_version = other.detail
        assert contact.save()
        monkeypatch.setattr("ui.contacts.contact_view.ask_text", lambda *a, **k: "Cover")
        other.detail = other_version
        ContactService(ctx2).take_over(manager, made.id, "cover")
        other.show_detail(other_version)  # its screen still shows the old version
        other.claim_label.setText("")
        for w in (other.save_button, other.concern):
            w.setEnabled(True)
        other.concern.setPlainText("Manager: police check done.")
        seen: list[ConflictDialog] = []

        def choose(self, dlg):
            seen.append(dlg)
            save_shot(dlg, "conflict.png")
            dlg.choice = ConflictDialog.KEEP_THEIRS

        monkeypatch.setattr(ContactDialog, "ask_conflict", choose)
        assert not other.save()
        table = seen[0].table
        texts = {
            table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())
        }
        assert texts["Concern \u2260"] == (
            "Manager: police check done.",
            "Officer: spoke to school again.",
        )
        assert other.concern.toPlainText() == "Officer: spoke to school again."
        # The manager decides on the current version, a minute later.
        clock.advance(timedelta(minutes=1))
        other.outcome.setCurrentIndex(other.outcome.findData(Outcome.EARLY_HELP.value))
        other.rationale.setPlainText("Family agrees to early help.")
        assert other.decide()
        assert "outcome recorded" in other.state.text()
    finally:
        store2.close()
    view.poll()  # what the 3 s timer does: the first process sees the other's decision
    assert view.model.row_of(made.id) == -1  # decided: gone from the open queue


def test_queue_with_demo_data_and_contact_with_matches(qtbot, ctx, clock, admin):
    # REQ: RQ-2, RQ-3
    fill_demo_data(ctx, contacts=300)
    officer = AccountService(ctx).login("desk.dorset", "demo-password")
    window = MainWindow(UiSession(ctx, officer))
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    view = window.area_widget("queue")
    assert isinstance(view, QueueView)
    assert view.model.rowCount() >= 200
    view.table.resizeColumnsToContents()
    assert "Red 4 h" in view.legend.text()
    save_shot(window, "queue_demo.png")
    # Sorting by a header runs in the database over every open contact, not just the page.
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    names = [view.model.row_at(n).child_name for n in range(view.model.rowCount())]
    assert names == sorted(names, reverse=True)
    view.rag.setCurrentIndex(view.rag.findData("green"))
    assert {view.model.row_at(n).rag.value for n in range(view.model.rowCount())} == {"green"}
    view.rag.setCurrentIndex(0)
    view.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    # A contact whose child appears on an earlier contact.
    from mash_desktop.services.contacts.matching import MatchingService

    matching = MatchingService(ctx)
    # The contact with the most name + DOB suggestions shows the tolerant matching best.
    target = max(
        view.model._rows,
        key=lambda r: sum(m.kind == "name_dob" for m in matching.matches(officer, r.id)),
    )
    dialog = view.open_contact(target.id)
    qtbot.addWidget(dialog)
    dialog.resize(1300, 860)
    assert dialog.matches.rowCount() >= 1
    assert "same" in dialog.matches.data(dialog.matches.index(0, 4))  # the reason in words
    dialog.claim()
    save_shot(dialog, "contact_matches.png")


def test_open_csc_case_is_routed_from_the_contact_view(qtbot, ctx, clock, desk, manager):
    # REQ: RQ-4, SD-0
    made = ContactService(ctx).intake(
        desk, contact_input(clock.now(), csc_case_open=True, allocated_team="Poole Locality 2")
    )
    dialog = ContactDialog(UiSession(ctx, manager), made.id)
    qtbot.addWidget(dialog)
    dialog.claim()
    assert not dialog.decide_button.isEnabled()
    assert dialog.route_button.isEnabled()
    assert "cannot start a MASH strategy discussion" in dialog.rule_note.text()
    dialog.rationale.setPlainText("Known to the locality team.")
    assert dialog.route()
    assert dialog.detail.status == "routed"
    assert not dialog.route_button.isEnabled()
