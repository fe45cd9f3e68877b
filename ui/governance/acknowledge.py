"""At first login, and after each new version of the agreement, the user acknowledges the
version in force before working (GOV-3, ISP-10.1.1)."""

from __future__ import annotations

from mash_desktop.services.governance.partners import AgreementRow, PartnerService
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession


class AcknowledgeDialog(QtWidgets.QDialog):
    def __init__(self, agreement: AgreementRow, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The information sharing agreement")
        self.setMinimumWidth(520)
        text = QtWidgets.QLabel(
            f"<p><b>Pan-Dorset MASH information sharing agreement, version "
            f"{agreement.version}</b>, in force from "
            f"{agreement.effective_on.strftime('%d/%m/%Y')}.</p>"
            + (f"<p>{agreement.summary}</p>" if agreement.summary else "")
            + "<p>Before you work in the hub, confirm that you have read this version of the "
            "agreement and the Information Security Protocol, and that you will share, keep "
            "and destroy information only as they allow. Your answer is recorded with the "
            "date and the version.</p>"
        )
        text.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox()
        self.accept_button = buttons.addButton(
            "I have &read it and will work within it",
            QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.addButton("&Log out", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)


def acknowledged(session: UiSession, parent: QtWidgets.QWidget | None = None) -> bool:
    """True when the user may go on: nothing to acknowledge, or they acknowledged it now."""
    service = PartnerService(session.ctx)
    pending = service.pending_acknowledgement(session.actor)
    if pending is None:
        return True
    if AcknowledgeDialog(pending, parent).exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return False
    service.acknowledge(session.actor, pending.id)
    return True


def remind_administrator(session: UiSession, window: QtWidgets.QWidget) -> str | None:
    """From 60 days before the agreement's annual review (and once overdue), the
    administrator is told at login (GOV-2). Returns the reminder shown, if any."""
    from ui.kit.messages import notify

    reminder = PartnerService(session.ctx).review_reminder(session.actor)
    if reminder:
        notify(window, "Review of the agreement", reminder)
    return reminder
