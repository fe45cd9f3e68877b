"""The status bar's watch on printed copies (SEC-5): asks the spooler about the user's print
jobs, voids those it cancelled or gave up on, and says which copies are not collected from
the printer yet. Copies left past the hub's longer limit open a security incident."""

from __future__ import annotations

from mash_desktop.domain.errors import AuthenticationError, MashError
from mash_desktop.printing.spool import PrintSpool, local_spool
from mash_desktop.services.copies.tracking import CopyTracking
from ui.kit.messages import notify
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import UiSession

WATCH_INTERVAL_MS = 15_000


class PrintWatch(QtCore.QObject):
    def __init__(
        self,
        session: UiSession,
        label: QtWidgets.QLabel,
        spool: PrintSpool | None = None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.label = label
        self.label.setObjectName("printWatch")
        self.label.setVisible(False)
        self.tracking = CopyTracking(session.ctx)
        self.spool = spool if spool is not None else local_spool()
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(WATCH_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.news: list[str] = []

    def check(self) -> None:
        """One round: the spooler's news, then what is still waiting in a tray."""
        if not self.timer.isActive():
            return  # stopped (the window closed) after this round was queued
        actor = self.session.actor
        try:
            news = self.tracking.follow_my_jobs(actor, self.spool) if self.spool else []
            waiting = self.tracking.sweep(actor)
        except AuthenticationError as exc:
            self.timer.stop()
            self.session.ended.emit(str(exc))
            return
        except MashError:
            return  # the store is busy or away: try again next round
        for item in news:
            text = item.describe()
            self.news.append(text)
            notify(self.label.window(), "Printed copies", text)
        if news:
            self.session.changed.emit()  # voided copies: registers on screen refresh
        text = waiting.describe()
        self.label.setText(text)
        self.label.setToolTip(", ".join(waiting.references))
        self.label.setVisible(bool(text))

    def stop(self) -> None:
        self.timer.stop()
