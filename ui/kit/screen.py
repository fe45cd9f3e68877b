"""Window sizes that respect the screen a workstation actually has."""

from __future__ import annotations

from ui.kit.qt import QtGui, QtWidgets


def fit_to_screen(widget: QtWidgets.QWidget, width: int, height: int) -> None:
    """Resize to the wanted size, or to 95% of the available screen if that is smaller."""
    screen = widget.screen() or QtGui.QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, int(area.width() * 0.95))
        height = min(height, int(area.height() * 0.95))
    widget.resize(width, height)


def make_room(widget: QtWidgets.QWidget) -> None:
    """Grow the window for the messages now shown (wrapped to its width), so no field is
    squeezed or overlapped and every message shows whole."""
    window = widget.window()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    width = max(window.width(), window.minimumSizeHint().width())
    height = max(window.height(), window.heightForWidth(width), window.minimumSizeHint().height())
    window.resize(width, height)
