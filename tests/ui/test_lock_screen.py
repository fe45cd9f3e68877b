"""SEC-2/SEC-3: a locked session shows and reads nothing; the queue stops polling."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.services.audit import AuditFilter, AuditService
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import contact_input
from tests.helpers.personas import TEST_PASSWORD
from ui.kit.session import UiSession
from ui.main_window import MainWindow


def queue_reads(ctx, admin) -> int:
    rows = AuditService(ctx).search(admin, AuditFilter(actor="desk.dee", action="queue.view"))
    return len(rows)


def test_locked_session_does_not_poll_the_queue(qtbot, ctx, admin, make_user, clock):
    # REQ: SEC-2
    desk = make_user("desk.dee", Role.DESK_OFFICER, "LA-DORSET")
    other = make_user("desk.other", Role.DESK_OFFICER, "POLICE")
    window = MainWindow(UiSession(ctx, desk))
    qtbot.addWidget(window)
    window.show()
    queue = window.area_widget("queue")
    qtbot.waitUntil(lambda: queue_reads(ctx, admin) >= 1, timeout=5000)
    window.lock("locked by you")
    before = queue_reads(ctx, admin)
    ContactService(ctx).intake(other, contact_input(clock.now()))
    queue.poll()
    assert queue_reads(ctx, admin) == before
    assert queue.model.rowCount() == 0
    window.lock_screen.password.setText(TEST_PASSWORD)
    window.lock_screen.password.returnPressed.emit()
    assert not window.is_locked
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=5000)
    assert queue_reads(ctx, admin) > before
