"""The ``mash-desktop`` entry point: the GUI by default, CLI subcommands delegated.

Quick from the first second (issue 13): a local start loads Qt and the login dialog only;
the store opens on a worker thread while the person types (ui/store_opening.py), and the
command-line tools, the services and the main window load on first use."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mash_desktop import __version__
from mash_desktop.bootstrap import (
    NoSecureKeyring,
    db_argument,
    default_db_path,
    disable_core_dumps,
    hub_location,
    local_key,
)
from mash_desktop.crash import install_excepthook
from mash_desktop.domain.errors import MashError
from mash_desktop.resources import resource_path
from ui.kit.qt import QtCore, QtGui, QtWidgets
from ui.kit.style import apply_style
from ui.login import FirstAdministratorDialog, LoginDialog, PassphraseDialog
from ui.store_opening import StoreOpening

if TYPE_CHECKING:
    from mash_desktop.services.context import AppContext
    from ui.main_window import MainWindow

GUI_FLAGS = frozenset({"--demo", "--self-test"})


def gui_only(argv: Sequence[str]) -> bool:
    """True when argv holds only the GUI's own options: no need to load the CLI to know."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not (arg.startswith("--db=") or arg in GUI_FLAGS):
            return False
    return True


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mash-desktop", description="MASH Desktop")
    parser.add_argument("--version", action="version", version=f"mash-desktop {__version__}")
    parser.add_argument("--db", type=db_argument, default=None, help="database file or hub address")
    parser.add_argument(
        "--demo", action="store_true", help="fill a new database with synthetic demo data"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation on a temporary encrypted store, then exit (0 = all passed)",
    )
    return parser


def open_gui_context(db: Path | None, parent: QtWidgets.QWidget | None = None) -> AppContext | None:
    """Open (creating on first run) the store; ask for a passphrase where no keyring is secure."""
    from mash_desktop.bootstrap import open_context

    path = db or default_db_path()
    creating = not path.exists()
    try:
        return open_context(path, create=True)
    except NoSecureKeyring as exc:
        dialog = PassphraseDialog(
            f"{exc}\n\n"
            + (
                "Choose a passphrase for the new database. It cannot be recovered: keep it safe."
                if creating
                else f"Enter the passphrase of {path}."
            ),
            creating,
            parent,
        )
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        try:
            return open_context(path, passphrase=dialog.passphrase.text(), create=True)
        except MashError as err:
            QtWidgets.QMessageBox.critical(parent, "MASH Desktop", str(err))
            return None
    except MashError as exc:
        QtWidgets.QMessageBox.critical(parent, "MASH Desktop", str(exc))
        return None


def open_gui_store(db: Path | None) -> AppContext | StoreOpening | None:
    """An existing local store opens on a worker thread (the login dialog shows at once); a
    new one (first run) opens here. Asks for the passphrase first where no keyring is
    secure and none is set in the environment."""
    path = db or default_db_path()
    if not path.exists():
        return open_gui_context(db)
    try:
        return StoreOpening(path, key=local_key(path))
    except NoSecureKeyring as exc:
        dialog = PassphraseDialog(f"{exc}\n\nEnter the passphrase of {path}.", False)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return StoreOpening(path, passphrase=dialog.passphrase.text())
    except MashError as exc:
        QtWidgets.QMessageBox.critical(None, "MASH Desktop", str(exc))
        return None


def _has_users(ctx: AppContext) -> bool:
    from mash_desktop.services.accounts import AccountService

    return AccountService(ctx).has_users()


class AppController(QtCore.QObject):
    """Log-in -> main window -> (log out -> log-in again) until the user quits.

    Given a ``StoreOpening`` instead of an open store, the login dialog shows while the store
    opens; it closes early only if the store cannot be opened or has no user yet."""

    def __init__(self, ctx: AppContext | None, opening: StoreOpening | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.opening = opening
        self.window: MainWindow | None = None
        self._interrupted = False

    def start(self) -> bool:
        if self.ctx is not None and not _has_users(self.ctx):
            first = FirstAdministratorDialog(self.ctx)
            if first.exec() != QtWidgets.QDialog.DialogCode.Accepted:
                return False
        return self.show_login()

    def _opened(self) -> AppContext | None:
        if self.ctx is None and self.opening is not None:
            try:
                self.ctx = self.opening.wait()
            except MashError as exc:
                QtWidgets.QMessageBox.critical(None, "MASH Desktop", str(exc))
        return self.ctx

    def _watch_opening(self, dialog: LoginDialog) -> QtCore.QTimer | None:
        opening = self.opening
        if self.ctx is not None or opening is None:
            return None
        timer = QtCore.QTimer(dialog)
        timer.setInterval(40)

        def check() -> None:
            opening.start()  # the dialog is up: now open the store behind it
            if opening.done.is_set():
                timer.stop()
                if opening.error is not None or not opening.has_users:
                    self._interrupted = True
                    dialog.reject()

        timer.timeout.connect(check)
        timer.start()
        return timer

    def show_login(self) -> bool:
        dialog = LoginDialog(self.ctx, opened=self._opened)
        self._watch_opening(dialog)
        accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        if self._interrupted:  # the store could not be opened, or has no user yet
            self._interrupted = False
            return self._opened() is not None and self.start()
        if not accepted or dialog.actor is None:
            QtWidgets.QApplication.quit()
            return False
        assert self.ctx is not None  # logged in, so open
        # Loaded only now (by the worker already, while the person typed).
        from mash_desktop.services.accounts import AccountService
        from ui.kit.session import UiSession
        from ui.main_window import MainWindow

        session = UiSession(self.ctx, dialog.actor)
        from ui.governance.acknowledge import acknowledged, remind_administrator

        if not acknowledged(session):  # GOV-3: the agreement in force, before any work
            AccountService(self.ctx).logout(dialog.actor)
            return self.show_login()
        self.window = MainWindow(session)
        self.window.logged_out.connect(self._after_logout)
        self.window.show()
        remind_administrator(session, self.window)
        return True

    def _after_logout(self, reason: str) -> None:
        if reason == "window closed":
            QtWidgets.QApplication.quit()
            return
        QtCore.QTimer.singleShot(0, self.show_login)

    def close(self) -> None:
        if self.opening is not None:
            self.opening.close()
        elif self.ctx is not None:
            self.ctx.store.close()


def run_gui(args: argparse.Namespace) -> int:
    existing = QtWidgets.QApplication.instance()
    app = (
        existing
        if isinstance(existing, QtWidgets.QApplication)
        else QtWidgets.QApplication(sys.argv[:1])
    )
    apply_style(app)
    app.setWindowIcon(QtGui.QIcon(str(resource_path("icons", "mash.svg"))))
    try:
        location = hub_location(args.db)
    except MashError as exc:
        QtWidgets.QMessageBox.critical(None, "MASH Desktop", str(exc))
        return 1
    if location is not None:  # a hub: the user's own login opens the connection
        from ui.hub_login import HubAppController

        hub = HubAppController(location)
        try:
            return app.exec() if hub.start() else 0
        finally:
            hub.close()
    opened = open_gui_store(args.db)
    if opened is None:
        return 1
    if isinstance(opened, StoreOpening):
        controller = AppController(None, opened)
        if args.demo:
            ctx = controller._opened()
            if ctx is None:
                return 1
    else:
        controller = AppController(opened)
    try:
        if args.demo and controller.ctx is not None:
            from mash_desktop.demo import fill_demo_data

            fill_demo_data(controller.ctx)
        if not controller.start():
            return 0
        return app.exec()
    finally:
        controller.close()


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the bundle's audit-verify workers start this executable
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not gui_only(args_list):
        from mash_desktop import cli

        if cli.is_cli_invocation(args_list):
            return cli.main(args_list)
    disable_core_dumps()
    install_excepthook()
    args = gui_parser().parse_args(args_list)
    if args.self_test:
        from ui import selftest

        return selftest.main()
    return run_gui(args)


if __name__ == "__main__":
    raise SystemExit(main())
