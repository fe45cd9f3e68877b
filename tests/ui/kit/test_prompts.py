"""A reason asked for on its own keeps what was typed like every other form (SEC-9)."""

from __future__ import annotations

from ui.kit.prompts import TextPrompt, ask_text
from ui.kit.qt import Qt, QtCore, QtWidgets


def _prompt() -> TextPrompt:
    prompt = QtWidgets.QApplication.activeModalWidget()
    assert isinstance(prompt, TextPrompt)
    return prompt


def _box() -> QtWidgets.QMessageBox:
    box = QtWidgets.QApplication.activeModalWidget()
    assert isinstance(box, QtWidgets.QMessageBox), box
    return box


def test_escape_after_typing_asks_and_keep_editing_keeps_the_words(qtbot) -> None:
    # REQ: SEC-9
    seen: list[str] = []

    def type_then_escape() -> None:
        prompt = _prompt()
        qtbot.keyClicks(prompt.field, "Cover for annual leave")
        qtbot.keyClick(prompt.field, Qt.Key.Key_Escape)
        QtCore.QTimer.singleShot(0, keep_editing)

    def keep_editing() -> None:
        box = _box()
        seen.append(box.text())
        qtbot.mouseClick(box.keep_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        QtCore.QTimer.singleShot(0, press_enter)

    def press_enter() -> None:
        prompt = _prompt()
        seen.append(prompt.value())
        qtbot.keyClick(prompt.field, Qt.Key.Key_Return)

    QtCore.QTimer.singleShot(0, type_then_escape)
    answer = ask_text(None, "Take over", "Why take this contact over?")
    assert seen == ["Your answer has changes that are not saved yet.", "Cover for annual leave"]
    assert answer == "Cover for annual leave"


def test_discard_gives_no_answer_and_untouched_escape_closes_at_once(qtbot) -> None:
    # REQ: SEC-9
    def type_then_escape() -> None:
        prompt = _prompt()
        qtbot.keyClicks(prompt.field, "half a reason")
        qtbot.keyClick(prompt.field, Qt.Key.Key_Escape)
        QtCore.QTimer.singleShot(0, discard)

    def discard() -> None:
        qtbot.mouseClick(_box().discard_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    QtCore.QTimer.singleShot(0, type_then_escape)
    assert ask_text(None, "Suspend account", "Why?", multiline=True) is None

    QtCore.QTimer.singleShot(0, lambda: qtbot.keyClick(_prompt().field, Qt.Key.Key_Escape))
    assert ask_text(None, "Suspend account", "Why?") is None
