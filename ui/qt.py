"""The one place Qt is imported from, so binding workarounds live in one file."""

from PySide6 import QtCore, QtGui, QtUiTools, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = ["Qt", "QtCore", "QtGui", "QtUiTools", "QtWidgets", "Signal", "Slot"]
