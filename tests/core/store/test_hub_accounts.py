"""SEC-2 on a hub: each MASH account is a PostgreSQL login role (SCRAM-SHA-256), TLS is
verified in full, no password travels in an address, a log or an error, and suspension or
lock-out takes the role's login away at once (ISP-9.1.1)."""

from __future__ import annotations

import psycopg
import pytest

from mash_desktop.domain.errors import AccountLocked, AccountSuspended, AuthenticationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.store.errors import StoreError
from mash_desktop.store.hub import open_hub_store
from mash_desktop.store.hub_connection import HubCredentials, HubLocation, HubLoginRefused
from mash_desktop.store.models import User
from mash_desktop.store.passwords import HUB_ROLE_MARKER, role_name
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.postgres import PostgresCluster

pytestmark = pytest.mark.hub


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def superuser_value(cluster: PostgresCluster, sql: str, dbname: str = "postgres") -> object:
    with psycopg.connect(cluster.superuser_dsn(dbname), autocommit=True) as conn:
        row = conn.execute(sql.encode()).fetchone()
        return row[0] if row else None


def user_location(cluster: PostgresCluster, dbname: str) -> HubLocation:
    return HubLocation.parse(cluster.url(dbname), cluster.ca_file)


def test_an_account_is_a_scram_login_role(
    ctx: AppContext, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: SEC-2
    make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    role = role_name(hub_db, "desk.a")
    verifier = superuser_value(
        pg_cluster, f"SELECT rolpassword FROM pg_authid WHERE rolname = '{role}'"
    )
    assert str(verifier).startswith("SCRAM-SHA-256$")
    with ctx.store.transaction() as s:
        stored = s.scalar(
            User.__table__.select()
            .with_only_columns(User.password_hash)
            .where(User.username == "desk.a")
        )
    assert stored == HUB_ROLE_MARKER  # nothing derived from the password in the tables
    assert TEST_PASSWORD not in pg_cluster.server_log()
    store = open_hub_store(user_location(pg_cluster, hub_db), HubCredentials(role, TEST_PASSWORD))
    store.close()


def test_wrong_password_is_refused_plainly_and_never_echoed(
    ctx: AppContext, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: SEC-2
    make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    secret = "Not-The-Password-42"
    with pytest.raises(HubLoginRefused) as caught:
        open_hub_store(
            user_location(pg_cluster, hub_db),
            HubCredentials(role_name(hub_db, "desk.a"), secret),
        )
    assert secret not in str(caught.value) and "refused" in str(caught.value)
    assert secret not in pg_cluster.server_log()


def test_a_hub_address_with_a_password_is_refused_without_repeating_it() -> None:
    # REQ: SEC-2
    with pytest.raises(StoreError) as caught:
        HubLocation.parse("postgresql://ada:S3cret-pass@hub.example:5432/mash", "/tmp/ca.crt")
    assert "S3cret-pass" not in str(caught.value)
    assert "must not carry a user name or password" in str(caught.value)


def test_tcp_without_a_ca_file_is_refused_but_a_local_socket_is_not() -> None:
    # REQ: SEC-2
    with pytest.raises(StoreError, match="hub connect"):
        HubLocation.parse("postgresql://hub.example/mash")
    socket = HubLocation.parse("postgresql:///mash?host=/run/postgresql")
    assert socket.unix_socket


def test_the_server_refuses_clear_text_over_tcp(
    pg_cluster: PostgresCluster, hub_db: str, ctx: AppContext
) -> None:
    # REQ: SEC-2 (pg_hba: hostnossl ... reject, as the README's set-up says)
    dsn = pg_cluster.tls_dsn(hub_db, "mash_owner", "x").replace(
        "sslmode=verify-full", "sslmode=disable"
    )
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(dsn).close()


def test_a_server_not_signed_by_the_hub_ca_is_refused(
    pg_cluster: PostgresCluster, hub_db: str, tmp_path, ctx: AppContext
) -> None:
    # REQ: SEC-2 (verify-full: a stranger's certificate is not the hub)
    import subprocess

    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=Some other CA",
            "-keyout",
            str(tmp_path / "other.key"),
            "-out",
            str(tmp_path / "other.crt"),
        ],
        check=True,
        capture_output=True,
    )
    location = HubLocation.parse(pg_cluster.url(hub_db), tmp_path / "other.crt")
    with pytest.raises(StoreError, match="could not be verified"):
        open_hub_store(location, HubCredentials("mash_owner", "whatever-password"))


def test_suspension_ends_open_connections_and_login_at_once(
    ctx: AppContext, admin, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: ISP-9.1.1
    desk = make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    location = user_location(pg_cluster, hub_db)
    credentials = HubCredentials(role_name(hub_db, "desk.a"), TEST_PASSWORD)
    workstation = open_hub_store(location, credentials)
    try:
        with workstation.engine.connect() as conn:
            AccountService(ctx).suspend(admin, desk.user_id, "left the MASH")
            with pytest.raises(Exception, match="terminat"):
                conn.exec_driver_sql("SELECT 1").all()
    finally:
        workstation.close()
    with pytest.raises(HubLoginRefused):
        open_hub_store(location, credentials)
    AccountService(ctx).reinstate(admin, desk.user_id)
    open_hub_store(location, credentials).close()


def test_a_suspended_users_next_action_says_so_plainly(
    ctx: AppContext, admin, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: ISP-9.1.1 (the app shows a plain message, not a stack trace)
    desk = make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    credentials = HubCredentials(role_name(hub_db, "desk.a"), TEST_PASSWORD)
    workstation = open_hub_store(user_location(pg_cluster, hub_db), credentials)
    try:
        with workstation.transaction() as s:
            s.connection().exec_driver_sql("SELECT 1")  # a pooled, open connection
        AccountService(ctx).suspend(admin, desk.user_id, "left the MASH")
        with (
            pytest.raises(AccountSuspended, match="suspended or locked") as caught,
            workstation.transaction() as s,
        ):
            s.connection().exec_driver_sql("SELECT 1")
        assert "psycopg" not in str(caught.value)
    finally:
        workstation.close()


def test_a_partners_withdrawal_ends_its_users_sessions(
    ctx: AppContext, admin, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: ISP-8
    make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    credentials = HubCredentials(role_name(hub_db, "desk.a"), TEST_PASSWORD)
    AccountService(ctx).set_agency_active(admin, "POLICE", False)
    with pytest.raises(HubLoginRefused):
        open_hub_store(user_location(pg_cluster, hub_db), credentials)
    AccountService(ctx).set_agency_active(admin, "POLICE", True)
    open_hub_store(user_location(pg_cluster, hub_db), credentials).close()


def test_lock_out_takes_the_login_role_away(
    ctx: AppContext, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: SEC-2 (five failures lock the account; on a hub its role loses LOGIN too)
    make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    accounts = AccountService(ctx)
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            accounts.login("desk.a", "wrong-password")
    with pytest.raises(AuthenticationError):
        accounts.login("desk.a", "wrong-password")
    with pytest.raises(AccountLocked):  # the server checked the password before refusing
        accounts.login("desk.a", TEST_PASSWORD)
    can_login = superuser_value(
        pg_cluster,
        f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{role_name(hub_db, 'desk.a')}'",
    )
    assert can_login is False


def test_only_an_administrator_manages_roles(
    ctx: AppContext, make_user, pg_cluster: PostgresCluster, hub_db: str
) -> None:
    # REQ: SEC-2 (administrators act through the owner's functions; others are refused)
    make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    dsn = pg_cluster.tls_dsn(hub_db, role_name(hub_db, "desk.a"), TEST_PASSWORD)
    with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT mash_account_set_login('admin', false)")
    with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("CREATE ROLE intruder LOGIN PASSWORD 'intruder-pass'")
