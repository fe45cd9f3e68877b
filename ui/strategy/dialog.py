"""One strategy discussion: its request, the record form, the action tracker, the copies sent
and the follow-up, as tabs. Saving keeps the form as typed when a rule says no."""

from __future__ import annotations

import contextlib
import html
from typing import Any

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.roles import Role
from mash_desktop.domain.strategy import DiscussionStatus
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.strategy.service import DiscussionView, StrategyService
from ui.kit.agency_words import agencies_words, agency_words
from ui.kit.dialogs import GuardedDialog
from ui.kit.qt import Qt, QtGui, QtWidgets
from ui.kit.screen import fit_to_screen
from ui.kit.session import ActionFailed, UiSession
from ui.kit.shortcuts import shortcut
from ui.strategy.conference import ConferencePanel
from ui.strategy.form import StrategyRecordForm
from ui.strategy.panels import ActionsPanel, CopiesPanel, FollowUpPanel


def request_summary(view: DiscussionView) -> str:
    """The request as read-only rich text (every value escaped)."""
    e = html.escape
    rows = [
        ("Reference", view.reference),
        ("Contact", view.contact_reference),
        ("Child", view.child_names),
        ("Referral received", format_london(view.referral_at)),
        ("Responsible LA", agency_words(view.la_agency_code)),
        ("Requested by", f"{view.requested_by}, {format_london(view.requested_at)}"),
        ("Following", view.trigger.label),
        ("Agencies invited", agencies_words(view.invited_agencies)),
        ("Paediatrician needed", "Yes" if view.paediatrician_needed else "No"),
        ("Out of hours", "Yes: telephone discussion" if view.out_of_hours else "No"),
        (
            "Hospital",
            view.hospital_note or ("Child in hospital" if view.child_in_hospital else "-"),
        ),
        ("Reason to suspect significant harm", view.reason),
    ]
    body = "".join(f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    statements = "".join(f"<p><b>{e(s)}</b></p>" for s in view.statements)
    return f"<table cellspacing='6'>{body}</table>{statements}"


class StrategyDiscussionDialog(GuardedDialog):
    """Escape or Close with unsaved changes asks first; a draft is kept (SEC-9)."""

    draft_kind = "strategy.record"
    what = "The strategy discussion record"

    def __init__(
        self, session: UiSession, discussion_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(session, discussion_id, parent)
        self.service = StrategyService(session.ctx)
        self.view: DiscussionView = session.run(
            parent, self.service.get, session.actor, discussion_id
        )
        agencies = session.run(
            parent, AccountService(session.ctx).list_agencies, session.actor, False
        )
        self.setWindowTitle(f"Strategy discussion {self.view.reference} - OFFICIAL-SENSITIVE")
        fit_to_screen(self, 1100, 820)

        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("dialogHeading")
        self.heading.setWordWrap(True)
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.form = StrategyRecordForm(agencies, session.ctx.clock.now())
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.save_button = QtWidgets.QPushButton("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.complete_button = QtWidgets.QPushButton("&Complete record")
        self.complete_button.clicked.connect(self.complete)
        shortcut(QtGui.QKeySequence.StandardKey.Save, self, self.save)
        record_tab = QtWidgets.QWidget()
        record_layout = QtWidgets.QVBoxLayout(record_tab)
        record_layout.addWidget(self.draft_banner)
        record_layout.addWidget(scroll, 1)
        self.print_button = QtWidgets.QPushButton("Print controlled copies... (Ctrl+P)")
        self.print_button.clicked.connect(self.print_record)
        shortcut(QtGui.QKeySequence.StandardKey.Print, self, self.print_record)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.complete_button)
        record_layout.addLayout(buttons)

        self.action_panel = ActionsPanel(session, discussion_id, agencies)
        self.copies = CopiesPanel(session, discussion_id)
        self.follow_up = FollowUpPanel(session, discussion_id)
        self.conference = ConferencePanel(session, discussion_id)
        request_tab = QtWidgets.QScrollArea()
        request_tab.setWidgetResizable(True)
        request_tab.setWidget(self.summary)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(record_tab, "&Record")
        self.tabs.addTab(request_tab, "Re&quest")
        self.tabs.addTab(self.action_panel, "Ac&tion tracker")
        self.tabs.addTab(self.copies, "Copies se&nt")
        self.tabs.addTab(self.follow_up, "Outcome and escalation")
        self.tabs.addTab(self.conference, "Con&ference requests")
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        with self.loading():
            self.show_view(self.view)
            self.form.load(self.view)
        self.watch(*self.form.editable_widgets())
        self.offer_draft()

    def print_record(self) -> None:
        """Controlled paper copies of the saved record (SEC-5): registered, then printed."""
        from ui.copies.print_flow import DocumentChoice, start_print

        discussion_id = self.view.id
        choice = DocumentChoice(
            f"Strategy discussion record {self.view.reference} (as last saved)",
            lambda actor: self.service.printable_record(actor, discussion_id),
        )
        with contextlib.suppress(ActionFailed):
            start_print(self.session, self, [choice])

    # --- what the user may do ----------------------------------------------------------
    def _may_record(self) -> bool:
        a = self.session.actor
        if a.role is Role.OOH_MANAGER:
            return self.view.out_of_hours
        return a.role is Role.LA_MANAGER and a.agency_code == self.view.la_agency_code

    def show_view(self, view: DiscussionView) -> None:
        with self.loading():
            self._show_view(view)

    def _show_view(self, view: DiscussionView) -> None:
        self.view = view
        state = view.status.label.upper()
        ooh = " - OUT OF HOURS (telephone)" if view.out_of_hours else ""
        self.heading.setText(
            f"{view.reference}: {view.child_names} - {state}{ooh} - "
            f"responsible LA: {agency_words(view.la_agency_code)}"
        )
        self.summary.setText(request_summary(view))
        open_record = view.status is DiscussionStatus.REQUESTED
        may_record = self._may_record()
        self.form.set_read_only(not (open_record and may_record))
        self.save_button.setEnabled(open_record and may_record)
        self.complete_button.setEnabled(open_record and may_record)
        self.form.show_due_dates(view)
        self.action_panel.set_can_add(may_record)
        self.action_panel.set_allocated(
            " / ".join(
                p for p in (view.record.allocated_social_worker, view.record.allocated_team) if p
            ),
            self.form.due_dates.text(),
        )
        self.copies.set_can_send(may_record)
        self.follow_up.la_box.setVisible(
            self.session.actor.role is Role.LA_MANAGER
            and self.session.actor.agency_code == view.la_agency_code
        )
        self.follow_up.esc_box.setVisible(view.status is DiscussionStatus.COMPLETED)
        for panel in (self.action_panel, self.copies, self.follow_up, self.conference):
            panel.set_about(view.reference, view.child_names)
        self.action_panel.refresh()
        self.copies.refresh()
        self.follow_up.refresh()
        self.conference.show_for(view)

    # --- saving ------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.save_button.isEnabled():
            return False
        try:
            view = self.form.errors.call(
                self.session,
                self,
                self.service.save_record,
                self.session.actor,
                self.view.id,
                self.form.value(),
                self.view.version,
            )
        except ActionFailed:
            return False  # the form keeps what was typed
        self.show_view(view)
        self.form.show_due_dates(view)
        self.mark_saved()
        self.status_message(f"Strategy discussion record {view.reference} saved.")
        return True

    def save_changes(self) -> bool:
        return self.save()

    def draft_payload(self) -> dict[str, Any]:
        return self.form.draft_payload()

    def restore_draft(self, payload: dict[str, Any]) -> None:
        with self.loading():
            self.form.restore_draft(payload)

    def complete(self) -> None:
        if not self.save():
            return
        with contextlib.suppress(ActionFailed):
            view = self.form.errors.call(
                self.session, self, self.service.complete, self.session.actor, self.view.id
            )
            self.show_view(view)
            self.status_message(f"Strategy discussion record {view.reference} completed.")
