"""The hub's times for printed copies (SEC-5), on the administration screen: when a copy sent
to the printer but not scanned in shows as not collected, when that opens a security incident,
and how long a print may wait at a paused printer before it is cancelled and voided."""

from __future__ import annotations

import contextlib

from mash_desktop.services.settings import SettingsService
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession

FIELDS = (
    ("copy_collect_minutes", "Printed copy not scanned in: show it as not collected after", 1, 240),
    (
        "copy_uncollected_incident_minutes",
        "Still not scanned in: open a security incident after",
        2,
        1440,
    ),
    ("print_hold_void_minutes", "Print waiting at a paused printer: cancel it after", 1, 1440),
)


class PrintSettings(QtWidgets.QWidget):
    def __init__(self, session: UiSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = SettingsService(session.ctx)
        self.boxes: dict[str, QtWidgets.QSpinBox] = {}
        form = QtWidgets.QGridLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for n, (key, text, low, high) in enumerate(FIELDS):
            box = QtWidgets.QSpinBox()
            box.setObjectName(key)
            box.setRange(low, high)
            box.setSuffix(" minutes")
            label = QtWidgets.QLabel(text)
            label.setBuddy(box)
            form.addWidget(label, n, 0)
            form.addWidget(box, n, 1)
            self.boxes[key] = box
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setVisible(False)
        save = QtWidgets.QPushButton("Save &print times")
        save.clicked.connect(self.save)
        form.addWidget(self.error, len(FIELDS), 0)
        form.addWidget(save, len(FIELDS), 1)
        form.setColumnStretch(2, 1)
        self.load()

    def load(self) -> None:
        with contextlib.suppress(ActionFailed):
            for key, box in self.boxes.items():
                box.setValue(
                    int(self.session.run(self, self.settings.get, self.session.actor, key))
                )

    def save(self) -> bool:
        collect = self.boxes["copy_collect_minutes"].value()
        if self.boxes["copy_uncollected_incident_minutes"].value() <= collect:
            self.error.setText("The security incident must come later than 'not collected'.")
            self.error.setVisible(True)
            return False
        self.error.setVisible(False)
        with contextlib.suppress(ActionFailed):
            for key, box in self.boxes.items():
                self.session.run(self, self.settings.set, self.session.actor, key, box.value())
            return True
        return False
