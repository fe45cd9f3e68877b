"""The Governance area: one tab per topic, each shown only to the roles that can use it."""

from __future__ import annotations

from mash_desktop.domain.roles import GOVERNANCE_READERS as AGREEMENT_READERS
from mash_desktop.domain.roles import RECORDS_MANAGERS as RECORDS_ROLES
from mash_desktop.domain.roles import SUBJECT_ACCESS_OFFICERS
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession


class GovernanceArea(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        from ui.governance.board_view import BoardView
        from ui.governance.partners_view import PartnersView
        from ui.governance.retention_view import RetentionView

        heading = QtWidgets.QLabel("Information governance")
        heading.setObjectName("areaHeading")
        self.tabs = QtWidgets.QTabWidget()
        role = session.actor.role
        if role in RECORDS_ROLES:
            self.tabs.addTab(RetentionView(session), "&Retention and destruction")
        if role in SUBJECT_ACCESS_OFFICERS:
            from ui.governance.subject_access_view import SubjectAccessView

            self.tabs.addTab(SubjectAccessView(session), "&Subject access")
        if role in AGREEMENT_READERS:
            self.tabs.addTab(PartnersView(session), "A&greement and partners")
            self.tabs.addTab(BoardView(session), "Management &Board figures")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
