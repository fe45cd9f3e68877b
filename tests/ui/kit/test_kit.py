"""The kit's one way of doing each UI thing (issue 10): field errors, selection, calling a
service and refreshing after a change, over a real encrypted store."""

from __future__ import annotations

from dataclasses import dataclass

from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from tests.ui.conftest import notifications
from ui.kit.changes import refresh_on_change
from ui.kit.field_errors import FieldErrors
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.tables import require_selected, selected


@dataclass(frozen=True)
class Row:
    id: int
    name: str


def test_field_errors_go_beside_fields_grid_cells_and_summary(qtbot):
    form = QtWidgets.QWidget()
    qtbot.addWidget(form)
    layout = QtWidgets.QFormLayout(form)
    grid = QtWidgets.QTableWidget(2, 2)
    errors = FieldErrors()
    errors.add_row(layout, "Name", QtWidgets.QLineEdit(), "name")
    layout.addRow(grid)
    layout.addRow(errors.label_for("child"))
    errors.add_grid("child", grid, ("first_name", "dob"))
    errors.show(
        ValidationError(
            "Not saved.",
            {"name": "Enter a name.", "child.1.dob": "Write dd/mm/yyyy.", "other": "Odd."},
        )
    )
    assert errors.visible_messages()["name"] == "\u26a0 Enter a name."
    assert errors.visible_messages()["child"] == "\u26a0 Write dd/mm/yyyy."
    assert grid.item(1, 1).toolTip() == "Write dd/mm/yyyy."
    assert errors.summary.text() == "\u26a0 Odd."  # what has no field of its own
    errors.clear()
    assert errors.visible_messages() == {}
    assert grid.item(1, 1).toolTip() == ""


def test_selection_reads_the_row_through_a_sorting_proxy(qtbot):
    model: RowTableModel[Row] = RowTableModel([Column("Name", lambda r: r.name)])
    model.set_rows([Row(1, "Bramble"), Row(2, "Aster")])
    view = QtWidgets.QTableView()
    qtbot.addWidget(view)
    view.setModel(sortable_proxy(model, view))
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    assert require_selected(view, "a row") is None
    assert "Select a row first." in notifications()
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.selectRow(0)
    assert selected(view) == Row(2, "Aster")  # the proxy's first row is the model's second


def test_act_supplies_the_actor_shows_a_failure_once_and_refreshes_areas(qtbot, ctx, admin):
    session = UiSession(ctx, admin)
    area = QtWidgets.QWidget()
    qtbot.addWidget(area)
    refreshed: list[int] = []
    refresh_on_change(area, session, lambda: refreshed.append(1))
    accounts = AccountService(ctx)

    made = session.act(
        area,
        accounts.create_user,
        "desk.one",
        "Desk One",
        "a long test password 1",
        "POLICE",
        Role.DESK_OFFICER,
    )
    assert made is not None and refreshed == [1]
    assert [u.username for u in accounts.list_users(admin)].count("desk.one") == 1

    def refused(_actor: object) -> None:
        raise PermissionDenied("Only an administrator can do that.")

    assert session.act(area, refused) is None
    assert refreshed == [1]  # a failed change refreshes nothing
    assert notifications().count("Only an administrator can do that.") == 1
