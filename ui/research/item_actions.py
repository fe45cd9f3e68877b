"""The originating agency's later steps on one of its items: correcting a shared item with a
reason (ISP-13) and, for its managers, reversing its own "do not disclose" (ISP-3). Plain
dialogs over the services; the services decide who may."""

from __future__ import annotations

import contextlib

from mash_desktop.services.research.corrections import SharedItemService
from mash_desktop.services.research.rows import FindingRow
from ui.kit.prompts import ask_text
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession


def correct_shared_item(session: UiSession, parent: QtWidgets.QWidget, finding: FindingRow) -> bool:
    """Ask for the corrected text and the reason; True when the correction was recorded."""
    if not finding.shared:
        QtWidgets.QMessageBox.information(
            parent, "Research", "Only a shared item is corrected this way; edit a draft item."
        )
        return False
    text = ask_text(
        parent,
        f"Correct item {finding.id}",
        "Corrected text (every partner sees it marked as amended; the earlier text is kept):",
        finding.finding,
        multiline=True,
    )
    if text is None:
        return False
    reason = ask_text(parent, f"Correct item {finding.id}", "Why is it corrected?")
    if reason is None:
        return False
    with contextlib.suppress(ActionFailed):
        session.run(
            parent, SharedItemService(session.ctx).amend, session.actor, finding.id, text, reason
        )
        return True
    return False


def reverse_do_not_disclose(
    session: UiSession, parent: QtWidgets.QWidget, finding: FindingRow
) -> bool:
    """A manager of the originating partner reverses its decision not to disclose."""
    reason = ask_text(
        parent,
        f"Reverse 'do not disclose' on item {finding.id}",
        "Your agency decided this item may not be disclosed. Only a manager of your agency "
        "can reverse that. Why is it reversed?",
    )
    if reason is None:
        return False
    with contextlib.suppress(ActionFailed):
        session.run(
            parent,
            SharedItemService(session.ctx).reverse_withhold,
            session.actor,
            finding.id,
            reason,
        )
        return True
    return False


def found_text(f: FindingRow) -> str:
    """The item's text with its amendment mark, for every reader (ISP-13)."""
    if f.amended_at is None:
        return f.finding
    return f"{f.finding}  [AMENDED {f.amended_at:%d/%m/%Y}: see its history]"
