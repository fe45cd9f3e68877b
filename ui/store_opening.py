"""Opening the local store on a worker thread while the login dialog is up (issue 13).

A passphrase store pays SQLCipher's key derivation on every open, and the store, the services
and the first screen's modules take a while to load: all of it runs while the person types
their user name and password, not before the dialog shows. Nothing here touches a widget;
the GUI thread asks ``wait()`` (which keeps the dialog painting) when it needs the store.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mash_desktop.domain.errors import MashError
from ui.kit.qt import QtCore, QtWidgets

if TYPE_CHECKING:
    from mash_desktop.services.context import AppContext


class StoreOpening:
    """``open_context(path, key=..., passphrase=..., create=True)`` on a worker thread."""

    def __init__(self, path: Path, key: Any = None, passphrase: str | None = None) -> None:
        """``key``: the store's KeyMaterial (from ``bootstrap.local_key``), or None."""
        self.path = path
        self.key = key
        self.passphrase = passphrase
        self.ctx: AppContext | None = None
        self.has_users = True
        self.error: MashError | None = None
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._open, name="store-opening", daemon=True)

    def start(self) -> None:
        """Begin (once): after the dialog has painted, since the worker's imports compete
        with the GUI thread for the interpreter."""
        if not self._thread.is_alive() and not self.done.is_set():
            self._thread.start()

    def _open(self) -> None:
        try:
            from mash_desktop.bootstrap import open_context
            from mash_desktop.services.accounts import AccountService

            self.ctx = open_context(
                self.path, key=self.key, passphrase=self.passphrase, create=True
            )
            self.has_users = AccountService(self.ctx).has_users()
            # What the first screen after logging in needs, loaded now (modules only).
            import ui.contacts.queue_view
            import ui.main_window  # noqa: F401
        except MashError as exc:
            self.error = exc
        except Exception as exc:  # shown to the person on the GUI thread, never lost
            self.error = MashError(f"The database could not be opened: {exc}")
        finally:
            self.done.set()

    def wait(self) -> AppContext:
        """The open store, once it is (the GUI keeps painting meanwhile); raises its error."""
        self.start()
        while not self.done.wait(0.01):
            QtWidgets.QApplication.processEvents(
                QtCore.QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
            )
        if self._thread.is_alive():
            self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.ctx is not None
        return self.ctx

    def close(self) -> None:
        """Wait for the worker, then close whatever it opened."""
        if self._thread.is_alive():
            self._thread.join()
        if self.ctx is not None:
            self.ctx.store.close()
