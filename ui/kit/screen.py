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
