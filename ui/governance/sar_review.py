"""Reviewing one subject access request (ISP-7): each item disclosed, withheld under an
exemption, or with parts blacked out (select the words, then Black out selection); the
response printed as a controlled copy (SEC-5). The person's objection or restriction
(ISP-14) stands at the top. Blacked-out parts show here white on black so the reviewer can
still read them; the PDF has only the black box."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.subject_access import Exemption, ItemDecision
from mash_desktop.services.rights.person import PersonRightsService
from mash_desktop.services.rights.response import SubjectAccessResponse
from mash_desktop.services.rights.review import SubjectAccessReview
from mash_desktop.services.rights.rows import ItemRow, SarDetail
from mash_desktop.services.rights.subject_access import SubjectAccessService
from ui.copies.print_flow import DocumentChoice, start_print
from ui.kit.messages import confirm_in_status_bar, notify
from ui.kit.prompts import ask_text
from ui.kit.qt import QtGui, QtWidgets
from ui.kit.screen import fit_to_screen
from ui.kit.session import ActionFailed, UiSession

MARK_STYLE = "color: #8b0000; font-weight: bold;"


class SarReviewDialog(QtWidgets.QDialog):
    def __init__(self, session: UiSession, request_id: int, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.request_id = request_id
        self.service = SubjectAccessService(session.ctx)
        self.review_service = SubjectAccessReview(session.ctx)
        self.detail: SarDetail | None = None
        self.heading = QtWidgets.QLabel()
        self.heading.setWordWrap(True)
        self.marks = QtWidgets.QLabel()
        self.marks.setWordWrap(True)
        self.marks.setStyleSheet(MARK_STYLE)
        self.items = QtWidgets.QListWidget()
        self.items.setAccessibleName("Items gathered")
        self.items.currentRowChanged.connect(self._show_item)
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            self.text.textInteractionFlags() | QtGui.Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setAccessibleName("The item's text: select words to black out")
        self.exemption = QtWidgets.QComboBox()
        self.exemption.setAccessibleName("Exemption")
        for exemption in Exemption:
            self.exemption.addItem(exemption.label, exemption)
        self.disclose_button = QtWidgets.QPushButton("&Disclose")
        self.disclose_button.clicked.connect(lambda: self._decide(ItemDecision.DISCLOSE))
        self.withhold_button = QtWidgets.QPushButton("&Withhold under the exemption")
        self.withhold_button.clicked.connect(lambda: self._decide(ItemDecision.WITHHOLD))
        self.redact_button = QtWidgets.QPushButton("&Black out selection")
        self.redact_button.clicked.connect(self.redact)
        self.unredact_button = QtWidgets.QPushButton("&Un-black the part at the cursor")
        self.unredact_button.clicked.connect(self.unredact)
        self.elsewhere = QtWidgets.QLabel()
        self.elsewhere.setWordWrap(True)
        self.lift_button = QtWidgets.QPushButton("&End an objection or restriction...")
        self.lift_button.clicked.connect(self.lift_right)
        self.extend_button = QtWidgets.QPushButton("E&xtend by two months...")
        self.extend_button.clicked.connect(self.extend)
        self.response_button = QtWidgets.QPushButton("&Produce the response...")
        self.response_button.clicked.connect(self.produce)
        close = QtWidgets.QPushButton("&Close")
        close.clicked.connect(self.accept)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.text, 1)
        decide = QtWidgets.QHBoxLayout()
        exemption_label = QtWidgets.QLabel("Exe&mption")
        exemption_label.setBuddy(self.exemption)
        decide.addWidget(exemption_label)
        decide.addWidget(self.exemption, 1)
        right.addLayout(decide)
        buttons_row = QtWidgets.QHBoxLayout()
        for button in (
            self.disclose_button,
            self.withhold_button,
            self.redact_button,
            self.unredact_button,
        ):
            buttons_row.addWidget(button)
        right.addLayout(buttons_row)
        split = QtWidgets.QHBoxLayout()
        split.addWidget(self.items, 2)
        split.addLayout(right, 3)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.extend_button)
        bottom.addWidget(self.lift_button)
        bottom.addStretch(1)
        bottom.addWidget(self.response_button)
        bottom.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.marks)
        layout.addLayout(split, 1)
        layout.addWidget(self.elsewhere)
        layout.addLayout(bottom)
        fit_to_screen(self, 1200, 720)
        self.reload()

    # --- showing ----------------------------------------------------------------------------
    def reload(self, keep: int | None = None) -> None:
        self.detail = self.session.run(
            self, self.service.detail, self.session.actor, self.request_id
        )
        d = self.detail
        born = d.person_dob.strftime("%d/%m/%Y") if d.person_dob else "not recorded"
        self.setWindowTitle(f"Subject access request {d.row.reference}")
        self.heading.setText(
            f"<b>{d.row.reference}</b>: {d.row.person_name}, born {born}; asked for by "
            f"{d.row.requester}; received {d.row.received_on.strftime('%d/%m/%Y')}. "
            f"<b>{d.row.clock_text}</b>"
            + (f" (extended: {d.extension_reason})" if d.extension_reason else "")
        )
        self.marks.setText("\n".join(r.describe for r in d.rights) if d.rights else "")
        self.marks.setVisible(bool(d.rights))
        self.lift_button.setVisible(bool(d.rights))
        self.elsewhere.setText(
            "Held by other partners, not disclosed here: "
            + "; ".join(f"held by {name} ({what}): ask them" for name, what in d.elsewhere)
            if d.elsewhere
            else "No other partner contributed about this person."
        )
        row = self.items.currentRow() if keep is None else keep
        self.items.blockSignals(True)
        self.items.clear()
        for item in d.items:
            self.items.addItem(f"{item.label}\n    {self._state(item)}")
        self.items.blockSignals(False)
        if d.items:
            self.items.setCurrentRow(max(0, min(row, len(d.items) - 1)))
            self._show_item(self.items.currentRow())

    @staticmethod
    def _state(item: ItemRow) -> str:
        if item.decision is ItemDecision.WITHHOLD and item.exemption:
            return f"Withhold: {item.exemption.label}"
        if item.decision is ItemDecision.REDACT:
            return f"{item.decision.label} ({len(item.redactions)})"
        return item.decision.label

    def current(self) -> ItemRow | None:
        row = self.items.currentRow()
        if self.detail is None or not 0 <= row < len(self.detail.items):
            return None
        return self.detail.items[row]

    def _show_item(self, _row: int) -> None:
        item = self.current()
        self.text.setPlainText(item.text if item else "")
        if item is None:
            return
        marks = []
        black = QtGui.QTextCharFormat()
        black.setBackground(QtGui.QColor("black"))
        black.setForeground(QtGui.QColor("white"))
        for r in item.redactions:
            selection = QtWidgets.QTextEdit.ExtraSelection()
            cursor = self.text.textCursor()
            cursor.setPosition(r.start)
            cursor.setPosition(r.end, QtGui.QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = black
            marks.append(selection)
        self.text.setExtraSelections(marks)

    # --- deciding ---------------------------------------------------------------------------
    def _decide(self, decision: ItemDecision) -> None:
        item = self.current()
        if item is None:
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self,
                self.review_service.decide,
                self.session.actor,
                item.id,
                decision,
                Exemption(self.exemption.currentData())
                if decision is ItemDecision.WITHHOLD
                else None,
            )
            self.reload(self._next_row())

    def _next_row(self) -> int:
        return min(self.items.currentRow() + 1, self.items.count() - 1)

    def redact(self) -> None:
        item = self.current()
        cursor = self.text.textCursor()
        if item is None or not cursor.hasSelection():
            notify(self, "Black out", "Select the words to black out first.")
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self,
                self.review_service.redact,
                self.session.actor,
                item.id,
                cursor.selectionStart(),
                cursor.selectionEnd(),
                Exemption(self.exemption.currentData()),
            )
            self.reload(self.items.currentRow())

    def unredact(self) -> None:
        item = self.current()
        if item is None:
            return
        at = self.text.textCursor().position()
        found = next((r for r in item.redactions if r.start <= at <= r.end), None)
        if found is None:
            notify(self, "Un-black", "Put the cursor in a blacked-out part first.")
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self, self.review_service.remove_redaction, self.session.actor, found.id
            )
            self.reload(self.items.currentRow())

    def extend(self) -> None:
        reason = ask_text(self, "Extend by two months", "Why more time is needed:")
        if reason is None:
            return
        with contextlib.suppress(ActionFailed):
            due = self.session.run(
                self, self.service.extend, self.session.actor, self.request_id, reason
            )
            confirm_in_status_bar(self, f"Now due {due.strftime('%d/%m/%Y')}.")
            self.reload()

    def lift_right(self) -> None:
        """ISP-14: the person withdrew it, or it was decided; the reason is kept."""
        if self.detail is None or not self.detail.rights:
            return
        rights = list(self.detail.rights)
        labels = [r.describe for r in rights]
        chosen, ok = QtWidgets.QInputDialog.getItem(
            self, "End an objection or restriction", "Which one ends:", labels, 0, False
        )
        if not ok:
            return
        reason = ask_text(self, "End an objection or restriction", "Why it ends:")
        if reason is None:
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self,
                PersonRightsService(self.session.ctx).lift,
                self.session.actor,
                rights[labels.index(chosen)].id,
                reason,
            )
            confirm_in_status_bar(self, "Ended; the mark is gone wherever the person appears.")
            self.reload()

    def produce(self) -> None:
        responder = SubjectAccessResponse(self.session.ctx)
        choice = DocumentChoice(
            "Subject access response",
            lambda actor: responder.document(actor, self.request_id),
        )
        with contextlib.suppress(ActionFailed):
            start_print(self.session, self, [choice])
        self.reload()
