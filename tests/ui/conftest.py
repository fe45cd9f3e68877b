from __future__ import annotations

import pytest

from tests.cups_server import cups_server, cups_server_without_printers  # noqa: F401 (fixtures)
from ui.qt import QtWidgets


@pytest.fixture(autouse=True)
def close_stray_windows(qtbot):
    yield
    for widget in QtWidgets.QApplication.topLevelWidgets():
        if isinstance(widget, QtWidgets.QMessageBox | QtWidgets.QDialog):
            widget.close()


def notifications() -> list[str]:
    return [
        w.text()
        for w in QtWidgets.QApplication.topLevelWidgets()
        if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()
    ]
