"""The GUI half of ``mash-desktop --self-test``: open and close the main window.

The core steps (store, record, audit chain, PDF) are in ``mash_desktop.selftest``; this adds
the "window" step, which loads the Qt platform plugin, the stylesheet and icon, builds the
main window for the self-test's administrator, shows it and closes it (logging out).
"""

from __future__ import annotations

import os
import sys

from mash_desktop.printing.sample_names import NAMES_BY_SCRIPT
from mash_desktop.resources import resource_path
from mash_desktop.selftest import SelfTestState, Step, run_self_test
from ui.kit.fonts import shows_fully
from ui.kit.qt import QtCore, QtGui, QtWidgets

PLATFORM_ENV = "QT_QPA_PLATFORM"
# Qt's offscreen plugin warns about every window it cannot size like a real one; in the
# self-test's output that line would read like a failure, so it alone is dropped.
_HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def has_display() -> bool:
    """Whether a real window can be shown (Windows and macOS always; X11 or Wayland on Linux)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def choose_platform() -> str:
    """Use offscreen where there is no display (the self-test only); else Qt's own choice."""
    if not os.environ.get(PLATFORM_ENV) and not has_display():
        os.environ[PLATFORM_ENV] = "offscreen"
    return os.environ.get(PLATFORM_ENV, "default")


def step_window(state: SelfTestState) -> str:
    from ui.kit.session import UiSession
    from ui.kit.style import apply_style
    from ui.main_window import MainWindow

    ctx, actor = state.require_ctx(), state.require_actor()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    apply_style(app)  # type: ignore[arg-type]
    unshown = [
        script
        for script, name in NAMES_BY_SCRIPT
        if not shows_fully(name, QtWidgets.QApplication.font())
    ]
    if unshown:
        raise RuntimeError(f"names shown as empty boxes on screen: {', '.join(unshown)}")
    icon = QtGui.QIcon(str(resource_path("icons", "mash.svg")))
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise RuntimeError("the application icon (SVG) cannot be drawn: Qt's svg plugin is missing")
    # A message box would wait for a click nobody gives: close it and fail the step instead.
    dialogs: list[str] = []
    watchdog = QtCore.QTimer()
    watchdog.setInterval(100)
    watchdog.timeout.connect(lambda: _close_modal(dialogs))
    watchdog.start()
    try:
        window = MainWindow(UiSession(ctx, actor))
        ended: list[str] = []
        window.logged_out.connect(ended.append)
        window.setWindowIcon(icon)
        window.show()
        QtWidgets.QApplication.processEvents()
        if not window.isVisible():
            raise RuntimeError("the main window did not show")
        # Build every area the administrator sees: each view's imports, forms and queries.
        keys = [area.key for area in window.areas]
        for key in keys:
            window.area_widget(key)
            QtWidgets.QApplication.processEvents()
        window.close()
        QtWidgets.QApplication.processEvents()
        if window.isVisible() or ended != ["window closed"]:
            raise RuntimeError("the main window did not close and log out")
        window.deleteLater()
        QtWidgets.QApplication.processEvents()
    finally:
        watchdog.stop()
    if dialogs:
        raise RuntimeError(f"a dialog interrupted the window: {dialogs[0]}")
    platform = QtGui.QGuiApplication.platformName()
    return (
        f"main window opened on the '{platform}' platform, its {len(keys)} areas built "
        f"({', '.join(keys)}), closed; names in {len(NAMES_BY_SCRIPT)} scripts shown in "
        "the shipped fonts"
    )


def _close_modal(seen: list[str]) -> None:
    widget = QtWidgets.QApplication.activeModalWidget()
    if widget is None:
        return
    text = widget.text() if isinstance(widget, QtWidgets.QMessageBox) else ""
    seen.append(f"{widget.windowTitle()}: {text}".strip(": "))
    widget.close()


GUI_STEPS: tuple[Step, ...] = (("window", step_window),)


def _qt_messages(_kind: QtCore.QtMsgType, _context: QtCore.QMessageLogContext, text: str) -> None:
    if text not in _HARMLESS_QT_MESSAGES:
        print(text, file=sys.stderr, flush=True)


def main() -> int:
    """Run every step, one line each on stdout; 0 only if all passed."""
    choose_platform()
    previous = QtCore.qInstallMessageHandler(_qt_messages)
    try:
        report = run_self_test(GUI_STEPS, emit=lambda line: print(line, flush=True))
    finally:
        QtCore.qInstallMessageHandler(previous)
    return 0 if report.ok else 1
