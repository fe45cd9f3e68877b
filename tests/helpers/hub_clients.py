"""Workstation processes for the hub tests: ``python -m tests.helpers.hub_clients ROLE``.

Each runs as its own MASH account (its own database role) against the hub named by
``MASH_DB`` (CA in ``MASH_HUB_CA``; user and password in ``MASH_USER``/``MASH_PASSWORD``):

- ``log-contact``: logs one contact through the services; prints ``COMMITTED <time> <id>``.
- ``watch-queue``: the real queue view, offscreen; prints ``READY <rows>``, then
  ``SEEN <time> <id>`` when a contact it did not show before appears in its rows.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime

from mash_desktop.bootstrap import hub_location, open_hub_context
from mash_desktop.services.accounts import AccountService


def login() -> tuple[object, object]:
    location = hub_location()
    assert location is not None, "MASH_DB must name a hub"
    user, password = os.environ["MASH_USER"], os.environ["MASH_PASSWORD"]
    ctx = open_hub_context(location, user, password)
    return ctx, AccountService(ctx).login(user, password)


def log_contact() -> int:
    from mash_desktop.services.contacts.service import ContactService
    from tests.helpers.contacts import child, contact_input

    ctx, actor = login()
    line = sys.stdin.readline()  # wait until the watcher is ready
    assert line.strip() == "GO"
    detail = ContactService(ctx).intake(  # type: ignore[arg-type]
        actor,  # type: ignore[arg-type]
        contact_input(datetime.now(UTC), child("Hubert", "Crossley")),
    )
    print(f"COMMITTED {time.time():.6f} {detail.id}", flush=True)
    ctx.store.close()  # type: ignore[attr-defined]
    return 0


def watch_queue() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.contacts.queue_view import QueueView
    from ui.kit.qt import QtCore, QtWidgets
    from ui.kit.session import UiSession

    app = QtWidgets.QApplication(sys.argv[:1])
    ctx, actor = login()
    session = UiSession(ctx, actor)  # type: ignore[arg-type]
    view = QueueView(session)
    view.resize(1366, 700)
    view.show()
    model = view.model
    known = {model.row_at(n).id for n in range(model.rowCount())}
    print(f"READY {len(known)}", flush=True)

    def look() -> None:
        for n in range(model.rowCount()):
            row_id = model.row_at(n).id
            if row_id not in known:
                print(f"SEEN {time.time():.6f} {row_id}", flush=True)
                app.quit()
                return

    timer = QtCore.QTimer()
    timer.setInterval(10)  # looks at the view's rows in memory, not at the database
    timer.timeout.connect(look)
    timer.start()
    QtCore.QTimer.singleShot(20_000, app.quit)
    app.exec()
    session.close_changes()
    ctx.store.close()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    command = sys.argv[1]
    sys.exit({"log-contact": log_contact, "watch-queue": watch_queue}[command]())
