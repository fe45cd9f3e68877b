"""Keyboard shortcuts, one way: ``shortcut(keys, parent, slot)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.kit.qt import QtGui, QtWidgets

Keys = str | QtGui.QKeySequence | QtGui.QKeySequence.StandardKey


def shortcut(keys: Keys, parent: QtWidgets.QWidget, slot: Callable[[], Any]) -> QtGui.QShortcut:
    """A shortcut on ``parent`` (and its children) that calls ``slot``."""
    sequence = keys if isinstance(keys, QtGui.QKeySequence) else QtGui.QKeySequence(keys)
    made = QtGui.QShortcut(sequence, parent)
    made.activated.connect(slot)
    return made
