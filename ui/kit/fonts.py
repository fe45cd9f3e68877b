"""The shipped fonts, registered with Qt at start-up, so a child's name shows in its own script
on a workstation that has no fonts for it (a locked-down hub PC, the bundle on a bare server).

The application font lists Noto Sans first (Latin with every diacritic, Greek, Cyrillic),
then the script fonts in the printing package's order (``mash_desktop.printing.fonts.
FALLBACKS``), then DejaVu Sans for any symbol left: Qt takes each run of a script from the
first family that supports it. Noto Sans rather than DejaVu leads because DejaVu also has
(rougher) Arabic and Hebrew letters, so Qt would draw Arabic names with it and fall back
mid-word for the Urdu and Pashto letters it lacks, breaking the joins; Noto Sans has none,
so Arabic script goes to Noto Sans Arabic whole.
"""

from __future__ import annotations

from mash_desktop.printing.fonts import FALLBACKS
from mash_desktop.resources import resource_path
from ui.kit.qt import QtCore, QtGui, QtWidgets

PRIMARY_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
LAST_RESORT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def register_app_fonts(app: QtWidgets.QApplication) -> list[str]:
    """Add the shipped fonts to Qt and make them the application font; returns the families
    in the order Qt tries them. Safe to call more than once."""
    families: list[str] = []
    for file in (*PRIMARY_FILES, *(f.file for f in FALLBACKS), *LAST_RESORT_FILES):
        font_id = QtGui.QFontDatabase.addApplicationFont(str(resource_path("fonts", file)))
        for family in QtGui.QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    if not families:
        return families
    font = QtGui.QFont(app.font())
    font.setFamilies(families)
    app.setFont(font)
    # Widgets that name a family of their own still fall back to the script fonts.
    QtGui.QFont.insertSubstitutions(families[0], families[1:])
    # Qt tries each family for each complex script and reports every one that lacks that
    # script's OpenType tables (Noto Sans Thai for Arabic...): expected here, and noise in a
    # terminal or the self-test's output.
    QtCore.QLoggingCategory.setFilterRules("qt.text.font.db.info=false")
    return families


def shows_fully(text: str, font: QtGui.QFont) -> bool:
    """True when Qt lays ``text`` out in ``font`` (with its fallbacks) without an empty box:
    no glyph run holds glyph 0, the font's 'missing character' glyph."""
    layout = QtGui.QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return all(0 not in run.glyphIndexes() for run in layout.glyphRuns())
