"""Plain words on screen (issue 13): the audit trail and the incidents list show what
happened and what it was about in a safeguarding professional's words: no dotted action
codes, no "contact 301", no "user 4", no JSON."""

from __future__ import annotations

import contextlib
import re

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.incidents import SecurityIncidentService
from tests.helpers.contacts import contact_input
from tests.helpers.shots import save_shot
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow

CODE_LIKE = re.compile(r"\b[a-z]+(_[a-z]+)*\.[a-z_]+\b|\b[a-z]+_[a-z_]+\b|\{\"")
BARE_REF = re.compile(r"^(contact|user|strategy_discussion|intelligence_package) \d+$")


def _cells(view: QtWidgets.QTableView) -> list[str]:
    model = view.model()
    return [
        str(model.index(r, c).data() or "")
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]


def test_the_audit_trail_reads_as_words(qtbot, ctx, clock, admin, make_user):
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    ContactService(ctx).get(desk, made.id)
    AccountService(ctx).suspend(admin, desk.user_id, "Under investigation")
    window = MainWindow(UiSession(ctx, admin), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    audit = window.area_widget("audit")
    audit.refresh()
    table = audit.findChild(QtWidgets.QTableView)
    cells = _cells(table)
    assert f"Contact {made.reference}" in cells
    assert "User Pat One" in cells
    assert "Viewed a contact" in cells and "Suspended an account" in cells
    assert any(c == "Reason: Under investigation; User name: desk.one" for c in cells)
    for cell in cells:  # user names (desk.one) are how people are known: not codes
        assert not CODE_LIKE.search(cell.replace("desk.one", "")), cell
        assert not BARE_REF.match(cell), cell
    combo_texts = [audit.action.itemText(i) for i in range(audit.action.count())]
    assert "Viewed a contact" in combo_texts and "contact.view" not in combo_texts
    save_shot(window, "audit-in-words.png")


def test_incidents_name_the_user_not_their_number(qtbot, ctx, admin, make_user):
    from mash_desktop.domain.errors import AuthenticationError

    make_user("desk.two", Role.DESK_OFFICER, "POLICE", "Sam Two")
    for _ in range(5):
        with contextlib.suppress(AuthenticationError):
            AccountService(ctx).login("desk.two", "not the password")
    rows = SecurityIncidentService(ctx).list(admin)
    assert rows and rows[0].about == "User Sam Two"
    window = MainWindow(UiSession(ctx, admin), idle_minutes=60)
    qtbot.addWidget(window)
    view = window.area_widget("incidents")
    table = view.findChild(QtWidgets.QTableView)
    cells = _cells(table)
    assert "User Sam Two" in cells
    assert not any(BARE_REF.match(c) for c in cells)
    _ = Qt
