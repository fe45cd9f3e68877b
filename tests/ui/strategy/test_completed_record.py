"""Issue 13: a completed strategy discussion record is read-only but readable: its text
fields are read-only (not disabled) and its choices, which cannot change any more, keep their
normal text colours instead of greying out. Typing changes nothing."""

from __future__ import annotations

from mash_desktop.domain.roles import Role
from mash_desktop.domain.strategy import DiscussionStatus
from mash_desktop.resources import resource_path
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers.shots import save_shot
from tests.helpers.strategy import make_contact
from tests.helpers.strategy_fixtures import filled_record
from ui.kit.qt import QtGui, QtWidgets
from ui.kit.session import UiSession
from ui.strategy.dialog import StrategyDiscussionDialog

Group, Role_ = QtGui.QPalette.ColorGroup, QtGui.QPalette.ColorRole
TEXT_EDITS = (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QDateTimeEdit)


def _drawn_text(widget: QtWidgets.QWidget) -> QtGui.QColor:
    """The colour the widget's text is drawn in, in the state it is in."""
    group = Group.Active if widget.isEnabled() else Group.Disabled
    role = Role_.ButtonText if isinstance(widget, QtWidgets.QComboBox) else Role_.WindowText
    if isinstance(widget, TEXT_EDITS):
        role = Role_.Text
    return widget.palette().color(group, role)


def test_a_completed_record_is_read_only_but_not_greyed_out(qtbot, ctx, make_user) -> None:
    # REQ: SD-3 (the record of the discussion, kept as it was agreed)
    chair = make_user("tom.chair", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    service = StrategyService(ctx)
    view = service.request(chair, make_contact(ctx, chair), "Bruising at nursery")
    view = service.save_record(chair, view.id, filled_record(), view.version)
    assert service.complete(chair, view.id).status is DiscussionStatus.COMPLETED
    dialog = StrategyDiscussionDialog(UiSession(ctx, chair), view.id)
    qtbot.addWidget(dialog)
    dialog.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    normal = dialog.palette()
    edits = [
        w
        for w in form.findChildren(QtWidgets.QWidget)
        if isinstance(w, TEXT_EDITS)
        and not isinstance(w.parentWidget(), QtWidgets.QComboBox | QtWidgets.QAbstractSpinBox)
    ]
    choices = [
        w
        for w in form.findChildren(QtWidgets.QWidget)
        if isinstance(w, QtWidgets.QComboBox | QtWidgets.QCheckBox)
    ]
    assert edits and choices
    for w in edits:
        text = w.toPlainText() if isinstance(w, QtWidgets.QPlainTextEdit) else w.text()
        if not text or w is form.protocol.protection_since:
            continue  # not applicable: a present member's reason to be missing; no order
        assert w.isEnabled() and w.isReadOnly(), (w, w.parentWidget(), w.accessibleName())
        assert _drawn_text(w) == normal.color(Group.Active, Role_.Text)
    for w in choices:
        assert not w.isEnabled(), (
            w,
            w.parentWidget(),
            w.currentText() if isinstance(w, QtWidgets.QComboBox) else w.text(),
        )  # cannot change
        role = Role_.ButtonText if isinstance(w, QtWidgets.QComboBox) else Role_.WindowText
        assert _drawn_text(w) == normal.color(Group.Active, role), (
            f"{type(w).__name__} {w.objectName()!r} is greyed out"
        )
    assert not dialog.save_button.isEnabled() and not dialog.complete_button.isEnabled()
    place = form.place
    before = place.text()
    place.setFocus()
    qtbot.keyClicks(place, "changed")
    assert place.text() == before == "MASH meeting room 2"
    save_shot(dialog, "strategy-record-completed.png")
