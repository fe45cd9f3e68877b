"""A hub server stopped while a correction is being typed (SEC-9, SEC-1, RQ-7): the Save fails,
the dialog stays open with the text, a plain message says it is kept on this computer; the
drafts file holds none of it in plain text; with the server back the same Save goes through
and the kept draft is gone. After a restart of the app, the kept draft is offered back."""

from __future__ import annotations

from pathlib import Path

import pytest

from mash_desktop.bootstrap import data_dir
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import AppContext
from mash_desktop.store.offline_drafts import FOLDER_NAME, OfflineDrafts
from tests.helpers.contacts import contact_input
from tests.helpers.postgres import PostgresCluster
from tests.helpers.shots import save_shot
from tests.ui.conftest import notifications
from ui.contacts.amend_dialog import AmendContactDialog
from ui.contacts.contact_view import ContactDialog
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import KEPT_HERE_TITLE, UiSession

pytestmark = pytest.mark.hub
TYPED_NAME = "Xanthe Quillfeather"
TYPED_REASON = "Referrer rang back from the Zanzibar ward"


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def drafts_bytes() -> bytes:
    folder = data_dir() / FOLDER_NAME
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def open_correction(qtbot, ctx: AppContext, actor, contact_id: int) -> AmendContactDialog:
    contact = ContactDialog(UiSession(ctx, actor), contact_id)
    qtbot.addWidget(contact)
    contact.show()
    if contact.claim_button.isEnabled():
        qtbot.mouseClick(contact.claim_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(contact.correct_button, Qt.MouseButton.LeftButton)
    amend = contact.findChild(AmendContactDialog)
    assert amend is not None and amend.isVisible()
    amend.resize(1366, 768)
    return amend


def type_into(qtbot, widget: QtWidgets.QLineEdit, text: str, replace: bool = False) -> None:
    widget.setFocus()
    if replace:
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_a_correction_typed_while_the_hub_restarts_is_kept_encrypted_and_saved_after(
    qtbot, ctx: AppContext, make_user, pg_cluster: PostgresCluster, clock
) -> None:
    # REQ: SEC-9, SEC-1, RQ-7
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    ctx.offline_drafts = OfflineDrafts.for_account(data_dir(), "postgresql://hub/mash", "desk")
    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    amend = open_correction(qtbot, ctx, desk, made.id)
    type_into(qtbot, amend.referrer_name, TYPED_NAME, replace=True)
    type_into(qtbot, amend.reason, TYPED_REASON)
    pg_cluster.stop()
    try:
        qtbot.mouseClick(amend.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any("kept on this computer" in t for t in notifications()))
        box = next(
            w
            for w in QtWidgets.QApplication.topLevelWidgets()
            if isinstance(w, QtWidgets.QMessageBox)
            and w.isVisible()
            and w.windowTitle() == KEPT_HERE_TITLE
        )
        assert "press Save again" in box.text() and "psycopg" not in box.text()
        save_shot(amend, "issue-11-outage-correction-open.png")
        save_shot(box, "issue-11-outage-kept-here.png")
        box.close()
        assert amend.isVisible()
        assert amend.referrer_name.text() == TYPED_NAME  # the text stays in the form
        kept = drafts_bytes()
        assert kept, "nothing was kept on this computer"
        for secret in (TYPED_NAME, TYPED_REASON, "Xanthe", "Zanzibar"):
            assert secret.encode() not in kept
        assert ctx.offline_drafts.get("contact.amend", str(made.id)) is not None
    finally:
        pg_cluster.start()
    qtbot.mouseClick(amend.save_button, Qt.MouseButton.LeftButton)  # the hub is back
    qtbot.waitUntil(lambda: not amend.isVisible(), timeout=15_000)
    assert ContactService(ctx).get(desk, made.id).referrer_name == TYPED_NAME
    assert ctx.offline_drafts.waiting() == []
    assert TYPED_NAME.encode() not in drafts_bytes()


def test_a_draft_kept_during_an_outage_is_offered_after_the_app_restarts(
    qtbot, ctx: AppContext, make_user, pg_cluster: PostgresCluster, clock
) -> None:
    # REQ: SEC-9, RQ-7
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    offline = OfflineDrafts.for_account(data_dir(), "postgresql://hub/mash", "desk")
    ctx.offline_drafts = offline
    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    amend = open_correction(qtbot, ctx, desk, made.id)
    type_into(qtbot, amend.referrer_name, TYPED_NAME, replace=True)
    pg_cluster.stop()
    try:
        amend.keep_draft()  # what the timer does a moment after typing: no message
        assert not any("cannot be reached" in t for t in notifications())
        amend.parentWidget().window().close()  # type: ignore[union-attr]
        amend.hide()
        assert offline.get("contact.amend", str(made.id)) is not None
    finally:
        pg_cluster.start()
    restarted = AppContext(store=ctx.store, clock=ctx.clock, offline_drafts=offline)
    again = open_correction(qtbot, restarted, desk, made.id)
    assert again.draft_banner.isVisible()
    assert "on this computer, while the hub could not be reached" in again.draft_banner.text.text()
    save_shot(again, "issue-11-outage-draft-offered.png")
    qtbot.mouseClick(again.draft_banner.restore_button, Qt.MouseButton.LeftButton)
    assert again.referrer_name.text() == TYPED_NAME
    type_into(qtbot, again.reason, TYPED_REASON)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=15_000)
    assert ContactService(restarted).get(desk, made.id).referrer_name == TYPED_NAME
    assert offline.waiting() == []
    assert not Path(offline.path).read_bytes().count(TYPED_NAME.encode())


def test_a_new_contact_logged_while_the_hub_is_down_waits_encrypted_then_logs(
    qtbot, ctx: AppContext, make_user, pg_cluster: PostgresCluster
) -> None:
    # REQ: SEC-9, SEC-1, RQ-1
    from tests.ui.contacts.test_intake_dialog import fill
    from ui.contacts.intake_dialog import IntakeDialog

    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")
    ctx.offline_drafts = OfflineDrafts.for_account(data_dir(), "postgresql://hub/mash", "desk")
    dialog = IntakeDialog(UiSession(ctx, desk))
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog)
    pg_cluster.stop()
    try:
        qtbot.mouseClick(dialog.w["saveButton"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any("kept on this computer" in t for t in notifications()))
        assert dialog.isVisible() and "Larkspur" in str(dialog.payload()["children"])
        assert "on this computer" in dialog.w["draftStatus"].text()
        kept = drafts_bytes()
        assert kept and b"Larkspur" not in kept and b"grabbed her arm" not in kept
    finally:
        pg_cluster.start()
    with qtbot.waitSignal(dialog.logged, timeout=15_000) as logged:
        qtbot.mouseClick(dialog.w["saveButton"], Qt.MouseButton.LeftButton)
    assert logged.args[0].children[0].full_name == "Ivy Larkspur"
    assert ctx.offline_drafts.waiting() == []
