"""The ``mash-desktop`` entry point: the GUI by default, CLI subcommands delegated."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

from mash_desktop import __version__, cli
from mash_desktop.bootstrap import (
    NoSecureKeyring,
    default_db_path,
    disable_core_dumps,
    hub_location,
    open_context,
)
from mash_desktop.crash import install_excepthook
from mash_desktop.domain.errors import MashError
from mash_desktop.resources import resource_path
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from ui.kit.qt import QtCore, QtGui, QtWidgets
from ui.kit.session import UiSession
from ui.kit.style import apply_style
from ui.login import FirstAdministratorDialog, LoginDialog, PassphraseDialog
from ui.main_window import MainWindow


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mash-desktop", description="MASH Desktop")
    parser.add_argument("--version", action="version", version=f"mash-desktop {__version__}")
    parser.add_argument(
        "--db", type=cli.db_argument, default=None, help="database file or hub address"
    )
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


class AppController(QtCore.QObject):
    """Log-in -> main window -> (log out -> log-in again) until the user quits."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.window: MainWindow | None = None

    def start(self) -> bool:
        accounts = AccountService(self.ctx)
        if not accounts.has_users():
            first = FirstAdministratorDialog(self.ctx)
            if first.exec() != QtWidgets.QDialog.DialogCode.Accepted:
                return False
        return self.show_login()

    def show_login(self) -> bool:
        dialog = LoginDialog(self.ctx)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted or dialog.actor is None:
            QtWidgets.QApplication.quit()
            return False
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
    ctx = open_gui_context(args.db)
    if ctx is None:
        return 1
    try:
        if args.demo:
            from mash_desktop.demo import fill_demo_data

            fill_demo_data(ctx)
        controller = AppController(ctx)
        if not controller.start():
            return 0
        return app.exec()
    finally:
        ctx.store.close()


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the bundle's audit-verify workers start this executable
    args_list = list(sys.argv[1:] if argv is None else argv)
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
