"""Issue 13, keyboard: walk a window with real Tab key presses and say what is wrong.

One walk of each screen checks two things (tests/ui/kit/test_keyboard_reach.py runs it over
every area and dialog, tests/ui/kit/test_tab_order.py proves the order check can fail):

REACH: Tab reaches each enabled button and field (one radio button stands for its group), and
each has an accessible name (Qt's accessibility interface, which reads a button's text and a
field's buddy label) or a visible buddy label.

ORDER, "sensible" meaning the way a person reads the screen:
- one round of Tab visits each control it reaches exactly once and then comes back to the
  first: nothing visited twice in a round, no trap that never lets go (a date edit's day,
  month and year take a Tab each: that counts as one visit);
- the round starts where the window's focus chain starts (what Qt focuses when the window
  opens, and where Tab wraps to from the last control), and from there each step goes
  FORWARD in reading order, judged on the controls' rectangles in the window: to a control
  lower down (its top more than TOLERANCE px below the previous one's top), or to the right
  on the same row (the two overlap vertically), or to the top of a column further right (its
  left edge at or right of the previous control's right edge: a side-by-side pane or
  splitter). A step up-and-left, straight up in the same column, or left along a row is out
  of order; only the wrap-around from the last control back to the first goes back;
- a scroll area is read as laid out, whatever its scroll position; seen from a control
  outside it, everything inside it is where the scroll area is; a scroll area that takes
  focus itself (so the arrow keys scroll it) comes before what it holds;
- in a dialog, the bottom buttons (those of its QDialogButtonBox: Save, Cancel, Close,
  Print...) come after every other control of the round.
Every problem names the screen and the controls by their accessible names."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ui.kit.qt import Qt, QtCore, QtGui, QtWidgets

CONTROLS = (
    QtWidgets.QAbstractButton,
    QtWidgets.QLineEdit,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QComboBox,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QTextEdit,
    QtWidgets.QAbstractItemView,
)
TOLERANCE = 4  # px: controls of one row differ by a pixel or two in their tops


def _inside(widget: QtWidgets.QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def controls(window: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """What a keyboard user must reach: visible, enabled, takes Tab focus."""
    found = []
    for w in window.findChildren(QtWidgets.QWidget):
        if not isinstance(w, CONTROLS) or w.window() is not window:
            continue
        if not (w.isVisible() and w.isEnabled()):
            continue
        if not w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        # parts of another control: a spin box's or combo's own line edit, an item editor
        if _inside(w, (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)):
            continue
        if _inside(w, (QtWidgets.QAbstractItemView,)) and not isinstance(
            w.parentWidget(), QtWidgets.QScrollArea
        ):
            continue
        found.append(w)
    return found


def _owner(widget: QtWidgets.QWidget | None) -> QtWidgets.QWidget | None:
    while widget is not None and _inside(widget, (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)):
        widget = widget.parentWidget()
    return widget


def name(widget: QtWidgets.QWidget) -> str:
    face = QtGui.QAccessible.queryAccessibleInterface(widget)
    text = face.text(QtGui.QAccessible.Text.Name).strip() if face is not None else ""
    if text:
        return text
    for label in widget.window().findChildren(QtWidgets.QLabel):
        if label.buddy() is widget and label.isVisible() and label.text().strip():
            return str(label.text())
    return ""


def _called(widget: QtWidgets.QWidget) -> str:
    label = name(widget).replace("&", "") or widget.objectName() or "(no name)"
    return f"{type(widget).__name__} {label!r}"


def tab_sequence(qtbot, window: QtWidgets.QWidget, presses: int) -> list[QtWidgets.QWidget]:  # type: ignore[no-untyped-def]
    """The control that has focus after each of ``presses`` real Tab key presses."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    sequence: list[QtWidgets.QWidget] = []
    for _ in range(presses):
        focus = QtWidgets.QApplication.focusWidget()
        if focus is None or focus.window() is not window:
            focus = window
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        owner = _owner(QtWidgets.QApplication.focusWidget())
        if owner is not None and owner.window() is window:
            sequence.append(owner)
    return sequence


def place(widget: QtWidgets.QWidget) -> QtCore.QRect:
    """The widget's rectangle in its window, as laid out: a scroll area's content counts from
    the scroll area's top-left whatever the scroll position (Tab scrolls as it goes)."""
    x = y = 0
    node: QtWidgets.QWidget | None = widget
    while node is not None and not node.isWindow():
        parent = node.parentWidget()
        holder = parent.parentWidget() if parent is not None else None
        scrolled = isinstance(holder, QtWidgets.QScrollArea) and parent is holder.viewport()
        if not scrolled:
            x, y = x + node.x(), y + node.y()
        node = parent
    return QtCore.QRect(x, y, widget.width(), widget.height())


def forward(before: QtCore.QRect, after: QtCore.QRect) -> bool:
    """Is ``after`` next in reading order from ``before`` (see the module's docstring)?"""
    same_row = (
        min(before.bottom(), after.bottom()) - max(before.top(), after.top()) >= TOLERANCE
    )
    if same_row:
        return after.left() > before.left() + TOLERANCE or after.left() >= before.right()
    return after.top() > before.top() + TOLERANCE or after.left() >= before.right() - TOLERANCE


def _seen_from(widget: QtWidgets.QWidget, other: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """The widget, or the outermost scroll area that holds it but not ``other``: seen from
    outside, what is inside a scroll area is where the scroll area is."""
    seen, node = widget, widget.parentWidget()
    while node is not None and not node.isWindow():
        if isinstance(node, QtWidgets.QScrollArea) and not (
            node is other or node.isAncestorOf(other)
        ):
            seen = node
        node = node.parentWidget()
    return seen


def _forward_step(before: QtWidgets.QWidget, after: QtWidgets.QWidget) -> bool:
    if before.isAncestorOf(after):  # into a scroll area that takes focus itself
        return True
    return forward(place(_seen_from(before, after)), place(_seen_from(after, before)))


def _bottom_buttons(window: QtWidgets.QWidget) -> set[int]:
    if not isinstance(window, QtWidgets.QDialog):
        return set()
    return {
        id(b)
        for box in window.findChildren(QtWidgets.QDialogButtonBox)
        for b in box.buttons()
    }


def _first_in_chain(window: QtWidgets.QWidget, round_: Sequence[QtWidgets.QWidget]) -> int:
    """Where in the round the window's focus chain starts: Qt focuses it when the window
    opens, and Tab from the last control wraps to it."""
    at = {id(w): n for n, w in enumerate(round_)}
    node = window.nextInFocusChain()
    while node is not window:
        owner = _owner(node)
        if owner is not None and id(owner) in at:
            return at[id(owner)]
        node = node.nextInFocusChain()
    return 0


def order_problems(where: str, window: QtWidgets.QWidget, sequence: Sequence[QtWidgets.QWidget]) -> list[str]:
    """What is out of order in the Tab ``sequence`` (several rounds of presses) of a window."""
    # a date edit's sections (day, month, year) take a Tab each: one visit
    sequence = [w for n, w in enumerate(sequence) if n == 0 or w is not sequence[n - 1]]
    if len(sequence) == 1 and len(controls(window)) > 1:
        return [f"{where}: Tab never leaves {_called(sequence[0])}"]
    if len(sequence) < 2:
        return []
    first = sequence[0]
    back = next((n for n in range(1, len(sequence)) if sequence[n] is first), None)
    if back is None:
        stuck = ", ".join(dict.fromkeys(_called(w) for w in sequence[-3:]))
        return [f"{where}: Tab never comes back to {_called(first)}; it stays among {stuck}"]
    round_ = list(sequence[:back])
    twice = [w for n, w in enumerate(round_) if any(w is v for v in round_[:n])]
    problems = [f"{where}: Tab visits {_called(w)} twice in one round" for w in twice]
    if twice:
        return problems
    at = _first_in_chain(window, round_)
    reading = round_[at:] + round_[:at]
    problems += [
        f"{where}: Tab goes back from {_called(before)} to {_called(after)}"
        for before, after in itertools.pairwise(reading)
        if not _forward_step(before, after)
    ]
    buttons = _bottom_buttons(window)
    fields = [n for n, w in enumerate(reading) if id(w) not in buttons]
    for n, w in enumerate(reading):
        if id(w) in buttons and fields and n < fields[-1]:
            later = reading[fields[-1]]
            problems.append(f"{where}: Tab reaches button {_called(w)} before {_called(later)}")
    return problems


def _radio_group_reached(widget: QtWidgets.QWidget, reached: set[int]) -> bool:
    """Tab reaches one radio button of a group; the arrow keys move within it."""
    if not isinstance(widget, QtWidgets.QRadioButton) or not widget.autoExclusive():
        return False
    parent = widget.parentWidget()
    group = [
        b
        for b in (parent.findChildren(QtWidgets.QRadioButton) if parent is not None else [])
        if b.parentWidget() is parent
    ]
    return any(id(b) in reached for b in group)


def problems(qtbot, where: str, window: QtWidgets.QWidget) -> list[str]:  # type: ignore[no-untyped-def]
    """Reach and order of every page of every tab widget in the window, each as it shows."""
    found = page_problems(qtbot, where, window)
    for tabs in window.findChildren(QtWidgets.QTabWidget):
        for n in range(tabs.count()):
            if tabs.isVisible() and tabs.isTabEnabled(n):
                tabs.setCurrentIndex(n)
                qtbot.wait(10)
                page = f"{where}, tab {tabs.tabText(n).replace('&', '')!r}"
                found += page_problems(qtbot, page, window)
    return list(dict.fromkeys(found))


def page_problems(qtbot, where: str, window: QtWidgets.QWidget) -> list[str]:  # type: ignore[no-untyped-def]
    found_controls = controls(window)
    assert found_controls, f"{where}: nothing to reach?"
    for table in window.findChildren(QtWidgets.QAbstractItemView):
        table.setTabKeyNavigation(False)  # one Tab leaves a table; arrows move inside it
    sequence = tab_sequence(qtbot, window, 2 * len(found_controls) + 10)
    reached = {id(w) for w in sequence}
    found = []
    for w in found_controls:
        label = name(w) or "(no name)"
        if id(w) not in reached and not _radio_group_reached(w, reached):
            found.append(f"{where}: Tab never reaches {type(w).__name__} {label!r}")
        if label == "(no name)":
            hint = w.objectName() or getattr(w, "placeholderText", lambda: "")()
            found.append(f"{where}: {type(w).__name__} {hint!r} has no accessible name")
    return found + order_problems(where, window, sequence)
