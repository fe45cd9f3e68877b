"""The application's name, organisation, fonts and stylesheet."""

from __future__ import annotations

import contextlib

from mash_desktop.resources import resource_path
from ui.kit.fonts import register_app_fonts
from ui.kit.qt import QtWidgets


def apply_style(app: QtWidgets.QApplication) -> None:
    app.setApplicationName("MASH Desktop")
    app.setOrganizationName("Pan Dorset MASH")
    register_app_fonts(app)  # names in every script, with no fonts installed on the PC
    with contextlib.suppress(FileNotFoundError):
        app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
