"""Start-up time (issue 13, "Quick from the first second") on a passphrase store.

Builds a store of synthetic contacts (benchmarks/queue.py's generator) keyed with a passphrase
(SQLCipher's KDF runs on every open), then measures each step in a fresh process, several
runs, and prints the median and the spread (lowest-highest):

- imports: ``import ui.app`` (what the entry point loads before it does anything);
- launch -> login dialog: from starting the process to the login dialog shown;
- open (KDF): opening the store with the passphrase, alone;
- login: ``AccountService.login``, alone (argon2 and the audited outcome);
- main window -> first queue page: building the window until the queue shows its first page;
- the whole start as a person does it: launch, the login dialog up while they type (1.5 s),
  then from pressing Log in to a usable queue; and exit (closing the window to the process
  gone).

    python benchmarks/startup.py [--contacts 100000] [--runs 5] [--keep DIR]

Runs offscreen (QT_QPA_PLATFORM=offscreen). Synthetic data only; the store is made in a
temporary folder and removed unless ``--keep`` names a folder to make it in (or reuse it from).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # never this folder: its queue.py would shadow the standard library

PASSPHRASE = "startup-bench-passphrase-7"
PASSWORD = "kettle-lantern-heron-1"
USER = "desk.bench"
TYPING_S = 1.5  # a person typing a user name and a password
STEPS = ("imports", "launch", "open", "login", "window", "whole")


def build(path: Path, contacts: int) -> None:
    from mash_desktop.domain.clock import FixedClock
    from mash_desktop.domain.roles import Role
    from mash_desktop.services.accounts import AccountService
    from mash_desktop.services.context import AppContext
    from mash_desktop.store.engine import open_store
    from mash_desktop.store.keys import KeyMaterial

    spec = importlib.util.spec_from_file_location("queue_bench", ROOT / "benchmarks" / "queue.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    sys.path[0] = str(ROOT)
    store = open_store(path, KeyMaterial.passphrase(PASSPHRASE), create=True)
    ctx = AppContext(store, FixedClock(bench.NOW))
    accounts = AccountService(ctx)
    accounts.create_first_administrator("admin", "Bench Admin", PASSWORD)
    admin = accounts.login("admin", PASSWORD)
    first = "set-by-the-admin-9"  # an administrator's password is changed at first log-in
    accounts.create_user(admin, USER, "Bench Officer", first, "POLICE", Role.DESK_OFFICER)
    own_password(ctx, first)
    bench.generate(store, ctx.clock, contacts)
    store.close()


def own_password(ctx: Any, first: str) -> None:
    from mash_desktop.services.accounts import AccountService
    from mash_desktop.services.passwords import PasswordService

    actor = AccountService(ctx).login(USER, first)
    PasswordService(ctx).change_own(actor, first, PASSWORD, PASSWORD)


# --- the child processes: each prints "name seconds" lines ------------------------------------
def _say(name: str, seconds: float) -> None:
    print(f"{name} {seconds:.4f}", flush=True)


def child(step: str, db: str, launched: float) -> None:
    if step == "imports":
        start = time.perf_counter()
        import ui.app  # noqa: F401

        _say("imports", time.perf_counter() - start)
        return
    if step in ("open", "login"):
        from mash_desktop.bootstrap import open_context
        from mash_desktop.services.accounts import AccountService

        start = time.perf_counter()
        ctx = open_context(Path(db), passphrase=PASSPHRASE)
        if step == "open":
            _say("open", time.perf_counter() - start)
        else:
            start = time.perf_counter()
            AccountService(ctx).login(USER, PASSWORD)
            _say("login", time.perf_counter() - start)
        ctx.store.close()
        return
    if step == "window":
        _window_alone(db)
        return
    _whole_app(step, db, launched)


def _window_alone(db: str) -> None:
    from mash_desktop.bootstrap import open_context
    from mash_desktop.services.accounts import AccountService
    from ui.kit.qt import QtWidgets
    from ui.kit.session import UiSession
    from ui.kit.style import apply_style
    from ui.main_window import MainWindow

    app = QtWidgets.QApplication(sys.argv[:1])
    apply_style(app)
    ctx = open_context(Path(db), passphrase=PASSPHRASE)
    actor = AccountService(ctx).login(USER, PASSWORD)
    start = time.perf_counter()
    window = MainWindow(UiSession(ctx, actor))
    window.show()
    app.processEvents()
    assert window.area_widget("queue").model.rowCount() > 0  # type: ignore[attr-defined]
    _say("window", time.perf_counter() - start)
    window.close()
    ctx.store.close()


def _whole_app(step: str, db: str, launched: float) -> None:
    """The real entry point, driven as a person would: the dialog's and the window's first
    show are caught by wrapping their showEvent."""
    import ui.app
    from ui.kit.qt import QtCore
    from ui.login import LoginDialog

    marks: dict[str, float] = {}
    login_shown = LoginDialog.showEvent

    def on_login(self: Any, event: Any) -> None:
        login_shown(self, event)
        if "login shown" in marks:
            return
        marks["login shown"] = time.monotonic()
        if step == "launch":
            _say("launch", marks["login shown"] - launched)
            os._exit(0)
        from ui.main_window import MainWindow  # not before: the app loads it after log-in

        window_shown = MainWindow.showEvent

        def on_window(self: Any, event: Any) -> None:
            window_shown(self, event)
            QtCore.QTimer.singleShot(0, lambda: usable(self))

        MainWindow.showEvent = on_window  # type: ignore[method-assign]

        def press() -> None:
            self.username.setText(USER)
            self.password.setText(PASSWORD)
            marks["pressed"] = time.monotonic()
            self.login_button.click()

        QtCore.QTimer.singleShot(int(TYPING_S * 1000), press)

    def usable(window: Any) -> None:
        queue = window.area_widget("queue")
        assert queue.model.rowCount() > 0
        marks["usable"] = time.monotonic()
        _say("launch", marks["login shown"] - launched)
        _say("press to usable queue", marks["usable"] - marks["pressed"])
        print(f"closing {time.monotonic():.4f}", flush=True)
        window.close()

    LoginDialog.showEvent = on_login  # type: ignore[method-assign]
    ui.app.main(["--db", db])


# --- the parent: runs and figures -------------------------------------------------------------
def run_step(step: str, db: Path, runs: int) -> dict[str, list[float]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MASH_PASSPHRASE=PASSPHRASE)
    env.pop("MASH_DB", None)
    figures: dict[str, list[float]] = {}
    for _ in range(runs):
        launched = time.monotonic()
        out = subprocess.run(
            [sys.executable, __file__, "--child", step, "--db", str(db), "--at", f"{launched}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        ended = time.monotonic()
        for line in out.splitlines():
            name, _, value = line.rpartition(" ")
            if name == "closing":
                figures.setdefault("exit (close -> process gone)", []).append(ended - float(value))
            elif name:
                figures.setdefault(name, []).append(float(value))
        figures.setdefault(f"process ({step})", []).append(ended - launched)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="make (or reuse) the store in this folder")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.at)
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mash-startup-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "startup.db"
    try:
        if not db.exists():
            start = time.perf_counter()
            build(db, args.contacts)
            print(f"Built {args.contacts:,} contacts in {time.perf_counter() - start:.0f} s")
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        print(f"{'step':<34} {'median':>8} {'lowest':>8} {'highest':>8}   (s, {args.runs} runs)")
        for step in args.steps.split(","):
            for name, values in run_step(step, db, args.runs).items():
                print(
                    f"{name:<34} {statistics.median(values):>8.3f} "
                    f"{min(values):>8.3f} {max(values):>8.3f}"
                )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
