"""An earlier contact opened read-only (RQ-8, RQ-3): from the matches panel and the person
search. Nothing on it can be changed: no claim, no triage, no decision; only reading. The
view is audited by the contact service like any other view of a contact (SEC-3)."""

from __future__ import annotations

import html

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import ContactStatus, Rag
from mash_desktop.services.contacts.rows import ContactDetail
from mash_desktop.services.contacts.service import ContactService
from ui.contacts.details import details_html
from ui.kit.qt import QtWidgets
from ui.kit.screen import fit_to_screen
from ui.kit.session import UiSession


def _state_html(d: ContactDetail) -> str:
    e = html.escape
    status = ContactStatus(d.status).label if d.status in set(ContactStatus) else d.status
    lines = [
        f"<b>Status:</b> {e(status)}; RAG {e(Rag(d.rag).label)}"
        + (f" ({e(d.rag_reason)})" if d.rag_reason else "")
    ]
    if d.csc_case_open:
        team = d.allocated_team or "team not named"
        lines.append(f"<b style='color:#8b0000'>OPEN CSC CASE: {e(team)}</b>")
    if d.open_case_elsewhere:
        lines.append(f"<b style='color:#8b0000'>{e(d.open_case_elsewhere)}</b>")
    return "<p>" + "<br>".join(lines) + "</p>"


class ReadOnlyContactDialog(QtWidgets.QDialog):
    """Nothing is typed here: a record to read, and Close."""

    def __init__(
        self, session: UiSession, contact_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        service = ContactService(session.ctx)
        self.detail = session.run(parent or self, service.get, session.actor, contact_id)
        d = self.detail
        self.setWindowTitle(f"Contact {d.reference} (read only) - OFFICIAL-SENSITIVE")
        heading = QtWidgets.QLabel(
            f"Contact {d.reference}, received {format_london(d.received_at)}"
        )
        heading.setObjectName("dialogHeading")
        banner = QtWidgets.QLabel(
            "Read only: an earlier contact, shown for reference. Nothing here can be changed; "
            "open it from the referral queue to work it."
        )
        banner.setObjectName("readOnlyBanner")
        banner.setWordWrap(True)
        self.details = QtWidgets.QTextBrowser()
        self.details.setObjectName("readOnlyDetails")
        self.details.setAccessibleName("Contact details (read only)")
        self.details.setHtml(_state_html(d) + details_html(d))
        close = QtWidgets.QPushButton("Close")
        close.setDefault(True)
        close.clicked.connect(self.close)
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(banner)
        layout.addWidget(self.details, 1)
        layout.addLayout(row)
        fit_to_screen(self, 900, 640)
