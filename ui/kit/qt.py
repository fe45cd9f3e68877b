"""The one place Qt is imported from, so binding workarounds live in one file."""

from PySide6 import QtCore, QtGui, QtPrintSupport, QtUiTools, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot
from shiboken6 import isValid as is_alive

__all__ = [
    "Qt",
    "QtCore",
    "QtGui",
    "QtPrintSupport",
    "QtUiTools",
    "QtWidgets",
    "Signal",
    "Slot",
    "is_alive",
]
