"""Grab the main screens to PNG (offscreen) over a temporary store with synthetic demo data.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from mash_desktop.demo import DEMO_PASSWORD, fill_demo_data
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from ui.app import apply_style
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession
from ui.login import LoginDialog
from ui.main_window import MainWindow


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    apply_style(app)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(
            Path(tmp) / "shots.db", KeyMaterial.passphrase("screenshots only"), create=True
        )
        ctx = AppContext(store)
        fill_demo_data(ctx, contacts=60)
        login = LoginDialog(ctx)
        login.username.setText("admin")
        login.resize(460, 230)
        login.show()
        app.processEvents()
        login.grab().save(str(out / "login.png"))
        for username in ("mash.manager", "admin"):
            actor = AccountService(ctx).login(username, DEMO_PASSWORD)
            window = MainWindow(UiSession(ctx, actor))
            window.resize(1280, 800)
            window.show()
            for key in [a.key for a in window.areas]:
                window.area_widget(key)
                app.processEvents()
                window.grab().save(str(out / f"{username}-{key}.png"))
            if username == "mash.manager":
                window.area_widget("queue")
                app.processEvents()
                window.grab().save(str(out / "main-window.png"))
            window.close()
        store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
