from __future__ import annotations

import pytest

from ui.kit.qt import QtWidgets


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


@pytest.fixture
def store_engine() -> str:
    """Screens are tested over the local store; the services run on both engines in core."""
    return "sqlcipher"
