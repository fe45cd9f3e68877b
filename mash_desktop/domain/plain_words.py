"""Plain words for every internal code that could reach a person (issue 13): audit actions and
their details, object types, agency kinds and the public-interest questions. One table per
kind of code; tests/core/domain/test_plain_words.py fails when a code in the source has none.
A code missing at run time is shown humanised rather than raw ("Strategy: record save")."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from mash_desktop.domain import (
    contact_codes,
    copy_register,
    identifiers,
    lawful_sharing,
    retention,
    security_incidents,
    sharing,
    statutory_clocks,
    strategy,
    strategy_protocol,
    subject_access,
)
from mash_desktop.domain.basis_words import basis_words
from mash_desktop.domain.plain_words_details import DETAIL_KEYS as DETAIL_KEYS
from mash_desktop.domain.roles import AgencyKind, Role

CODE_VALUE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$|^[a-z]+$")

AUDIT_ACTIONS: dict[str, str] = {
    "login": "Logged in",
    "logout": "Logged out",
    "login.failed": "Log-in failed (wrong user name or password)",
    "login.refused": "Log-in refused",
    "session.lock": "Locked the session",
    "session.unlock": "Unlocked the session",
    "session.unlock_failed": "Unlock failed (wrong password)",
    "account.create": "Created an account",
    "account.create_first_admin": "Created the first administrator",
    "account.locked": "Account locked after failed log-ins",
    "account.unlock": "Unlocked an account",
    "account.suspend": "Suspended an account",
    "account.reinstate": "Reinstated an account",
    "account.reset_password": "Reset a user's password",
    "account.change_password": "Changed their own password",
    "account.change_password_refused": "Password change refused",
    "agency.add": "Added a partner agency",
    "agency.withdraw": "Recorded a partner's withdrawal from the agreement",
    "agency.rejoin": "Recorded a partner rejoining the agreement",
    "audit.search": "Searched the audit trail",
    "audit.verify": "Verified the audit trail",
    "setting.change": "Changed a setting",
    "demo.generate": "Filled the database with demo data",
    "queue.view": "Viewed the referral queue",
    "contact.create": "Logged a new contact",
    "contact.view": "Viewed a contact",
    "contact.claim": "Claimed a contact",
    "contact.release": "Released a contact",
    "contact.take_over": "Took over a contact from another officer",
    "contact.update": "Saved a contact's triage",
    "contact.amend": "Corrected a logged contact",
    "contact.reopen": "Reopened a decided contact",
    "contact.decide": "Recorded the MASH decision",
    "contact.route": "Routed a contact to the allocated team",
    "contact.draft_save": "Kept a draft of a new contact",
    "contact.draft_view": "Opened a draft of a new contact",
    "contact.draft_discard": "Discarded a draft of a new contact",
    "draft.save": "Kept a draft",
    "draft.view": "Opened a kept draft",
    "draft.discard": "Discarded a kept draft",
    "person.match_view": "Viewed possible earlier contacts about a child",
    "person.link_same": "Recorded two records as the same child",
    "person.not_same": "Recorded two records as different children",
    "person.search": "Searched for a person",
    "person.chronology_view": "Viewed a child's chronology",
    "person.chronology_print": "Prepared a child's chronology for printing",
    "research.request": "Asked agencies to research a contact",
    "research.due_list": "Viewed the research due from their agency",
    "research.view": "Viewed agency research",
    "research.save": "Saved agency research",
    "research.submit": "Submitted agency research",
    "research.finding_add": "Added a research finding",
    "research.finding_edit": "Changed a research finding",
    "research.finding_delete": "Deleted a research finding",
    "research.share": "Shared a research finding",
    "research.share_withheld": "Withheld a research finding",
    "research.outside_permission": "Recorded the originator's permission to take information outside the MASH",
    "disclosure": "Disclosed information (logged in the disclosure log)",
    "disclosure.view": "Viewed the disclosure log",
    "package.list": "Listed intelligence packages",
    "package.create": "Started an intelligence package",
    "package.view": "Viewed an intelligence package",
    "package.edit": "Changed an intelligence package",
    "package.add_item": "Added an item to an intelligence package",
    "package.remove_item": "Removed an item from an intelligence package",
    "package.shared_items_view": "Viewed the items that can go in a package",
    "package.issue": "Issued an intelligence package",
    "package.print_prepare": "Prepared an intelligence package for printing",
    "package.permission_request": "Asked a partner for permission to take an item outside the MASH",
    "research.permission_answer": "Answered a request for permission to take an item outside the MASH",
    "research.permission_requests_view": "Viewed the requests for permission from their agency",
    "strategy.request": "Requested a strategy discussion",
    "strategy.request_refused": "Strategy discussion request refused",
    "strategy.list": "Listed strategy discussions",
    "strategy.view": "Viewed a strategy discussion",
    "strategy.record_save": "Saved a strategy discussion record",
    "strategy.complete": "Completed a strategy discussion record",
    "strategy.ooh_list": "Listed out-of-hours discussions",
    "strategy.ooh_acknowledge": "Acknowledged an out-of-hours discussion",
    "strategy.action_add": "Added an action from a strategy discussion",
    "strategy.action_feedback": "Fed back on a strategy discussion action",
    "strategy.actions_view": "Viewed a discussion's actions",
    "strategy.actions_due": "Viewed actions due",
    "strategy.copy_sent": "Recorded a copy of the record as sent",
    "strategy.copies_view": "Viewed the copies sent of a record",
    "strategy.copies_overdue": "Viewed copies overdue",
    "strategy.outcome_feedback": "Fed back the outcome to partners",
    "strategy.outcome_view": "Viewed the outcome feedback",
    "strategy.feedback_view": "Viewed feedback on actions",
    "strategy.escalation_raise": "Recorded a partner's disagreement (escalation)",
    "strategy.escalation_resolve": "Resolved an escalation",
    "strategy.escalations_view": "Viewed escalations",
    "strategy.print_prepare": "Prepared a strategy discussion record for printing",
    "print.register": "Registered controlled copies for printing",
    "print.printed": "Printed controlled copies",
    "print.sent": "Sent controlled copies to the printer",
    "print.void": "Voided controlled copies (print cancelled or failed)",
    "copy_register.view": "Viewed the copy register",
    "copy.view": "Viewed a controlled copy",
    "copy.check_in": "Checked a controlled copy in to its cabinet",
    "copy.move": "Moved a controlled copy",
    "copy.check_out": "Checked out a controlled copy",
    "copy.return": "Returned a controlled copy",
    "copy.missing": "Reported a controlled copy missing",
    "copy.found": "Found a missing controlled copy",
    "copy.destroy": "Recorded a controlled copy destroyed",
    "copy.removal_refused": "Refused: a copy logged as leaving the MASH",
    "cabinet.add": "Added a secure cabinet",
    "cabinet.update": "Changed a secure cabinet",
    "agreement.acknowledge": "Acknowledged the information sharing agreement",
    "agreement.review": "Recorded the agreement's annual review",
    "agreement.sign": "Recorded a partner signing the agreement",
    "agreement.version": "Recorded a new version of the agreement",
    "backup_credential.create": "Created a backup credential",
    "backup_credential.revoke": "Revoked a backup credential",
    "concern.record": "Recorded a non-compliance or complaint",
    "concern.close": "Closed a non-compliance or complaint",
    "destruction.propose": "Proposed records for destruction",
    "destruction.refuse": "Refused a proposed destruction",
    "record.destroyed": "Recorded records destroyed",
    "legal_hold.place": "Placed a legal hold",
    "legal_hold.lift": "Lifted a legal hold",
    "retention.due_list": "Listed records due for destruction",
    "retention.set": "Set a retention period",
    "key.split": "Split the recovery key between the key holders",
    "store.backup": "Made a backup of the database",
    "store.backup_failed": "A backup of the database failed",
    "store.head_kept_in_keyring": "Kept the audit checkpoint in the keyring",
    "store.restore_accepted": "Accepted a restored copy of the database",
    "board.figures": "Produced the Management Board figures",
    "research.item_history": "Viewed a shared item's history",
    "research.shared_item_amended": "Corrected a shared item",
    "research.withhold_reversed": "Reversed a decision to withhold an item",
    "strategy.clocks_view": "Viewed the statutory clocks",
    "strategy.conference_request": "Asked for a child protection conference",
    "strategy.conference_answer": "Answered a request for a conference",
    "strategy.conference_requests_view": "Viewed requests for a conference",
    "security_incident.record": "Recorded a security incident",
    "security_incident.list": "Listed security incidents",
    "security_incident.report_to_board": "Reported security incidents to the Management Board",
}

OBJECT_TYPES: dict[str, str] = {
    "agency": "Agency",
    "agreement": "Information sharing agreement",
    "audit": "Audit trail",
    "board": "Management Board figures",
    "backup_credential": "Backup credential",
    "concern": "Non-compliance or complaint",
    "retention": "Retention period",
    "store_key": "Database key",
    "cabinet": "Secure cabinet",
    "chronology": "Child's chronology",
    "contact": "Contact",
    "contact_draft": "Draft of a new contact",
    "contact.triage": "Draft of a contact's triage",
    "copy_register": "Copy register",
    "intelligence_package": "Intelligence package",
    "paper_copy": "Controlled copy",
    "person": "Person",
    "queue": "Referral queue",
    "research_finding": "Research finding",
    "research_request": "Agency research",
    "security_incident": "Security incident",
    "selftest": "Self-test",
    "setting": "Setting",
    "store": "Database",
    "strategy.record": "Draft of a strategy discussion record",
    "strategy_action": "Strategy discussion action",
    "strategy_conference_request": "Request for a child protection conference",
    "strategy_copy": "Copy of a strategy discussion record",
    "strategy_discussion": "Strategy discussion",
    "strategy_escalation": "Escalation",
    "subject": "Child or household member",
    "user": "User",
}


# Rule IDs an audit entry's details may carry (e.g. why a request was refused), as words.
RULE_WORDS: dict[str, str] = {
    "SD-0": "An open children's social care case goes to the allocated team, not to a MASH "
    "strategy discussion",
}

AGENCY_KINDS: dict[AgencyKind, str] = {
    AgencyKind.POLICE: "Police",
    AgencyKind.LA_CSC: "Local authority children's social care",
    AgencyKind.HEALTH: "Health",
    AgencyKind.EDUCATION: "Education",
    AgencyKind.PROBATION: "Probation",
    AgencyKind.YOUTH_OFFENDING: "Youth offending",
    AgencyKind.HOUSING: "Housing",
    AgencyKind.BORDER_AGENCY: "UK Border Agency",
    AgencyKind.OTHER: "Other partner",
}


# Every coded enum whose values can reach a person, each member with its label; the test
# fails when a domain enum is neither here nor exempt with its reason.
WORDED_ENUMS: tuple[Any, ...] = (
    contact_codes.Channel,
    contact_codes.Rag,
    contact_codes.ContactStatus,
    contact_codes.Outcome,
    contact_codes.LinkDecision,
    strategy.Trigger,
    strategy.Mode,
    strategy.DiscussionStatus,
    strategy.MinimumRole,
    strategy.Flow4Outcome,
    strategy.AssessmentOutcome,
    strategy.ActionStatus,
    strategy.CopyChannel,
    sharing.ResearchState,
    sharing.Relevance,
    sharing.ConsentStatus,
    sharing.PartnerDecision,
    copy_register.CopyStatus,
    copy_register.CopyEvent,
    copy_register.DestructionMethod,
    identifiers.IdentifierKind,
    lawful_sharing.BodyType,
    lawful_sharing.Capacity,
    lawful_sharing.ThirdParties,
    lawful_sharing.Advice,
    retention.RecordKind,
    retention.Anchor,
    security_incidents.IncidentKind,
    statutory_clocks.ClockState,
    strategy_protocol.Protection,
    subject_access.Exemption,
    subject_access.ItemDecision,
    subject_access.ItemKind,
    subject_access.RightKind,
    Role,
)


def _enum_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for enum in WORDED_ENUMS:
        for member in enum:
            words.setdefault(member.value, member.label)
    for kind, text in AGENCY_KINDS.items():
        words.setdefault(kind.value, text)
    return words


# Coded values inside audit details ("secure_email", "amber", "s47_started") -> their labels.
VALUE_WORDS: dict[str, str] = _enum_words()


def humanise(code: str) -> str:
    """'strategy.record_save' -> 'Strategy: record save' (only for a code with no words yet)."""
    parts = [p.replace("_", " ") for p in code.split(".") if p]
    if not parts:
        return ""
    text = ": ".join(parts)
    return text[0].upper() + text[1:]


def action_words(code: str) -> str:
    return AUDIT_ACTIONS.get(code) or humanise(code)


def object_type_words(code: str) -> str:
    return OBJECT_TYPES.get(code) or humanise(code)


def agency_kind_words(code: str) -> str:
    try:
        return AGENCY_KINDS[AgencyKind(code)]
    except ValueError:
        return humanise(code)


_FIRST_KEYS = {"field": 0, "old": 1, "new": 2}


def _value_words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(_value_words(v) for v in value) or "-"
    if isinstance(value, str) and value in RULE_WORDS:
        return RULE_WORDS[value]
    if isinstance(value, str) and CODE_VALUE.match(value):
        return VALUE_WORDS.get(value) or sharing.basis_label(value).replace("_", " ")
    if isinstance(value, dict):
        # A change reads as it happened: what changed, the old value, then the new one
        # (the stored details are sorted by key, which put "new" before "old").
        items = sorted(value.items(), key=lambda kv: _FIRST_KEYS.get(kv[0], len(_FIRST_KEYS)))
        return "; ".join(
            f"{DETAIL_KEYS.get(k, humanise(k))}: {_value_words(v)}"
            for k, v in items
            # an empty filter field says nothing; an empty old or new value reads "-"
            if v not in ("", None) or k in _FIRST_KEYS
        )
    if isinstance(value, str):
        return basis_words(value)  # a basis recorded as "DPA Sch.2 4a" before issue 13
    return str(value)


def _named(value: Any, agencies: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return agencies.get(value, value)
    if isinstance(value, list | tuple):
        return [_named(v, agencies) for v in value]
    if isinstance(value, dict):
        return {k: _named(v, agencies) for k, v in value.items()}
    return value


def details_words(details_json: str, agencies: Mapping[str, str] | None = None) -> str:
    """An audit entry's JSON details as 'Reason: suspended; Rows: 12'; agency codes become
    their names when ``agencies`` (code -> name) is given."""
    try:
        details = json.loads(details_json) if details_json else {}
    except ValueError:
        return details_json
    if agencies:
        details = _named(details, agencies)
    if not isinstance(details, dict):
        return _value_words(details)
    return _value_words(details)


def _merge_rights_words() -> None:
    from mash_desktop.domain import plain_words_rights as rights

    AUDIT_ACTIONS.update(rights.AUDIT_ACTIONS)
    OBJECT_TYPES.update(rights.OBJECT_TYPES)
    for code, words in rights.value_words().items():
        VALUE_WORDS.setdefault(code, words)


_merge_rights_words()
