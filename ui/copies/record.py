"""One copy's record and history (scan to find opens this), with the register actions."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.errors import MashError, ValidationError
from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.services.copies.register import CopyEventView, CopyRecord, CopyRegisterService
from ui.copies.actions import (
    CheckOut,
    CheckOutDialog,
    DestroyDialog,
    Destruction,
    FormDialog,
    MoveDialog,
    NoteDialog,
)
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import QtWidgets, Signal
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel

HISTORY_COLUMNS: list[Column[CopyEventView]] = [
    Column("When (UK time)", lambda e: format_london(e.at), lambda e: e.at),
    Column("Event", lambda e: e.kind.label),
    Column("By", lambda e: e.by),
    Column("Details", lambda e: e.describe(), tooltip=lambda e: e.describe()),
]


class CopyRecordDialog(QtWidgets.QDialog):
    """Non-modal: the copy, where it is, everything that happened to it, and what to do next."""

    changed = Signal()

    def __init__(
        self, session: UiSession, record: CopyRecord, parent: QtWidgets.QWidget | None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.service = CopyRegisterService(session.ctx)
        self.record = record
        self.setWindowTitle(f"Copy {record.copy.reference}")
        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("dialogHeading")
        self.details = QtWidgets.QLabel()
        self.details.setWordWrap(True)
        self.model: RowTableModel[CopyEventView] = RowTableModel(HISTORY_COLUMNS, self)
        self.history = QtWidgets.QTableView()
        self.history.setObjectName("copyHistory")
        self.history.setModel(self.model)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        actions = QtWidgets.QHBoxLayout()
        for key, text, handler in (
            ("move", "&Move...", self.ask_move),
            ("check_out", "Check &out...", self.ask_check_out),
            ("return", "&Return", self.ask_return),
            ("destroy", "&Destroy...", self.ask_destroy),
            ("missing", "Report m&issing...", self.ask_missing),
            ("found", "&Found...", self.ask_found),
        ):
            button = QtWidgets.QPushButton(text)
            button.clicked.connect(handler)
            actions.addWidget(button)
            self.buttons[key] = button
        actions.addStretch(1)
        close = QtWidgets.QPushButton("Close")
        close.clicked.connect(self.close)
        actions.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(QtWidgets.QLabel("<b>History</b>"))
        layout.addWidget(self.history, 1)
        layout.addLayout(actions)
        self.resize(900, 520)
        self.show_record(record)

    def show_record(self, record: CopyRecord) -> None:
        self.record = record
        c = record.copy
        self.heading.setText(f"{c.reference}   Copy {c.copy_number} of {c.copy_count}")
        lines = [
            f"<b>Document:</b> {c.title}",
            f"<b>Status:</b> {c.status_text}",
            f"<b>Cabinet:</b> {c.cabinet}",
            f"<b>Recipient:</b> {c.recipient}",
            f"<b>Printed by:</b> {c.printed_by}, {format_london(c.printed_at)} (UK time)",
        ]
        if c.holder:
            lines.append(
                f"<b>Checked out to:</b> {c.holder}, due back {format_london(c.due_back_at)}"
            )
        self.details.setText("<br>".join(lines))
        self.model.set_rows(record.history)
        self.history.resizeColumnsToContents()
        status = c.status
        live = status in (CopyStatus.IN_CABINET, CopyStatus.CHECKED_OUT)
        self.buttons["move"].setEnabled(status is CopyStatus.IN_CABINET)
        self.buttons["check_out"].setEnabled(status is CopyStatus.IN_CABINET)
        self.buttons["return"].setEnabled(status is CopyStatus.CHECKED_OUT)
        self.buttons["destroy"].setEnabled(live)
        self.buttons["missing"].setEnabled(live)
        self.buttons["found"].setEnabled(status is CopyStatus.MISSING)

    def reload(self) -> None:
        with contextlib.suppress(ActionFailed):
            record = self.session.run(
                self, self.service.find, self.session.actor, self.record.copy.reference
            )
            self.show_record(record)
        self.changed.emit()

    # --- the actions, callable without dialogs -------------------------------------------
    def _act(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        try:
            self.session.run(
                self, fn, self.session.actor, self.record.copy.reference, *args, **kwargs
            )
        except ActionFailed:
            self.reload()  # a refused removal still changed the history
            return False
        self.reload()
        self._confirm()
        return True

    def _confirm(self) -> None:
        copy = self.record.copy
        confirm_in_status_bar(self, f"Copy {copy.reference}: {copy.status_text}.")

    def do_move(self, cabinet_id: int, note: str = "") -> bool:
        return self._act(self.service.move, cabinet_id, note)

    def do_check_out(self, value: CheckOut) -> bool:
        return self._act(
            self.service.check_out,
            value.person,
            leaves_mash=value.leaves_mash,
            due_back_at=self.session.ctx.clock.now() + timedelta(hours=value.hours),
            where=value.where,
        )

    def do_return(self) -> bool:
        return self._act(self.service.return_copy)

    def do_destroy(self, value: Destruction) -> bool:
        return self._act(self.service.destroy, value.method, value.witness, value.witness_password)

    # --- the dialogs ---------------------------------------------------------------------
    def _cabinets(self) -> list[Any]:
        try:
            return self.session.run(
                self, CabinetService(self.session.ctx).list_cabinets, self.session.actor
            )
        except ActionFailed:
            return []

    def _form(self, dialog: FormDialog, call: Callable[[], Any]) -> None:
        """Run a form until the service accepts it; a rule broken is shown beside the form."""
        done = False
        while dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            try:
                call()
                done = True
            except ValidationError as exc:
                dialog.show_error(str(exc))
                continue
            except MashError as exc:
                with contextlib.suppress(ActionFailed):
                    self.session.run(self, _raise, exc)
            break
        dialog.deleteLater()
        self.reload()
        if done:
            self._confirm()

    def ask_move(self) -> None:
        dialog = MoveDialog(self._cabinets(), self.record.copy.cabinet_id, self)
        self._form(
            dialog,
            lambda: self.service.move(
                self.session.actor,
                self.record.copy.reference,
                dialog.cabinet.currentData(),
                dialog.note.text(),
            ),
        )

    def ask_check_out(self) -> None:
        dialog = CheckOutDialog(self.session.actor.full_name, self)

        def call() -> None:
            value = dialog.value()
            self.service.check_out(
                self.session.actor,
                self.record.copy.reference,
                value.person,
                leaves_mash=value.leaves_mash,
                due_back_at=self.session.ctx.clock.now() + timedelta(hours=value.hours),
                where=value.where,
            )

        self._form(dialog, call)

    def ask_return(self) -> None:
        self.do_return()

    def ask_destroy(self) -> None:
        dialog = DestroyDialog(self)

        def call() -> None:
            value = dialog.value()
            self.service.destroy(
                self.session.actor,
                self.record.copy.reference,
                value.method,
                value.witness,
                value.witness_password,
            )

        self._form(dialog, call)

    def ask_missing(self) -> None:
        dialog = NoteDialog(
            "Report copy missing",
            "A missing copy is a security incident (misplacement of reports). Say where it was "
            "last seen.",
            None,
            "&Report missing",
            self,
        )
        self._form(
            dialog,
            lambda: self.service.report_missing(
                self.session.actor, self.record.copy.reference, dialog.note.text()
            ),
        )

    def ask_found(self) -> None:
        dialog = NoteDialog(
            "Copy found", "Put the copy back in a secure cabinet.", self._cabinets(), "&Found", self
        )
        assert dialog.cabinet is not None
        cabinet = dialog.cabinet
        self._form(
            dialog,
            lambda: self.service.found(
                self.session.actor,
                self.record.copy.reference,
                cabinet.currentData(),
                dialog.note.text(),
            ),
        )


def _raise(exc: BaseException) -> None:
    raise exc
