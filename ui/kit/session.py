"""The logged-in user's session on the GUI side, and the one place service errors are shown.

One way to call a service from a screen:

- ``session.act(parent, service.method, *args)`` for a change: the acting user is supplied as
  the first argument, a user error is shown once in plain words, and the result (or None when
  it failed) comes back. A success emits ``session.changed``: areas listen to it and refresh
  themselves (no screen calls another screen's refresh).
- ``session.fetch(parent, service.method, *args)`` for a read: the same, without the signal.
- ``session.run(parent, fn, *args)`` is the layer under both for code that must know the call
  failed: it raises ``ActionFailed`` after showing the message.

A suspended, locked or removed account ends the session at once (ISP-9.1.1). Anything else is
a bug: logged without personal data and shown as such.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from mash_desktop.domain.errors import (
    AccountUnusable,
    MashError,
    PermissionDenied,
    ServerUnreachable,
)
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.object_names import agency_names
from ui.kit.agency_words import remember
from ui.kit.messages import confirm_in_status_bar, notify
from ui.kit.qt import QtCore, QtWidgets, Signal

OTHERS_CHANGES_COALESCE_MS = 200
log = logging.getLogger("mash_desktop.ui")
T = TypeVar("T")
P = ParamSpec("P")


KEPT_HERE_TITLE = "The hub cannot be reached"
KEPT_HERE_MESSAGE = (
    "The hub server cannot be reached (it may be restarting, or the network is down), so "
    "this was not saved yet.\n\n"
    "What you typed is kept on this computer, encrypted, and this window stays open. "
    "MASH Desktop reconnects by itself: press Save again in a moment. If you close MASH "
    "Desktop first, this form offers what you typed the next time you open it."
)


class ActionFailed(Exception):
    """The user was already told why; the caller just stops."""


SESSION_OVER = "This session has ended: log in again."


def keep_typed_text(parent: QtWidgets.QWidget | None) -> bool:
    """The save failed because the hub cannot be reached: the form holding what the user
    typed (a widget with ``keep_typed_text_here``) keeps it on this computer (SEC-9)."""
    widget = parent
    while widget is not None:
        keeper = getattr(widget, "keep_typed_text_here", None)
        if callable(keeper):
            return bool(keeper())
        widget = widget.parentWidget()
    return False


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
    ended = Signal(str)  # the session must end now (suspended, locked, account removed)
    changed = Signal()  # a change went through: areas showing data refresh themselves

    def __init__(self, ctx: AppContext, actor: Actor) -> None:
        super().__init__()
        self.ctx = ctx
        self.actor = actor
        self._changes: Any = None
        self.over = False
        remember(agency_names(ctx))  # agencies are shown by name, never by code

    def changes(self) -> Any:
        """The hub's change signal (``changed(table)``), or None on a local store. On a hub,
        another workstation's change also emits ``changed`` (once per burst), so every area
        that refreshes after this user's own changes refreshes after theirs too."""
        if self._changes is None:
            from ui.kit.change_feed import open_bridge

            self._changes = open_bridge(self.ctx.store) or False
            if self._changes:
                self._burst = QtCore.QTimer(self)
                self._burst.setSingleShot(True)
                self._burst.setInterval(OTHERS_CHANGES_COALESCE_MS)
                self._burst.timeout.connect(self.changed.emit)
                # A method of this QObject, not a lambda: Qt disconnects it when the session
                # is deleted, so a feed that outlives it never reaches a deleted timer.
                self._changes.changed.connect(self._others_changed)
        return self._changes or None

    def _others_changed(self, _table: str) -> None:
        self._burst.start()

    def close_changes(self) -> None:
        if self._changes:
            self._changes.close()
        self._changes = False

    def end(self) -> None:
        """Logged out (SEC-2): from now on every call through this session is refused, so a
        late click on a form of the ended session changes nothing."""
        self.over = True

    def run(
        self, parent: QtWidgets.QWidget | None, fn: Callable[..., T], *args: Any, **kwargs: Any
    ) -> T:
        if self.over:  # nobody to tell: the session's windows are closed
            raise ActionFailed(SESSION_OVER)
        try:
            return fn(*args, **kwargs)
        except AccountUnusable as exc:  # suspended, locked or removed: the session ends now
            self.ended.emit(str(exc))
            raise ActionFailed(str(exc)) from exc
        except ServerUnreachable as exc:
            if keep_typed_text(parent):
                notify(parent, KEPT_HERE_TITLE, KEPT_HERE_MESSAGE)
            else:
                show_error(parent, exc)
            raise ActionFailed(str(exc)) from exc
        except MashError as exc:
            show_error(parent, exc)
            raise ActionFailed(str(exc)) from exc

    def act(
        self,
        parent: QtWidgets.QWidget | None,
        fn: Callable[Concatenate[Actor, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T | None:
        """A change as the logged-in user: its result, or None after showing why it failed."""
        try:
            result = self.run(parent, fn, self.actor, *args, **kwargs)
        except ActionFailed:
            return None
        self.changed.emit()
        return result

    def act_confirmed(
        self,
        parent: QtWidgets.QWidget,
        done: str,
        fn: Callable[Concatenate[Actor, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> bool:
        """A change as the logged-in user that confirms itself in the status bar with
        ``done`` (e.g. "Account suspended."); True when it was made."""
        try:
            self.run(parent, fn, self.actor, *args, **kwargs)
        except ActionFailed:
            return False
        self.changed.emit()
        confirm_in_status_bar(parent, done)
        return True

    def fetch(
        self,
        parent: QtWidgets.QWidget | None,
        fn: Callable[Concatenate[Actor, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T | None:
        """A read as the logged-in user: its result, or None after showing why it failed."""
        try:
            return self.run(parent, fn, self.actor, *args, **kwargs)
        except ActionFailed:
            return None

    def fetch_or_refusal(
        self,
        parent: QtWidgets.QWidget | None,
        fn: Callable[Concatenate[Actor, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T | str | None:
        """A read where a refusal is itself the answer to show in place ("the outcome is fed
        back to the partners involved"), not an error box: the result, the refusal's words, or
        None after showing any other failure."""

        def read(actor: Actor, /, *inner: P.args, **named: P.kwargs) -> T | str:
            try:
                return fn(actor, *inner, **named)
            except PermissionDenied as exc:
                return str(exc)

        return self.fetch(parent, read, *args, **kwargs)
