"""Plain words on screen (issue 13): with demo data, every main area for every role and every
dialog of the catalogue is opened, and the text a person sees (labels, buttons, table headers
and cells, lists, combo boxes, window titles, the status bar) is scanned for internal codes:
audit actions, snake-case values, "contact 301", JSON, PI-3, SD-0, LA-DORSET, "ISP-5.2.1",
"DPA Sch.2 4a". A contact with items shared (and one withheld) is opened too, so the share
form's lists, the disclosure log and the package composer are read with real rows in them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from mash_desktop.demo import DEMO_PASSWORD, fill_demo_data
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.research.packages import PackageService
from mash_desktop.store.models import Agency
from tests.helpers.code_patterns import code_leaks
from tests.helpers.personas import logged_in_again
from tests.helpers.research import share_one_item_each
from tests.helpers.shots import save_shot
from tests.ui.catalogue import World, build_world, dialogs
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession
from ui.main_window import MainWindow
from ui.research.package_composer import PackageComposer
from ui.research.window import ResearchWindow

TAGS = re.compile(r"<[^>]+>")
# Where a code is what the person needs, with the reason.
ALLOWED = {
    ("Administration", "Short code"): "the administrator types it on the command line",
}


@pytest.fixture
def world(ctx, admin) -> World:
    fill_demo_data(ctx, contacts=25)
    return build_world(ctx, admin)


def _model_text(view: QtWidgets.QAbstractItemView, where: str) -> list[tuple[str, str]]:
    model = view.model()
    if model is None:
        return []
    if isinstance(view, QtWidgets.QListView) and not isinstance(view, QtWidgets.QListWidget):
        return [
            (where, str(model.data(model.index(r, 0)) or ""))
            for r in range(min(model.rowCount(), 60))
        ]
    if isinstance(view, QtWidgets.QListWidget):  # the share form's basis lists, with tooltips
        items = [view.item(r) for r in range(view.count())]
        return [(where, i.text()) for i in items] + [(f"{where} tip", i.toolTip()) for i in items]
    out = []
    headers = []
    for c in range(model.columnCount()):
        header = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        headers.append(str(header or ""))
        out.append((f"{where} header", headers[-1]))
    for r in range(min(model.rowCount(), 60)):
        for c in range(max(model.columnCount(), 1)):
            index = model.index(r, c)
            column = headers[c] if c < len(headers) else ""
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value:
                    out.append((f"{where} / {column}", str(value)))
    return out


def visible_text(window: QtWidgets.QWidget, where: str) -> list[tuple[str, str]]:
    """(where, text) of everything a person can read in the window."""
    out = [(where, window.windowTitle())]
    if isinstance(window, QtWidgets.QMainWindow):
        out.append((f"{where} status bar", window.statusBar().currentMessage()))
    for w in window.findChildren(QtWidgets.QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QtWidgets.QLabel):
            out.append((where, TAGS.sub("", w.text())))
        elif isinstance(w, QtWidgets.QAbstractButton):
            out.append((where, w.text().replace("&", "")))
        elif isinstance(w, QtWidgets.QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QtWidgets.QComboBox):
            out += [(f"{where} choice", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QtWidgets.QLineEdit):
            out += [(where, w.text()), (where, w.placeholderText())]
        elif isinstance(w, QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit):
            out.append((where, w.toPlainText()))
        elif isinstance(w, QtWidgets.QTabBar):
            out += [(where, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QtWidgets.QAbstractItemView):
            out += _model_text(w, where)
    return [(k, v) for k, v in out if v]


def _leaks(texts: list[tuple[str, str]], codes: list[str]) -> list[str]:
    found = []
    for where, text in texts:
        if any(where.startswith(a) and where.endswith(h) for a, h in ALLOWED):
            continue
        found += [f"{where}: {leak} in {text[:90]!r}" for leak in code_leaks(text, codes)]
    return found


def test_no_code_reaches_a_person_in_any_area_or_dialog(qtbot, ctx, world) -> None:
    with ctx.store.transaction() as s:
        codes = list(s.scalars(select(Agency.code)))
    accounts = AccountService(ctx)
    people = [
        world.admin,
        world.hub.manager,
        world.chair,
        world.hub.police,
        accounts.login("auditor", DEMO_PASSWORD),
        accounts.login("ooh.manager", DEMO_PASSWORD),
    ]
    found: list[str] = []
    for actor in people:
        # A new log-in each: closing the window logs it out, and the dialogs below act after.
        window = MainWindow(UiSession(ctx, logged_in_again(actor)), idle_minutes=60)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        for area in window.areas:
            window.area_widget(area.key)
            qtbot.wait(10)
            found += _leaks(visible_text(window, f"{area.title} ({actor.role.label})"), codes)
            save_shot(window, f"words_{actor.username}_{area.key}.png")
        window.close()
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    for name, what, make in dialogs(world, parent):
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        found += _leaks(visible_text(dialog, what), codes)
        save_shot(dialog, f"words_dialog_{name}.png")
        dialog.hide()
        dialog.deleteLater()
    found += _shared_views(qtbot, ctx, world, parent, codes)
    leaks = sorted(set(found))
    assert leaks == [], "\n".join(leaks)


def _shared_views(qtbot, ctx, world: World, parent, codes: list[str]) -> list[str]:
    """ISP-2: the disclosure log and the package composer with items shared on a lawful basis
    (a Schedule 2 and a Schedule 3 condition, two gateways), each basis in words."""
    contact, items = share_one_item_each(
        ctx, world.hub, {"POLICE": "Two call-outs to the address", "HEALTH": "Missed checks"}
    )
    packages = PackageService(ctx)
    package = packages.create(world.hub.manager, contact, "Locality team West")
    packages.add_item(world.hub.manager, package, items["POLICE"])
    session = UiSession(ctx, world.hub.manager)
    found: list[str] = []
    for what, make, shot in (
        (
            "Agency research with shared items",
            lambda: ResearchWindow(session, contact, "Agency research", parent),
            "words_disclosure_log.png",
        ),
        (
            "Final intelligence package",
            lambda: PackageComposer(session, contact, parent),
            "words_package_composer.png",
        ),
    ):
        window = make()
        window.resize(1340, 700)  # as on a 1366x768 screen
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(50)  # the wrapped tables fit their rows on a zero-time timer
        texts = visible_text(window, what)
        found += _leaks(texts, codes)
        assert any("Schedule 2: necessary for the exercise of functions" in v for _, v in texts)
        save_shot(window, shot)
        window.hide()
        window.deleteLater()
    return found
