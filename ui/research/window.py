"""The agency research panels of one contact in their own window (from the contact view and
from Research due). Systems checked typed but not saved ask before the window closes (SEC-9)."""

from __future__ import annotations

from ui.kit.dialogs import GuardedForm
from ui.kit.qt import Qt, QtWidgets
from ui.kit.screen import fit_to_screen
from ui.kit.session import UiSession
from ui.research.research_widget import ContactResearchWidget


class ResearchWindow(GuardedForm):
    what = "This agency research"
    save_label = "&Save draft"
    saves_every_field = True  # the systems checked are its only fields; Save draft keeps them

    def __init__(
        self, session: UiSession, contact_id: int, title: str, parent: QtWidgets.QWidget
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.widget = ContactResearchWidget(session, contact_id)
        QtWidgets.QVBoxLayout(self).addWidget(self.widget)
        fit_to_screen(self, 1100, 760)

    @property
    def has_unsaved_changes(self) -> bool:
        return any(p.unsaved_systems() is not None for p in self.widget.panels.values())

    def save_and_close(self) -> None:
        """Save each panel's typed systems as its draft; close when all are saved."""
        for panel in [p for p in self.widget.panels.values() if p.unsaved_systems() is not None]:
            panel.save_draft()
        if not self.has_unsaved_changes:
            self.close_without_asking()
