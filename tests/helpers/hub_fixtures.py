"""Pytest fixtures for hub mode: one throwaway PostgreSQL cluster per test session, a
migrated template database, and a fresh database cloned from it for each test that asks.

Registered from tests/conftest.py (``pytest_plugins``). Where PostgreSQL's binaries are
missing, the PostgreSQL-backed tests skip and say why; the SQLCipher ones still run.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from mash_desktop.store.hub import HubStore, open_hub_store
from mash_desktop.store.hub_connection import HubCredentials, HubLocation
from tests.helpers.postgres import (
    OWNER_PASSWORD,
    OWNER_ROLE,
    PostgresCluster,
    missing_reason,
    running_cluster,
)

TEMPLATE_DB = "mash_template"
ENGINES = [
    pytest.param("sqlcipher", id="sqlcipher"),
    pytest.param("postgresql", id="postgresql"),
]
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    reason = missing_reason()
    if reason:
        pytest.skip(f"hub tests need PostgreSQL: {reason}")
    with running_cluster(tmp_path_factory.mktemp("pg")) as cluster:
        cluster.superuser_sql(f"CREATE DATABASE {TEMPLATE_DB} OWNER {OWNER_ROLE}")
        store = open_hub_store(
            owner_location(cluster, TEMPLATE_DB), owner_credentials(), upgrade=True
        )
        store.close()
        yield cluster


def owner_credentials() -> HubCredentials:
    return HubCredentials(OWNER_ROLE, OWNER_PASSWORD)


def owner_location(cluster: PostgresCluster, dbname: str) -> HubLocation:
    return HubLocation.parse(cluster.url(dbname), cluster.ca_file)


def fresh_hub_database(cluster: PostgresCluster) -> str:
    """A new database cloned from the migrated template (tens of milliseconds)."""
    name = f"mash_test_{next(_numbers)}"
    cluster.superuser_sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB} OWNER {OWNER_ROLE}")
    # Roles are cluster-wide: the clone gets its own users group, as `hub init` gives one.
    cluster.superuser_sql(f"SET ROLE {OWNER_ROLE}", "SELECT mash_hub_grant()", dbname=name)
    return name


@pytest.fixture
def hub_db(pg_cluster: PostgresCluster) -> Iterator[str]:
    name = fresh_hub_database(pg_cluster)
    yield name
    pg_cluster.superuser_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def hub_store(pg_cluster: PostgresCluster, hub_db: str) -> Iterator[HubStore]:
    """A hub store connected as the hub owner role, over TLS (verify-full)."""
    store = open_hub_store(owner_location(pg_cluster, hub_db), owner_credentials())
    yield store
    store.close()


@pytest.fixture(params=ENGINES)
def store_engine(request: pytest.FixtureRequest) -> str:
    """Which engine the service tests run on; the test id says it."""
    return str(request.param)


def open_engine_store(request: pytest.FixtureRequest, engine: str, db_path: Path) -> object:
    if engine == "postgresql":
        return request.getfixturevalue("hub_store")
    from mash_desktop.store.engine import open_store
    from mash_desktop.store.keys import load_keyring_key

    store = open_store(db_path, load_keyring_key(db_path, create=True), create=True)
    request.addfinalizer(store.close)
    return store


def second_store(store: object) -> object:
    """Another workstation's connection to the same store, on whichever engine it is."""
    if isinstance(store, HubStore):
        return open_hub_store(store.location, store.credentials)
    from mash_desktop.store.engine import Store, open_store

    assert isinstance(store, Store)
    return open_store(store.path, store.key)
