"""The people of the test hub: the first administrator and users of any role and agency."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import Actor, AppContext, Login

TEST_PASSWORD = "test-password-1"


def logged_in_again(actor: Actor) -> Actor:
    """The same person in a new log-in: a logged-out actor is refused everywhere (SEC-2)."""
    return replace(actor, login=Login())


@pytest.fixture
def admin(ctx: AppContext) -> Actor:
    AccountService(ctx).create_first_administrator("admin", "Ada Admin", TEST_PASSWORD)
    return AccountService(ctx).login("admin", TEST_PASSWORD)


@pytest.fixture
def make_user(ctx: AppContext, admin: Actor) -> Callable[..., Actor]:
    """make_user("desk.police", Role.DESK_OFFICER, "POLICE") -> a logged-in Actor."""

    def make(
        username: str, role: Role, agency: str = "LA-DORSET", full_name: str | None = None
    ) -> Actor:
        accounts = AccountService(ctx)
        accounts.create_user(
            admin,
            username,
            full_name or username.replace(".", " ").title(),
            TEST_PASSWORD,
            agency,
            role,
        )
        return accounts.login(username, TEST_PASSWORD)

    return make
