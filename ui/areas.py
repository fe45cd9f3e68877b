"""The main window's areas: one line each. A feature adds its area here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mash_desktop.domain.roles import (
    ADMINISTRATORS,
    AUDIT_READERS,
    CASE_READERS,
    CASEWORKERS,
    GOVERNANCE_READERS,
    RECORDS_MANAGERS,
    SUBJECT_ACCESS_OFFICERS,
    Role,
)
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession

Factory = Callable[[UiSession], QtWidgets.QWidget]


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    factory: Factory
    roles: frozenset[Role] | None = None  # None: every role


def _copies(session: UiSession) -> QtWidgets.QWidget:
    from ui.copies.register_view import CopyRegisterView

    return CopyRegisterView(session)


def _queue(session: UiSession) -> QtWidgets.QWidget:
    from ui.contacts.queue_view import QueueView

    return QueueView(session)


def _audit(session: UiSession) -> QtWidgets.QWidget:
    from ui.admin.audit_view import AuditView

    return AuditView(session)


def _incidents(session: UiSession) -> QtWidgets.QWidget:
    from ui.admin.incidents_view import IncidentsView

    return IncidentsView(session)


def _admin(session: UiSession) -> QtWidgets.QWidget:
    from ui.admin.admin_view import AdminView

    return AdminView(session)


def _actions_due(session: UiSession) -> QtWidgets.QWidget:
    from ui.strategy.actions_view import ActionsDueView

    return ActionsDueView(session)


def _strategy(session: UiSession) -> QtWidgets.QWidget:
    from ui.strategy.view import StrategyArea

    return StrategyArea(session)


def _research_due(session: UiSession) -> QtWidgets.QWidget:
    from ui.research.due_view import ResearchDueView

    return ResearchDueView(session)


def _governance(session: UiSession) -> QtWidgets.QWidget:
    from ui.governance.area import GovernanceArea

    return GovernanceArea(session)


def all_areas() -> list[Area]:
    return [
        Area("queue", "Referral queue", _queue, CASEWORKERS),
        Area("research", "Research due", _research_due, CASEWORKERS),
        Area("strategy", "Strategy discussions", _strategy, CASE_READERS),
        Area("actions", "Actions due", _actions_due, CASE_READERS),
        Area("copies", "Copy register", _copies),
        Area("incidents", "Security incidents", _incidents, AUDIT_READERS),
        Area("audit", "Audit trail", _audit, AUDIT_READERS),
        Area(
            "governance",
            "Information governance",
            _governance,
            RECORDS_MANAGERS | GOVERNANCE_READERS | SUBJECT_ACCESS_OFFICERS,
        ),
        Area("admin", "Administration", _admin, frozenset(ADMINISTRATORS)),
    ]


def areas_for(role: Role) -> list[Area]:
    return [a for a in all_areas() if a.roles is None or role in a.roles]
