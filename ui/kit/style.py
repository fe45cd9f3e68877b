"""The application's name, organisation, fonts and stylesheet."""

from __future__ import annotations

import contextlib

from mash_desktop.resources import resource_path
from ui.kit.fonts import register_app_fonts
from ui.kit.qt import QtGui, QtWidgets


def apply_style(app: QtWidgets.QApplication) -> None:
    app.setApplicationName("MASH Desktop")
    app.setOrganizationName("Pan Dorset MASH")
    register_app_fonts(app)  # names in every script, with no fonts installed on the PC
    with contextlib.suppress(FileNotFoundError):
        app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))


TEXT_ROLES = (
    QtGui.QPalette.ColorRole.Text,
    QtGui.QPalette.ColorRole.WindowText,
    QtGui.QPalette.ColorRole.ButtonText,
    QtGui.QPalette.ColorRole.Base,
    QtGui.QPalette.ColorRole.Button,
)


def readable_when_disabled(widget: QtWidgets.QWidget) -> None:
    """A disabled choice in a finished record reads like an enabled one: its text and
    background keep their normal colours instead of greying out. A push button keeps its
    greyed look: it is an action that cannot be taken, not content to read."""
    if isinstance(widget, QtWidgets.QPushButton):
        return
    palette = widget.palette()
    for role in TEXT_ROLES:
        palette.setColor(
            QtGui.QPalette.ColorGroup.Disabled,
            role,
            palette.color(QtGui.QPalette.ColorGroup.Active, role),
        )
    widget.setPalette(palette)
