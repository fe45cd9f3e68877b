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
from ui.kit.qt import QtCore, QtGui, QtWidgets
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


def _fits(table: QtWidgets.QTableView, column: int, text: str) -> bool:
    return table.fontMetrics().horizontalAdvance(text) + 8 <= table.columnWidth(column)


def test_a_completed_record_reads_at_1366x768(qtbot, ctx, make_user) -> None:
    """Issue 13: at 1366x768 every attendee's name and role and every column heading reads
    whole (name and role take the width, the others are as wide as their heading); nothing
    on a completed record looks as if it could be typed in (no new-attendee row, no empty
    'Why no ... took part' box)."""
    # REQ: SD-3
    chair = make_user("tom.chair", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    service = StrategyService(ctx)
    view = service.request(chair, make_contact(ctx, chair), "Bruising at nursery")
    view = service.save_record(chair, view.id, filled_record(), view.version)
    service.complete(chair, view.id)
    dialog = StrategyDiscussionDialog(UiSession(ctx, chair), view.id)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    table, model = form.attendee_table, form.attendees
    header = table.horizontalHeader()
    for col in range(model.columnCount()):
        # as wide as the heading needs by Qt's own measure (text, margins, sort mark): a fixed
        # margin here was a pixel off once another test had registered the app's fonts
        title = model.headerData(col, QtCore.Qt.Orientation.Horizontal)
        needed = header.sectionSizeHint(col)
        assert needed > header.fontMetrics().horizontalAdvance(title), title
        assert table.columnWidth(col) >= needed, title
    for row in model.rows():
        assert _fits(table, 0, row.name), row.name
        assert _fits(table, 1, row.role_title), row.role_title
    assert table.columnWidth(0) > table.columnWidth(6)  # not the empty hospital column
    assert not form.add_attendee_row.isVisible()
    shown = [r for r in form.minimum_reason.values() if r.isVisible()]
    assert all(r.text() for r in shown)


def test_an_open_record_has_name_and_role_boxes_to_type_in(qtbot, ctx, make_user) -> None:
    """Issue 13: at the dialog's own size the new attendee's name and role boxes are wide
    enough to type in (they were 28 px)."""
    # REQ: SD-3
    chair = make_user("tom.chair", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    view = StrategyService(ctx).request(chair, make_contact(ctx, chair), "Bruising at nursery")
    dialog = StrategyDiscussionDialog(UiSession(ctx, chair), view.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    assert form.add_attendee_row.isVisible()
    for box in (form.att_name, form.att_role):
        assert box.width() >= 200, (box.accessibleName(), box.width(), dialog.size())
    qtbot.keyClicks(form.att_name, "Dr Nell Ashdown")
    qtbot.keyClicks(form.att_role, "Named nurse for safeguarding")
    save_shot(dialog, "strategy-record-open.png")
