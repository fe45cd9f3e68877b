"""Screenshots of screens under test, opt-in: set MASH_SCREENSHOTS to a folder to keep them
(for a person to look at). Without it nothing is written: tests write only under tmp_path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the core tests keep PDFs here too and run without Qt
    from ui.kit.qt import QtWidgets


def save_shot(widget: QtWidgets.QWidget, name: str) -> Path | None:
    """Grab ``widget`` to ``$MASH_SCREENSHOTS/name``; returns the file, or None when off."""
    folder = os.environ.get("MASH_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path / name))
    return path / name


def save_pdf(data: bytes, name: str) -> Path | None:
    """Keep a printed PDF in ``$MASH_SCREENSHOTS/name`` (to render with pdftoppm and look at)."""
    folder = os.environ.get("MASH_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    (path / name).write_bytes(data)
    return path / name


def save_screen_shot(windows: list[QtWidgets.QWidget], name: str) -> Path | None:
    """The 1366x768 screen as a person sees it: ``windows`` (bottom first) painted where they
    stand, e.g. the main window, a dialog over it and the question the dialog asks."""
    folder = os.environ.get("MASH_SCREENSHOTS")
    if not folder:
        return None
    from ui.kit.qt import QtGui

    screen = QtGui.QPixmap(1366, 768)
    screen.fill(QtGui.QColor("#404040"))
    painter = QtGui.QPainter(screen)
    for window in windows:
        painter.drawPixmap(window.geometry().topLeft(), window.grab())
    painter.end()
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    screen.save(str(path / name))
    return path / name
