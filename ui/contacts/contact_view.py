"""One contact: details, earlier contacts about the same child (RQ-3), the claim (RQ-6), the
triage fields and the decision or routing (RQ-4, RQ-5, SD-0). Its panels live beside it:
matches_panel, details, conflict_dialog."""

from __future__ import annotations

import contextlib
from typing import Any

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import ContactStatus, Outcome, Rag
from mash_desktop.domain.errors import ConflictError, ValidationError
from mash_desktop.domain.rag import format_time_left, is_overdue, time_left
from mash_desktop.domain.roles import CHAIRS, DECIDERS, SENIOR_STAFF
from mash_desktop.services.contacts.matching import MatchingService
from mash_desktop.services.contacts.rows import ContactDetail, due_change_note
from mash_desktop.services.contacts.service import ContactEdit, ContactService
from mash_desktop.services.rights.person import PersonRightsService
from mash_desktop.services.strategy.service import StrategyService
from ui.contacts.amend_dialog import CorrectionActions
from ui.contacts.conflict_dialog import ConflictDialog
from ui.contacts.details import details_html
from ui.contacts.matches_panel import MatchesPanel
from ui.contacts.triage_draft import TriageDrafts, triage_widgets
from ui.kit.dialogs import GuardedDialog
from ui.kit.field_errors import FieldErrors
from ui.kit.prompts import ask_text
from ui.kit.qt import Qt, QtGui, QtWidgets, Signal
from ui.kit.screen import fit_to_screen
from ui.kit.session import ActionFailed, UiSession, show_error
from ui.kit.shortcuts import shortcut
from ui.strategy.protocol_fields import child_clock_summary


class ContactDialog(TriageDrafts, CorrectionActions, GuardedDialog):
    """Escape or Close with unsaved triage asks first; a draft is kept (SEC-9)."""

    changed = Signal()
    draft_kind = "contact.triage"
    what = "This contact"
    save_label = "&Save triage"

    def __init__(
        self, session: UiSession, contact_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(session, contact_id, parent)
        self.actor = session.actor
        self.service = ContactService(session.ctx)
        self.matching = MatchingService(session.ctx)
        self.contact_id = contact_id
        self.detail: ContactDetail = session.run(self, self.service.get, self.actor, contact_id)
        self.setWindowTitle(f"Contact {self.detail.reference} - OFFICIAL-SENSITIVE")

        self.errors = FieldErrors()
        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("dialogHeading")
        self.state = QtWidgets.QLabel()
        self.state.setWordWrap(True)
        self.rights_note = QtWidgets.QLabel()  # ISP-14: objection / restriction of a person
        self.rights_note.setWordWrap(True)
        self.rights_note.setStyleSheet("color: #8b0000; font-weight: bold;")
        self.rights_note.setVisible(False)
        self.claim_label = QtWidgets.QLabel()
        self.claim_label.setObjectName("claimLabel")
        self.claim_button = QtWidgets.QPushButton("&Claim")
        self.release_button = QtWidgets.QPushButton("Re&lease")
        self.take_over_button = QtWidgets.QPushButton("Ta&ke over...")
        self.claim_button.clicked.connect(self.claim)
        self.release_button.clicked.connect(self.release)
        self.take_over_button.clicked.connect(self.take_over)
        claim_row = QtWidgets.QHBoxLayout()
        claim_row.addWidget(self.claim_label, 1)
        for b in (self.claim_button, self.release_button, self.take_over_button):
            claim_row.addWidget(b)
        self.add_correction_buttons(claim_row)  # RQ-7

        self.details = QtWidgets.QTextBrowser()
        self.details.setMinimumHeight(220)
        self.details.setObjectName("contactDetails")
        self.details.setAccessibleName("Contact details")

        self.match_panel = MatchesPanel(session, contact_id, self, self.detail)
        self.matches = self.match_panel.matches

        # Triage fields
        self.rag = QtWidgets.QComboBox()
        for rag in Rag:
            self.rag.addItem(rag.label, rag.value)
        self.rag_reason = QtWidgets.QLineEdit()
        self.concern = QtWidgets.QPlainTextEdit()
        self.concern.setTabChangesFocus(True)
        self.concern.setMaximumHeight(90)
        self.call_notes = QtWidgets.QPlainTextEdit()
        self.call_notes.setTabChangesFocus(True)
        self.call_notes.setMaximumHeight(70)
        self.hospital = QtWidgets.QCheckBox("A child is in &hospital now")
        self.csc_open = QtWidgets.QCheckBox("Case already open in Children's Social Care")
        self.allocated_team = QtWidgets.QLineEdit()
        self.save_button = QtWidgets.QPushButton("Sa&ve triage")
        self.save_button.clicked.connect(self.save)
        triage = QtWidgets.QGroupBox("Triage")
        tform = QtWidgets.QFormLayout(triage)
        self.errors.add_row(tform, "&RAG", self.rag, "rag")
        self.errors.add_row(tform, "RAG reas&on", self.rag_reason, "rag_reason")
        self.errors.add_row(tform, "Con&cern", self.concern, "concern")
        self.errors.add_row(tform, "Call no&tes", self.call_notes, "call_notes")
        tform.addRow("", self.hospital)
        tform.addRow("", self.csc_open)
        self.errors.add_row(tform, "Allocated tea&m", self.allocated_team, "allocated_team")
        tform.addRow("", self.save_button)

        self.outcome = QtWidgets.QComboBox()
        for outcome in Outcome:
            self.outcome.addItem(outcome.label, outcome.value)
        self.rationale = QtWidgets.QPlainTextEdit()
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMaximumHeight(80)
        self.decide_button = QtWidgets.QPushButton("Record &decision")
        self.decide_button.clicked.connect(self.decide)
        self.route_button = QtWidgets.QPushButton("Route to &allocated team")
        self.route_button.clicked.connect(self.route)
        self.rule_note = QtWidgets.QLabel()
        self.rule_note.setWordWrap(True)
        self.clocks_note = QtWidgets.QLabel()  # SD-15: the child's statutory clocks
        self.clocks_note.setObjectName("childClocks")
        self.clocks_note.setWordWrap(True)
        decision = QtWidgets.QGroupBox("MASH decision")
        dform = QtWidgets.QFormLayout(decision)
        self.errors.add_row(dform, "O&utcome", self.outcome, "outcome")
        self.errors.add_row(dform, "W&hy", self.rationale, "rationale")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.decide_button)
        buttons.addWidget(self.route_button)
        dform.addRow("", buttons)
        dform.addRow(self.rule_note)
        dform.addRow(self.clocks_note)

        right = QtWidgets.QVBoxLayout()
        right.addWidget(triage)
        right.addWidget(decision)
        right.addStretch(1)
        upper = QtWidgets.QHBoxLayout()
        upper.addWidget(self.details, 3)
        upper.addLayout(right, 2)
        close = QtWidgets.QPushButton("Close")
        close.setObjectName("closeButton")
        close.clicked.connect(self.close)
        self.print_button = QtWidgets.QPushButton("Print controlled copies... (Ctrl+P)")
        self.print_button.clicked.connect(self.print_summary)
        shortcut(QtGui.QKeySequence.StandardKey.Print, self, self.print_summary)
        self.research_button = QtWidgets.QPushButton("Agency r&esearch...")
        self.research_button.clicked.connect(self.open_research)
        self.strategy_button = QtWidgets.QPushButton("Request strate&gy discussion...")
        self.strategy_button.clicked.connect(self.request_strategy_discussion)
        self.strategy_button.setVisible(self.actor.role in CHAIRS)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.errors.summary, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.strategy_button, 0, Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(self.research_button, 0, Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

        # Everything but the bottom row scrolls, so Close, Print and the rest stay on screen
        # on a 1366x768 workstation or at 150% scaling.
        content = QtWidgets.QWidget()
        inner = QtWidgets.QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.heading)
        inner.addWidget(self.draft_banner)
        inner.addWidget(self.state)
        inner.addWidget(self.rights_note)
        inner.addLayout(claim_row)
        inner.addLayout(upper, 3)
        inner.addWidget(self.match_panel, 2)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.errors.scroll = scroll
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 1180, 800)
        shortcut("Ctrl+S", self, self.save)

        self.show_detail(self.detail)
        self.match_panel.load()
        self.watch(*triage_widgets(self), self.outcome, self.rationale)
        self.offer_draft()

    def print_summary(self) -> None:
        """Controlled paper copies of the contact summary (SEC-5): registered, then printed."""
        from mash_desktop.services.contacts.documents import ContactDocumentService
        from ui.copies.print_flow import DocumentChoice, start_print

        documents = ContactDocumentService(self.session.ctx)
        contact_id = self.contact_id
        choice = DocumentChoice(
            f"Contact summary {self.detail.reference} (as last saved)",
            lambda actor: documents.contact_summary(actor, contact_id),
        )
        with contextlib.suppress(ActionFailed):
            start_print(self.session, self, [choice])

    # --- showing ---------------------------------------------------------------------------
    def show_detail(self, d: ContactDetail, keep_edits: bool = False) -> None:
        with self.loading():
            self._show_detail(d, keep_edits)

    def _show_detail(self, d: ContactDetail, keep_edits: bool) -> None:
        self.detail = d
        now = self.session.ctx.clock.now()
        self.heading.setText(f"Contact {d.reference}")
        status = ContactStatus(d.status).label
        if d.status == ContactStatus.OPEN.value:
            left = format_time_left(time_left(d.decision_due_at, now))
            warn = "\u26a0 " if is_overdue(d.decision_due_at, now) else ""
            clock = f"decision due {format_london(d.decision_due_at)} ({warn}{left})"
        else:
            clock = f"outcome recorded {format_london(d.outcome_at)} by {d.outcome_by or '-'}"
        csc = (
            f"  |  OPEN CSC CASE: allocated team {d.allocated_team or '(not named)'}"
            if d.csc_case_open
            else ""
        )
        self.state.setText(f"Status: {status}  |  RAG: {d.rag.label}  |  {clock}{csc}")
        self._show_rights(d)
        mine = d.claimed_by_id == self.actor.user_id
        if d.claimed_by_id is None:
            self.claim_label.setText("Not claimed: claim it before working it.")
        elif mine:
            self.claim_label.setText(f"Claimed by you since {format_london(d.claimed_at)}.")
        else:
            self.claim_label.setText(f"Held by {d.claimed_by} since {format_london(d.claimed_at)}.")
        is_open = d.status == ContactStatus.OPEN.value
        self.claim_button.setEnabled(is_open and d.claimed_by_id is None)
        self.release_button.setEnabled(mine)
        self.take_over_button.setEnabled(
            is_open
            and self.actor.role in SENIOR_STAFF
            and d.claimed_by_id not in (None, self.actor.user_id)
        )
        for w in (
            self.save_button,
            self.rag,
            self.rag_reason,
            self.concern,
            self.call_notes,
            self.hospital,
            self.csc_open,
            self.allocated_team,
        ):
            w.setEnabled(mine and is_open)
        self.update_correction_buttons(mine, is_open, self.actor.role in DECIDERS)
        can_decide = mine and is_open and self.actor.role in DECIDERS
        open_case = d.csc_case_open or bool(d.open_case_elsewhere)  # RQ-3, RQ-4
        self.decide_button.setEnabled(can_decide and not open_case)
        self.route_button.setEnabled(mine and is_open and open_case)
        self.outcome.setEnabled(can_decide and not open_case)
        self.rationale.setEnabled(mine and is_open)
        discussions = self.session.fetch(
            self, StrategyService(self.session.ctx).find_for_contact, d.id
        )
        self.clocks_note.setText(child_clock_summary(discussions or []))
        if d.open_case_elsewhere and not d.csc_case_open:
            self.rule_note.setText(d.open_case_elsewhere)
        elif d.csc_case_open:
            self.rule_note.setText(
                "This child's case is open in Children's Social Care: the contact goes to the "
                "allocated team and cannot start a MASH strategy discussion."
            )
        elif self.actor.role not in DECIDERS:
            self.rule_note.setText("The MASH decision is recorded by a MASH manager or LA manager.")
        else:
            self.rule_note.setText("")
        if not keep_edits:
            self.rag.setCurrentIndex(self.rag.findData(d.rag.value))
            self.rag_reason.setText(d.rag_reason)
            self.concern.setPlainText(d.concern)
            self.call_notes.setPlainText(d.call_notes)
            self.hospital.setChecked(d.child_in_hospital)
            self.csc_open.setChecked(d.csc_case_open)
            self.allocated_team.setText(d.allocated_team)
        self.details.setHtml(details_html(d))

    def _show_rights(self, d: ContactDetail) -> None:
        """ISP-14: a person on the contact has objected or restricted processing."""
        people = {p.id: f"{p.first_name} {p.last_name}" for p in (*d.children, *d.household)}
        rights = self.session.fetch(
            self, PersonRightsService(self.session.ctx).for_subjects, list(people)
        )
        lines = [
            f"{right.kind.marker}: {people[sid]}: {right.describe}"
            for sid, rows in sorted((rights or {}).items())
            for right in rows
        ]
        self.rights_note.setText("\n".join(lines))
        self.rights_note.setVisible(bool(lines))

    def request_strategy_discussion(self) -> QtWidgets.QDialog:
        """The Strategy Request Form for this contact (SD-2); the service refuses an open
        CSC case (SD-0) and the refusal shows beside the contact field. Once requested, the
        discussion record opens."""
        from ui.strategy.dialog import StrategyDiscussionDialog
        from ui.strategy.request import NewRequestDialog

        dialog = NewRequestDialog(self.session, self.detail.reference, self)

        def done(result: int) -> None:
            if result and dialog.result_view is not None:
                with contextlib.suppress(ActionFailed):
                    record = StrategyDiscussionDialog(self.session, dialog.result_view.id, self)
                    record.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                    record.open()

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def open_research(self) -> QtWidgets.QDialog:
        """The agency research panels of this contact (issue 6), need to know applied."""
        from ui.research.window import ResearchWindow

        window = ResearchWindow(
            self.session,
            self.contact_id,
            f"Agency research - {self.detail.reference} - OFFICIAL-SENSITIVE",
            self,
        )
        window.show()
        return window

    # --- actions -----------------------------------------------------------------------------
    def _apply(self, fn: Any, *args: Any) -> bool:
        self.errors.clear()
        try:
            result = fn(*args)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        except ConflictError as exc:
            if isinstance(exc.theirs, ContactDetail):
                return self.resolve_conflict(exc, fn, args)
            show_error(self, exc)
            return False
        except Exception as exc:  # suspensions end the session; bugs are shown as bugs
            with contextlib.suppress(ActionFailed):
                self.session.run(self, _raise, exc)
            return False
        self.show_detail(result)
        self.changed.emit()
        return True

    def resolve_conflict(self, exc: ConflictError, fn: Any, args: tuple[Any, ...]) -> bool:
        """Show both versions; nothing typed is lost whichever is chosen."""
        dialog = ConflictDialog(exc, self)
        self.last_conflict = dialog
        self.ask_conflict(dialog)
        theirs = exc.theirs
        assert isinstance(theirs, ContactDetail)  # _apply sends only contact conflicts here
        if dialog.choice == ConflictDialog.APPLY_MINE:
            self.show_detail(theirs, keep_edits=True)
            retry = (args[0], args[1], theirs.version, *args[3:])
            return self._apply(fn, *retry)
        self.show_detail(theirs, keep_edits=dialog.choice != ConflictDialog.KEEP_THEIRS)
        self.changed.emit()
        return False

    def ask_conflict(self, dialog: ConflictDialog) -> None:
        """Modal choice; tests replace this to pick an answer."""
        dialog.exec()

    def claim(self) -> None:
        self._apply(self.service.claim, self.actor, self.contact_id)

    def release(self) -> None:
        self._apply(self.service.release, self.actor, self.contact_id)

    def take_over(self) -> None:
        reason = ask_text(
            self, "Take over", f"Why take this contact over from {self.detail.claimed_by}?"
        )
        if reason is not None:
            self._apply(self.service.take_over, self.actor, self.contact_id, reason)

    def current_edit(self) -> ContactEdit:
        return ContactEdit(
            rag=Rag(self.rag.currentData()),
            rag_reason=self.rag_reason.text(),
            concern=self.concern.toPlainText(),
            call_notes=self.call_notes.toPlainText(),
            child_in_hospital=self.hospital.isChecked(),
            csc_case_open=self.csc_open.isChecked(),
            allocated_team=self.allocated_team.text(),
        )

    def save(self) -> bool:
        due_before = self.detail.decision_due_at
        saved = self._apply(
            self.service.save, self.actor, self.contact_id, self.detail.version, self.current_edit()
        )
        if saved:
            self.mark_saved()
            self.status_message(
                f"Triage of contact {self.detail.reference} saved."
                + due_change_note(due_before, self.detail, self.session.ctx.clock.now())
            )
        return saved

    def decide(self) -> bool:
        outcome = Outcome(self.outcome.currentData())
        return self.conclude(
            self.service.decide,
            (outcome, self.rationale.toPlainText()),
            f"Decision recorded for contact {self.detail.reference}: {outcome.label}.",
        )

    def route(self) -> bool:
        return self.conclude(
            self.service.route_to_allocated_team,
            (self.rationale.toPlainText(),),
            f"Contact {self.detail.reference} routed to the allocated team.",
        )


def _raise(exc: BaseException) -> None:
    raise exc
