"""The agreement and the partners (ISP-8, GOV-2, GOV-3): the version in force, who signed
it, the review reminder, staff acknowledgements, withdrawals, non-compliance and complaints."""

from __future__ import annotations

import contextlib
from datetime import date

from mash_desktop.domain.clock import format_london, to_london
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.governance.concerns import ConcernKind, ConcernRow, ConcernService
from mash_desktop.services.governance.partners import PartnerService
from ui.kit.prompts import ask_text
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.tables import fill_texts, text_table

CONCERN_COLUMNS: list[Column[ConcernRow]] = [
    Column("Received", lambda r: r.received_on.strftime("%d/%m/%Y"), lambda r: r.received_on),
    Column("Kind", lambda r: r.kind.short_label, tooltip=lambda r: r.kind.label),
    Column("Partner", lambda r: r.partner),
    Column("Status", lambda r: r.status.capitalize()),
    Column("What happened", lambda r: r.summary, tooltip=lambda r: r.summary),
    Column("What was done", lambda r: r.action_taken, tooltip=lambda r: r.action_taken),
]


class PartnersView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.partners = PartnerService(session.ctx)
        self.concerns = ConcernService(session.ctx)
        self.is_admin = session.actor.role is Role.ADMINISTRATOR
        self.version_id: int | None = None

        self.reminder = QtWidgets.QLabel()
        self.reminder.setObjectName("reminderLabel")
        self.reminder.setWordWrap(True)
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.signatories = text_table(["Partner", "Signed by", "Position", "Signed on"])
        self.unsigned = QtWidgets.QLabel()
        self.unsigned.setWordWrap(True)
        self.acks = text_table(["Name", "Agency", "Acknowledged"])
        self.concern_model: RowTableModel[ConcernRow] = RowTableModel(CONCERN_COLUMNS, self)
        self.concern_table = QtWidgets.QTableView()
        self.concern_table.setModel(sortable_proxy(self.concern_model, self))
        self.concern_table.setSelectionBehavior(
            QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows
        )
        self.concern_table.horizontalHeader().setStretchLastSection(True)
        self.concern_table.verticalHeader().setVisible(False)

        agreement_box = QtWidgets.QGroupBox("Information sharing agreement")
        agreement = QtWidgets.QVBoxLayout(agreement_box)
        agreement.addWidget(self.reminder)
        agreement.addWidget(self.summary)
        agreement.addWidget(self.signatories, 1)
        agreement.addWidget(self.unsigned)
        agreement.addLayout(
            self._buttons(
                [
                    ("&New version...", self.new_version),
                    ("Add &signatory...", self.add_signatory),
                    ("&Review held...", self.record_review),
                    ("Partner &withdrawing...", self.record_withdrawal),
                ],
                admin_only=True,
            )
        )

        self.staff_box = QtWidgets.QGroupBox("Staff acknowledgement of the agreement")
        QtWidgets.QVBoxLayout(self.staff_box).addWidget(self.acks)

        concern_box = QtWidgets.QGroupBox("Non-compliance and complaints (for the Board)")
        concern = QtWidgets.QVBoxLayout(concern_box)
        concern.addWidget(self.concern_table, 1)
        concern.addLayout(
            self._buttons(
                [
                    (
                        "Non-&compliance...",
                        lambda: self.record_concern(ConcernKind.NON_COMPLIANCE),
                    ),
                    ("C&omplaint...", lambda: self.record_concern(ConcernKind.COMPLAINT)),
                    ("Close with &what was done...", self.close_concern),
                ],
                admin_only=False,
            )
        )

        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.staff_box, 1)
        right.addWidget(concern_box, 1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addWidget(agreement_box, 1)
        layout.addLayout(right, 1)
        self.refresh()
        session.changed.connect(self.refresh)

    def _buttons(self, specs, admin_only: bool) -> QtWidgets.QHBoxLayout:  # type: ignore[no-untyped-def]
        row = QtWidgets.QHBoxLayout()
        allowed = self.is_admin or (not admin_only and self.session.actor.role is Role.MASH_MANAGER)
        for text, slot in specs:
            button = QtWidgets.QPushButton(text)
            button.clicked.connect(slot)
            button.setVisible(allowed)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def refresh(self) -> None:
        with contextlib.suppress(ActionFailed):
            version, status = self.session.run(self, self.partners.agreement, self.session.actor)
            self.reminder.setText(status.message)
            self.reminder.setProperty("state", status.state)
            self.reminder.setStyleSheet(
                "font-weight: bold; color: #a40000;" if status.state != "ok" else ""
            )
            self.version_id = version.id if version else None
            if version:
                self.summary.setText(
                    f"Version in force: {version.version}, from "
                    f"{version.effective_on.strftime('%d/%m/%Y')}. {version.summary}"
                )
                fill_texts(
                    self.signatories,
                    [
                        (s.agency_name, s.signatory, s.position, s.signed_on.strftime("%d/%m/%Y"))
                        for s in version.signatories
                    ],
                )
                self.staff_box.setTitle(
                    f"Staff acknowledgement of version {version.version} (the version in force)"
                )
                self.unsigned.setText(
                    "Not yet signed by: " + ", ".join(version.unsigned)
                    if version.unsigned
                    else "Every partner has signed this version."
                )
            acks = self.session.run(self, self.partners.acknowledgements, self.session.actor)
            fill_texts(
                self.acks,
                [
                    (name, agency, format_london(at) if at else "NOT YET")
                    for name, agency, _user, at in acks
                ],
            )
            self.concern_model.set_rows(
                self.session.run(self, self.concerns.list, self.session.actor)
            )
            self.concern_table.resizeColumnsToContents()

    def _today(self) -> date:
        return to_london(self.session.ctx.clock.now()).date()

    def _date(self, title: str, label: str) -> date | None:
        dialog = QtWidgets.QDialog(self)
        dialog.setWindowTitle(title)
        today = self._today()
        edit = QtWidgets.QDateEdit(QtCore.QDate(today.year, today.month, today.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        form = QtWidgets.QFormLayout(dialog)
        form.addRow(label, edit)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        picked: QtCore.QDate = edit.date()
        return date(picked.year(), picked.month(), picked.day())

    def _text(self, title: str, label: str) -> str | None:
        return ask_text(self, title, label)

    def _partner(self, title: str, active_only: bool = True) -> str | None:
        with contextlib.suppress(ActionFailed):
            agencies = self.session.run(
                self, AccountService(self.session.ctx).list_agencies, self.session.actor
            )
            names = [a.name for a in agencies if a.active or not active_only]
            name, ok = QtWidgets.QInputDialog.getItem(self, title, "Partner", names, 0, False)
            if ok:
                return next(a.code for a in agencies if a.name == name)
        return None

    def new_version(self) -> None:
        version = self._text("New version of the agreement", "Version (e.g. 2.1)")
        effective = version and self._date("New version", "Takes effect on")
        if version and effective:
            summary = self._text("New version", "What changed (optional)") or ""
            self.session.act_confirmed(
                self,
                f"Version {version} of the agreement recorded.",
                self.partners.record_version,
                version,
                effective,
                summary,
            )

    def add_signatory(self) -> None:
        if self.version_id is None:
            return
        code = self._partner("Add a signatory")
        name = code and self._text("Add a signatory", "Signed by (name)")
        position = name and self._text("Add a signatory", "Their position")
        signed = position is not None and name and self._date("Add a signatory", "Signed on")
        if code and name and signed:
            self.session.act_confirmed(
                self,
                f"Signatory {name} recorded.",
                self.partners.add_signatory,
                self.version_id,
                code,
                name,
                position or "",
                signed,
            )

    def record_review(self) -> None:
        reviewed = self.version_id and self._date("Annual review", "Reviewed on")
        if self.version_id and reviewed:
            self.session.act_confirmed(
                self,
                "Annual review recorded; the next is due a year on.",
                self.partners.record_review,
                self.version_id,
                reviewed,
            )

    def record_withdrawal(self) -> None:
        code = self._partner("Partner withdrawing")
        if not code:
            return
        notice = self._date("Partner withdrawing", "Date of its written notice")
        if notice is None:
            return
        note = self._text("Partner withdrawing", "Note (e.g. the letter's reference)")
        if note is not None:
            self.session.act_confirmed(
                self,
                "Withdrawal recorded: that partner's users lost access.",
                self.partners.record_withdrawal,
                code,
                notice,
                note,
            )

    def record_concern(self, kind: ConcernKind) -> None:
        code = ""
        if kind is ConcernKind.NON_COMPLIANCE:
            code = self._partner(kind.label, active_only=False) or ""
            if not code:
                return
        received = self._date(kind.label, "Received on")
        if received is None:
            return
        summary = self._text(kind.label, "What happened")
        if summary is not None:
            self.session.act_confirmed(
                self, f"{kind.label} recorded.", self.concerns.record, kind, received, summary, code
            )

    def close_concern(self) -> None:
        rows = self.concern_table.selectionModel().selectedRows()
        if not rows:
            return
        proxy = self.concern_table.model()
        row = self.concern_model.row_at(proxy.mapToSource(rows[0]).row())  # type: ignore[attr-defined]
        done = self._text("Close", "What was done")
        if done is not None:
            self.session.act_confirmed(
                self, "Closed, with what was done.", self.concerns.close, row.id, done
            )
