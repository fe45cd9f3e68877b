"""The logged-in user's session on the GUI side, and the one place service errors are shown.

Views call services through ``session.run(parent, fn, ...)``: a user error is shown in plain
words and raised on as ``ActionFailed`` (nothing more happens); a suspension or a withdrawn
account ends the session at once (ISP-9.1.1). Anything else is a bug: logged without personal
data and shown as such.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from mash_desktop.domain.errors import AccountUnusable, MashError
from mash_desktop.services.context import Actor, AppContext
from ui.kit.messages import notify
from ui.kit.qt import QtCore, QtWidgets, Signal

log = logging.getLogger("mash_desktop.ui")
T = TypeVar("T")


class ActionFailed(Exception):
    """The user was already told why; the caller just stops."""


def show_error(
    parent: QtWidgets.QWidget | None, exc: BaseException, title: str = "MASH Desktop"
) -> None:
    if isinstance(exc, MashError):
        notify(parent, title, str(exc))
    else:
        log.error("unexpected error: %s", type(exc).__name__)
        notify(
            parent,
            title,
            f"Something went wrong inside MASH Desktop ({type(exc).__name__}). Nothing was lost "
            "that had been saved. Please report this to the system administrator.",
            QtWidgets.QMessageBox.Icon.Critical,
        )


class UiSession(QtCore.QObject):
    ended = Signal(str)  # the session must end now (suspended, account removed)

    def __init__(self, ctx: AppContext, actor: Actor) -> None:
        super().__init__()
        self.ctx = ctx
        self.actor = actor
        self._changes: Any = None

    def changes(self) -> Any:
        """The hub's change signal (``changed(table)``), or None on a local store."""
        if self._changes is None:
            from ui.kit.change_feed import open_bridge

            self._changes = open_bridge(self.ctx.store) or False
        return self._changes or None

    def close_changes(self) -> None:
        if self._changes:
            self._changes.close()
        self._changes = False

    def run(
        self, parent: QtWidgets.QWidget | None, fn: Callable[..., T], *args: Any, **kwargs: Any
    ) -> T:
        try:
            return fn(*args, **kwargs)
        except AccountUnusable as exc:  # suspended, locked or removed: the session ends now
            self.ended.emit(str(exc))
            raise ActionFailed(str(exc)) from exc
        except MashError as exc:
            show_error(parent, exc)
            raise ActionFailed(str(exc)) from exc
