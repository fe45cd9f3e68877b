"""Administration: accounts (create, suspend at once, reinstate, unlock, reset), partners
(withdraw: ISP-8) and settings."""

from __future__ import annotations

import contextlib
from typing import Any

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.plain_words import agency_kind_words
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService, AgencyRow, UserRow
from mash_desktop.services.settings import SettingsService
from ui.copies.print_settings import PrintSettings
from ui.kit.changes import refresh_on_change
from ui.kit.dialogs import GuardedForm
from ui.kit.prompts import ask_text
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.tables import require_selected

USER_COLUMNS: list[Column[UserRow]] = [
    Column("User name", lambda u: u.username),
    Column("Name", lambda u: u.full_name),
    Column("Agency", lambda u: u.agency_name),
    Column("Role", lambda u: u.role.label),
    Column("State", lambda u: "SUSPENDED" if u.suspended else ("LOCKED" if u.locked else "Active")),
    Column(
        "Last log-in",
        lambda u: format_london(u.last_login_at),
        lambda u: u.last_login_at.isoformat() if u.last_login_at else "",
    ),
]
AGENCY_COLUMNS: list[Column[AgencyRow]] = [
    Column("Short code", lambda a: a.code),  # typed on the command line (--agency)
    Column("Agency", lambda a: a.name),
    Column("Kind", lambda a: agency_kind_words(a.kind)),
    Column("State", lambda a: "Active partner" if a.active else "WITHDRAWN"),
]


class NewUserDialog(GuardedForm):
    what = "This new account"

    def __init__(self, agencies: list[AgencyRow], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New account")
        self.username = QtWidgets.QLineEdit()
        self.full_name = QtWidgets.QLineEdit()
        self.password = QtWidgets.QLineEdit()
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.agency = QtWidgets.QComboBox()
        for a in agencies:
            if a.active:
                self.agency.addItem(a.name, a.code)
        self.role = QtWidgets.QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QtWidgets.QFormLayout(self)
        form.addRow("&User name", self.username)
        form.addRow("&Full name", self.full_name)
        form.addRow("&Initial password", self.password)
        form.addRow("&Agency", self.agency)
        form.addRow("&Role", self.role)
        form.addRow(self.error)
        self.watch(self.username, self.full_name, self.password, self.agency, self.role)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


class AdminView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        refresh_on_change(self, session, self.refresh)
        self.accounts = AccountService(session.ctx)
        self.settings = SettingsService(session.ctx)

        self.users: RowTableModel[UserRow] = RowTableModel(USER_COLUMNS, self)
        self.user_table = self._table(self.users, "userTable")
        self.agencies: RowTableModel[AgencyRow] = RowTableModel(AGENCY_COLUMNS, self)
        self.agency_table = self._table(self.agencies, "agencyTable")

        user_buttons = QtWidgets.QHBoxLayout()
        for text, slot in (
            ("&New account...", self.new_user),
            ("&Suspend now...", self.suspend),
            ("&Reinstate", self.reinstate),
            ("Un&lock", self.unlock),
            ("Reset &password...", self.reset_password),
        ):
            button = QtWidgets.QPushButton(text)
            button.clicked.connect(slot)
            user_buttons.addWidget(button)
        user_buttons.addStretch(1)

        agency_buttons = QtWidgets.QHBoxLayout()
        withdraw = QtWidgets.QPushButton("&Withdraw partner...")
        withdraw.clicked.connect(lambda: self.set_agency_active(False))
        rejoin = QtWidgets.QPushButton("Re&join partner")
        rejoin.clicked.connect(lambda: self.set_agency_active(True))
        agency_buttons.addWidget(withdraw)
        agency_buttons.addWidget(rejoin)
        agency_buttons.addStretch(1)

        self.idle_minutes = QtWidgets.QSpinBox()
        self.idle_minutes.setRange(1, 120)
        self.idle_minutes.setSuffix(" minutes")
        save_settings = QtWidgets.QPushButton("Save &settings")
        save_settings.clicked.connect(self.save_settings)
        settings_row = QtWidgets.QHBoxLayout()
        label = QtWidgets.QLabel("Lock idle sessions after")
        label.setBuddy(self.idle_minutes)
        settings_row.addWidget(label)
        settings_row.addWidget(self.idle_minutes)
        settings_row.addWidget(save_settings)
        settings_row.addStretch(1)

        layout = QtWidgets.QVBoxLayout(self)
        heading = QtWidgets.QLabel("Administration")
        heading.setObjectName("areaHeading")
        layout.addWidget(heading)
        layout.addWidget(QtWidgets.QLabel("Accounts"))
        layout.addWidget(self.user_table, 3)
        layout.addLayout(user_buttons)
        layout.addWidget(QtWidgets.QLabel("Partners (agencies)"))
        layout.addWidget(self.agency_table, 2)
        layout.addLayout(agency_buttons)
        layout.addLayout(settings_row)
        self.print_settings = PrintSettings(session)
        layout.addWidget(self.print_settings)
        self.refresh()

    def _table(self, model: RowTableModel[Any], name: str) -> QtWidgets.QTableView:
        table = QtWidgets.QTableView()
        table.setObjectName(name)
        table.setAccessibleName({"userTable": "Accounts", "agencyTable": "Partner agencies"}[name])
        table.setModel(sortable_proxy(model, self))
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        return table

    def refresh(self) -> None:
        with contextlib.suppress(ActionFailed):
            actor = self.session.actor
            self.users.set_rows(self.session.run(self, self.accounts.list_users, actor))
            self.agencies.set_rows(self.session.run(self, self.accounts.list_agencies, actor))
            self.idle_minutes.setValue(
                int(self.session.run(self, self.settings.get, actor, "idle_lock_minutes"))
            )
            self.user_table.resizeColumnsToContents()
            self.agency_table.resizeColumnsToContents()

    def selected_user(self) -> UserRow | None:
        user: UserRow | None = self._selected(self.user_table, "a user")
        return user

    def _selected(self, table: QtWidgets.QTableView, what: str) -> Any:
        return require_selected(table, what)

    def new_user(self) -> None:
        agencies = self.session.fetch(self, self.accounts.list_agencies)
        if agencies is None:
            return
        dialog = NewUserDialog(agencies, self)
        while dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            try:
                self.accounts.create_user(
                    self.session.actor,
                    dialog.username.text(),
                    dialog.full_name.text(),
                    dialog.password.text(),
                    dialog.agency.currentData(),
                    Role(dialog.role.currentData()),
                )
            except ValidationError as exc:
                dialog.show_error(str(exc))  # keep what was typed; let them fix it
                continue
            break
        dialog.deleteLater()
        self.refresh()

    def suspend(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        reason = ask_text(
            self,
            "Suspend account",
            f"Why is {user.full_name} suspended? (recorded in the audit trail)",
        )
        if reason is not None:
            self.session.act_confirmed(
                self,
                f"{user.full_name}'s account suspended.",
                self.accounts.suspend,
                user.id,
                reason,
            )

    def reinstate(self) -> None:
        user = self.selected_user()
        if user:
            self.session.act_confirmed(
                self, f"{user.full_name}'s account reinstated.", self.accounts.reinstate, user.id
            )

    def unlock(self) -> None:
        user = self.selected_user()
        if user:
            self.session.act_confirmed(
                self, f"{user.full_name}'s account unlocked.", self.accounts.unlock_account, user.id
            )

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        text = ask_text(
            self,
            "Reset password",
            f"New password for {user.username}:",
            password=True,
        )
        if text is not None:
            self.session.act_confirmed(
                self,
                f"Password of {user.full_name} reset: it must be changed at the next log-in.",
                self.accounts.reset_password,
                user.id,
                text,
            )

    def set_agency_active(self, active: bool) -> None:
        agency = self._selected(self.agency_table, "a partner")
        if agency is None:
            return
        if not active:
            answer = QtWidgets.QMessageBox.question(
                self,
                "Withdraw partner",
                f"{agency.name} withdraws from the agreement: its users lose access at once. "
                "What it shared stays under the agreement. Continue?",
            )
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return
        self.session.act_confirmed(
            self,
            f"{agency.name} {'is active again' if active else 'has withdrawn: its users lost access'}.",
            self.accounts.set_agency_active,
            agency.code,
            active,
        )

    def save_settings(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self,
                self.settings.set,
                self.session.actor,
                "idle_lock_minutes",
                self.idle_minutes.value(),
            )
            QtWidgets.QMessageBox.information(
                self, "Settings", "Saved. New sessions use the new idle time."
            )
