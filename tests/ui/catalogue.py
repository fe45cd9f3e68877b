"""Every dialog of the app, opened over a real encrypted store: the one list the Escape test
(SEC-9), the keyboard test and the screen-fit probe walk. ``every_dialog_class()`` finds each
QDialog subclass in ``ui``; a test fails when one is neither in ``dialogs()`` nor in ``EXEMPT``
(with the reason), so a new dialog is caught."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import ui
from mash_desktop.domain.roles import Role
from mash_desktop.domain.sharing import Relevance
from mash_desktop.domain.strategy import ActionStatus
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.services.research.rows import FindingInput, FindingRow
from mash_desktop.services.research.service import ResearchService
from mash_desktop.services.strategy.actions import ActionRow
from mash_desktop.services.strategy.service import StrategyService
from tests.helpers import strategy as strategy_helpers
from tests.helpers.research import Hub, add_user, make_contact, make_hub
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession

# Dialogs where nothing is typed that a person could lose, with the reason.
EXEMPT: dict[str, str] = {
    "LoginDialog": "a password is never kept: it is typed again",
    "HubLoginDialog": "a password is never kept: it is typed again",
    "PassphraseDialog": "a passphrase is never kept: it is typed again",
    "FirstAdministratorDialog": "first run: Escape quits before anything exists",
    "ChangePasswordDialog": "passwords are never kept: they are typed again",
    "AcknowledgeDialog": "nothing is typed: accept or log out",
    "ConflictDialog": "a choice; the typing stays in the contact it came from",
    "CopyRecordDialog": "nothing is typed: the record and buttons opening small forms",
    "PreviewDialog": "nothing is typed: the copies as they will print",
    "UnsavedChangesBox": "the question itself",
    "FormDialog": "the base of the copy register forms, each in the catalogue",
    "PersonSearchDialog": "search terms only, typed again; nothing recorded is lost",
    "ReadOnlyContactDialog": "nothing is typed: an earlier contact, read only",
    "ChronologyDialog": "nothing is typed: the child's chronology and a print button",
    "SarReviewDialog": "nothing is typed: each decision is saved as its button is pressed",
}


def every_dialog_class() -> dict[str, type]:
    """Each QDialog subclass defined in the ui package, by class name."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        if info.name in ("ui.__main__",):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, QtWidgets.QDialog)
                and cls.__module__ == module.__name__
                and name not in ("GuardedForm", "GuardedDialog")
            ):
                found[name] = cls
    return found


@dataclass
class World:
    ctx: AppContext
    admin: Actor
    hub: Hub
    chair: Actor
    contact_id: int
    discussion_id: int
    finding: FindingRow


def build_world(ctx: AppContext, admin: Actor) -> World:
    hub = make_hub(ctx, admin)
    chair = add_user(ctx, admin, "la.chair", Role.LA_MANAGER, "LA-DORSET", "Tom Harrowgate")
    if not CabinetService(ctx).list_cabinets(admin):  # the demo data may have made them
        CabinetService(ctx).add_cabinet(admin, "CAB-1", "Main office cabinet", "MASH office")
    contact_id = make_contact(ctx, rag="red")
    ContactService(ctx).claim(hub.manager, contact_id)  # so its triage fields take typing
    research = ResearchService(ctx)
    research.request_research(hub.manager, contact_id, ["HEALTH", "POLICE"])
    panels = {
        p.agency_code: p.request_id
        for p in research.contact_research(hub.manager, contact_id).panels
    }
    finding = research.add_finding(
        hub.health,
        panels["HEALTH"],
        FindingInput("Missed three immunisation appointments", Relevance.MEDIUM, system="GP"),
    )
    discussion = StrategyService(ctx).request(
        chair, strategy_helpers.make_contact(ctx, chair), "Bruising at nursery"
    )
    return World(ctx, admin, hub, chair, contact_id, discussion.id, finding)


Factory = Callable[[], QtWidgets.QDialog]


def dialogs(world: World, parent: QtWidgets.QWidget) -> list[tuple[str, str, Factory]]:
    """(class name, what a person calls it, how to open it) for every dialog with typing."""
    from mash_desktop.services.rights.rows import PersonFound
    from ui.admin.admin_view import NewUserDialog
    from ui.admin.incidents_view import ReportIncidentDialog
    from ui.contacts.amend_dialog import AmendContactDialog
    from ui.contacts.contact_view import ContactDialog
    from ui.contacts.intake_dialog import IntakeDialog
    from ui.copies.actions import CheckOutDialog, DestroyDialog, MoveDialog, NoteDialog
    from ui.copies.cabinets_dialog import CabinetsDialog
    from ui.copies.print_flow import DocumentChoice, PrintDialog
    from ui.governance.subject_access_view import RightDialog
    from ui.kit.prompts import TextPrompt
    from ui.research.dialogs import AgencyChoiceDialog, FindingDialog, ShareDialog
    from ui.research.package_composer import PackageComposer
    from ui.research.permission_dialogs import ask_permission_dialog
    from ui.research.window import ResearchWindow
    from ui.strategy.actions_view import FeedbackDialog
    from ui.strategy.dialog import StrategyDiscussionDialog
    from ui.strategy.request import NewRequestDialog

    ctx = world.ctx
    manager = UiSession(ctx, world.hub.manager)
    health = UiSession(ctx, world.hub.health)
    chair = UiSession(ctx, world.chair)
    admin = UiSession(ctx, world.admin)
    agencies = AccountService(ctx).list_agencies(world.admin)
    cabinets = CabinetService(ctx).list_cabinets(world.admin)
    contact = ContactService(ctx).get(world.hub.manager, world.contact_id)
    action = ActionRow(
        1, 1, world.discussion_id, "SD-1", "Poppy", "Home visit", "POLICE", "PC Harrow",
        date(2026, 11, 30), ActionStatus.OPEN, False, "", "Locality team West", None,
        date(2026, 12, 20),
    )  # fmt: skip

    person = PersonFound(
        1, "Poppy Quillfeather", None, "MASH-2026-000001", date(2026, 11, 24), True, ""
    )

    def doc(_actor: Actor):  # type: ignore[no-untyped-def]
        raise AssertionError("not printed here")

    return [
        ("IntakeDialog", "New contact", lambda: IntakeDialog(manager, parent)),
        ("ContactDialog", "Contact", lambda: ContactDialog(manager, world.contact_id, parent)),
        ("AmendContactDialog", "Correct contact", lambda: AmendContactDialog(manager, contact)),
        (
            "ResearchWindow",
            "Agency research",
            lambda: ResearchWindow(health, world.contact_id, "Agency research", parent),
        ),
        (
            "FindingDialog",
            "Research item",
            lambda: FindingDialog(health, [], lambda _data: world.finding, parent=parent),
        ),
        (
            "ShareDialog",
            "Share a research item",
            lambda: ShareDialog(health, world.finding, lambda _req: None, parent),
        ),
        (
            "AgencyChoiceDialog",
            "Choose agencies to research",
            lambda: AgencyChoiceDialog(agencies, {"HEALTH"}, parent),
        ),
        (
            "PackageComposer",
            "Final intelligence package",
            lambda: PackageComposer(manager, world.contact_id, parent),
        ),
        (
            "PermissionNoteDialog",
            "Ask the partners for permission",
            lambda: ask_permission_dialog(manager, [world.finding], lambda _note: 0, parent),
        ),
        (
            "StrategyDiscussionDialog",
            "Strategy discussion record",
            lambda: StrategyDiscussionDialog(chair, world.discussion_id, parent),
        ),
        ("NewRequestDialog", "Strategy request", lambda: NewRequestDialog(chair, "", parent)),
        ("FeedbackDialog", "Feedback on an action", lambda: FeedbackDialog(chair, action, parent)),
        (
            "TextPrompt",
            "A reason asked for on its own",
            lambda: TextPrompt(parent, "Take over", "Why take this contact over?"),
        ),
        ("NewUserDialog", "New account", lambda: NewUserDialog(agencies, parent)),
        (
            "ReportIncidentDialog",
            "Record a security incident",
            lambda: ReportIncidentDialog(parent),
        ),
        ("CabinetsDialog", "Secure cabinets", lambda: CabinetsDialog(admin, parent)),
        ("MoveDialog", "Move copy", lambda: MoveDialog(cabinets, 0, parent)),
        ("CheckOutDialog", "Check out copy", lambda: CheckOutDialog("", parent)),
        ("DestroyDialog", "Destroy copy", lambda: DestroyDialog(parent)),
        (
            "NoteDialog",
            "Report a copy missing",
            lambda: NoteDialog("Report missing", "", cabinets, "&Report", parent),
        ),
        (
            "PrintDialog",
            "Print controlled copies",
            lambda: PrintDialog([DocumentChoice("Contact record", doc)], cabinets, parent),
        ),
        (
            "RightDialog",
            "Objection or restriction",
            lambda: RightDialog(manager, person, parent),
        ),
    ]


# Dialogs the screen-fit probe does not open yet, with the reason.
NOT_FITTED: dict[str, str] = {
    "HubLoginDialog": "needs a hub server; the same form as LoginDialog",
    "CopyRecordDialog": "needs a printed copy; tests/ui/copies opens it",
    "PreviewDialog": "needs a registered print job; tests/ui/copies opens it",
    "UnsavedChangesBox": "a message box, sized by Qt",
    "FormDialog": "the base of the copy register forms, each opened",
}


def other_dialogs(world: World, parent: QtWidgets.QWidget) -> list[tuple[str, str, Factory]]:
    """The dialogs without typing worth a question on Escape, for the fit and keyboard tests."""
    from mash_desktop.domain.errors import ConflictError
    from mash_desktop.services.governance.partners import AgreementRow
    from mash_desktop.services.rights.subject_access import SubjectAccessService
    from ui.admin.change_password import ChangePasswordDialog
    from ui.contacts.chronology_view import ChronologyDialog
    from ui.contacts.conflict_dialog import ConflictDialog
    from ui.contacts.person_search import PersonSearchDialog
    from ui.contacts.read_only_view import ReadOnlyContactDialog
    from ui.governance.acknowledge import AcknowledgeDialog
    from ui.governance.sar_review import SarReviewDialog
    from ui.login import FirstAdministratorDialog, LoginDialog, PassphraseDialog

    ctx = world.ctx
    manager = UiSession(ctx, world.hub.manager)
    agreement = AgreementRow(
        1, "2.1", date(2026, 4, 1), date(2027, 4, 1), "Adds the fostering service.", (), ()
    )
    theirs = ContactService(ctx).get(world.hub.manager, world.contact_id)
    sar = SubjectAccessService(ctx).open_request(
        world.hub.manager, theirs.children[0].id, "The child's mother", date(2026, 11, 24)
    )
    conflict = ConflictError(
        "Someone else saved this contact first.", {"rag_reason": "Mine"}, theirs
    )
    return [
        ("LoginDialog", "Log in", lambda: LoginDialog(ctx)),
        (
            "ChangePasswordDialog",
            "Change my password",
            lambda: ChangePasswordDialog(ctx, world.chair, parent),
        ),
        ("FirstAdministratorDialog", "First administrator", lambda: FirstAdministratorDialog(ctx)),
        (
            "PassphraseDialog",
            "Database passphrase",
            lambda: PassphraseDialog("No secure keyring on this computer.", True, parent),
        ),
        ("AcknowledgeDialog", "The agreement", lambda: AcknowledgeDialog(agreement, parent)),
        ("ConflictDialog", "Saved first by someone else", lambda: ConflictDialog(conflict, parent)),
        (
            "SarReviewDialog",
            "Subject access request",
            lambda: SarReviewDialog(UiSession(ctx, world.hub.manager), sar, parent),
        ),
        (
            "PersonSearchDialog",
            "Find a person",
            lambda: PersonSearchDialog(manager, parent, name=theirs.children[0].full_name),
        ),
        (
            "ReadOnlyContactDialog",
            "Earlier contact (read only)",
            lambda: ReadOnlyContactDialog(manager, world.contact_id, parent),
        ),
        (
            "ChronologyDialog",
            "Chronology",
            lambda: ChronologyDialog(manager, theirs.children[0].id, parent),
        ),
    ]
