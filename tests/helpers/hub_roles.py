"""Hub tests that act as real MASH accounts: each user connects with its own database role
(its own login, its own role group), as a workstation does, not as the hub owner."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest

from mash_desktop.bootstrap import open_hub_context
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.hub_connection import HubLocation
from mash_desktop.store.passwords import role_name
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import PostgresCluster

AsUser = Callable[..., tuple[AppContext, Actor]]


@pytest.fixture
def as_user(
    ctx: AppContext, make_user: Callable[..., Actor], pg_cluster: PostgresCluster, hub_db: str
) -> Iterator[AsUser]:
    """as_user("desk.police", Role.DESK_OFFICER, "POLICE") -> (its own context, Actor):
    the account is made by the administrator, then logs in over its own connection."""
    opened: list[AppContext] = []
    location = HubLocation.parse(pg_cluster.url(hub_db), pg_cluster.ca_file)

    def log_in(
        username: str, role: Role | None = None, agency: str = "LA-DORSET"
    ) -> tuple[AppContext, Actor]:
        if role is not None:
            make_user(username, role, agency)
        own = open_hub_context(location, username, TEST_PASSWORD, clock=ctx.clock)
        opened.append(own)
        return own, AccountService(own).login(username, TEST_PASSWORD)

    yield log_in
    for own in opened:
        own.store.close()  # type: ignore[union-attr]


def direct(cluster: PostgresCluster, dbname: str, username: str) -> psycopg.Connection:
    """A psycopg connection as the account's own role, no app in between (autocommit)."""
    dsn = cluster.tls_dsn(dbname, role_name(dbname, username), TEST_PASSWORD)
    return psycopg.connect(dsn, autocommit=True)
