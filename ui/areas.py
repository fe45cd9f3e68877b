"""The main window's areas: one line each. A feature adds its area here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mash_desktop.domain.roles import AUDIT_READERS, Role
from mash_desktop.services.contacts import CONTACT_ROLES
from mash_desktop.services.research import RESEARCHERS as RESEARCH_ROLES
from ui.governance.area import GOVERNANCE_ROLES
from ui.qt import QtWidgets
from ui.session import UiSession

Factory = Callable[[UiSession], QtWidgets.QWidget]


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    factory: Factory
    roles: frozenset[Role] | None = None  # None: every role


def _copies(session: UiSession) -> QtWidgets.QWidget:
    from ui.copy_register_view import CopyRegisterView

    return CopyRegisterView(session)


def _queue(session: UiSession) -> QtWidgets.QWidget:
    from ui.queue_view import QueueView

    return QueueView(session)


def _audit(session: UiSession) -> QtWidgets.QWidget:
    from ui.audit_view import AuditView

    return AuditView(session)


def _incidents(session: UiSession) -> QtWidgets.QWidget:
    from ui.incidents_view import IncidentsView

    return IncidentsView(session)


def _admin(session: UiSession) -> QtWidgets.QWidget:
    from ui.admin_view import AdminView

    return AdminView(session)


def _actions_due(session: UiSession) -> QtWidgets.QWidget:
    from ui.actions_view import ActionsDueView

    return ActionsDueView(session)


def _strategy(session: UiSession) -> QtWidgets.QWidget:
    from ui.strategy_view import StrategyArea

    return StrategyArea(session)


# Case records are not for the administrator role (accounts only).
CASE_ROLES = frozenset(
    {Role.DESK_OFFICER, Role.MASH_MANAGER, Role.LA_MANAGER, Role.OOH_MANAGER, Role.AUDITOR}
)


def _research_due(session: UiSession) -> QtWidgets.QWidget:
    from ui.research_due_view import ResearchDueView

    return ResearchDueView(session)


def _governance(session: UiSession) -> QtWidgets.QWidget:
    from ui.governance.area import GovernanceArea

    return GovernanceArea(session)


def all_areas() -> list[Area]:
    return [
        Area("queue", "Referral queue", _queue, CONTACT_ROLES),
        Area("research", "Research due", _research_due, RESEARCH_ROLES),
        Area("strategy", "Strategy discussions", _strategy, CASE_ROLES),
        Area("actions", "Actions due", _actions_due, CASE_ROLES),
        Area("copies", "Copy register", _copies),
        Area("incidents", "Security incidents", _incidents, AUDIT_READERS),
        Area("audit", "Audit trail", _audit, AUDIT_READERS),
        Area("governance", "Information governance", _governance, GOVERNANCE_ROLES),
        Area("admin", "Administration", _admin, frozenset({Role.ADMINISTRATOR})),
    ]


def areas_for(role: Role) -> list[Area]:
    return [a for a in all_areas() if a.roles is None or role in a.roles]
