"""The hub commands' work (see cli_hub for their arguments)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import text

from mash_desktop.bootstrap import HUB_CA_ENV, config_dir, hub_location
from mash_desktop.cli_prompts import read_new_password
from mash_desktop.domain.clock import SystemClock
from mash_desktop.domain.errors import MashError
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.store.hub import HubStore, connect_hub_store, open_hub_store
from mash_desktop.store.hub_connection import HubCredentials, HubLocation
from mash_desktop.store.hub_settings import load_hub_setting, save_hub_setting
from mash_desktop.store.migrate import current_revisions, known_heads, upgrade_hub

EXIT_OK = 0
OWNER_PASSWORD_ENV = "MASH_HUB_OWNER_PASSWORD"


def _owner_password(owner: str) -> str:
    if os.environ.get(OWNER_PASSWORD_ENV):
        return os.environ[OWNER_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise MashError(f"Set {OWNER_PASSWORD_ENV} or run in a terminal to give it.")
    return getpass.getpass(f"Password of the hub owner role '{owner}': ")


def _location(args: argparse.Namespace) -> HubLocation:
    if args.address:
        setting = load_hub_setting(config_dir())
        ca = args.ca or os.environ.get(HUB_CA_ENV) or (setting.ca_file if setting else None)
        return HubLocation.parse(args.address, ca)
    location = hub_location()
    if location is None:
        raise MashError("No hub given: name its address, or run 'hub connect' first.")
    return location


def _owner_store(args: argparse.Namespace, upgrade: bool = False) -> HubStore:
    credentials = HubCredentials(args.owner, _owner_password(args.owner))
    return open_hub_store(_location(args), credentials, upgrade=upgrade)


def connect(args: argparse.Namespace) -> int:
    setting = save_hub_setting(config_dir(), args.address, args.ca)
    print(
        f"This workstation now uses the hub {setting.address} (server verified against "
        f"{setting.ca_file}). Each user logs in with their own MASH account."
    )
    return EXIT_OK


def init(args: argparse.Namespace) -> int:
    store = _owner_store(args, upgrade=True)
    try:
        with store.transaction() as session:
            session.execute(text("SELECT mash_hub_grant()"))
        ctx = AppContext(store=store, clock=SystemClock())
        accounts = AccountService(ctx)
        if accounts.has_users():
            print(f"The hub {store.location.address()} is ready (schema up to date).")
            return EXIT_OK
        password = read_new_password(f"Password for the administrator '{args.admin}': ")
        accounts.create_first_administrator(args.admin, args.admin_name, password, args.agency)
    finally:
        store.close()
    print(
        f"The hub {store.location.address()} is ready, with administrator '{args.admin}' "
        "(a login role of its own)."
    )
    return EXIT_OK


def migrate(args: argparse.Namespace) -> int:
    credentials = HubCredentials(args.owner, _owner_password(args.owner))
    store = connect_hub_store(_location(args), credentials)
    try:
        changed = upgrade_hub(store)
        if changed:
            with store.transaction() as session:
                session.execute(text("SELECT mash_hub_grant()"))
    finally:
        store.close()
    print("The hub's schema was upgraded." if changed else "The hub's schema was up to date.")
    return EXIT_OK


def status(args: argparse.Namespace) -> int:
    from mash_desktop.bootstrap import PASSWORD_ENV, USER_ENV, open_hub_context

    location = _location(args)
    if os.environ.get(USER_ENV) and os.environ.get(PASSWORD_ENV):
        store = open_hub_context(location, os.environ[USER_ENV], os.environ[PASSWORD_ENV]).store
    else:
        store = _owner_store(args)
    assert isinstance(store, HubStore)
    try:
        with store.transaction() as session:
            conn = session.connection()
            server = conn.exec_driver_sql("SHOW server_version").scalar()
            tls = conn.exec_driver_sql(
                "SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            ).one()
            accounts = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = mash_users_group() "
                "AND position('/role:' in r.rolname) = 0"
            ).scalar()
            head = conn.exec_driver_sql(
                "SELECT seq, mac FROM audit_entries ORDER BY seq DESC LIMIT 1"
            ).first()
        revisions = current_revisions(store)
    finally:
        store.close()
    schema = "up to date" if revisions == known_heads() else "needs 'hub migrate'"
    print(f"Hub: {location.address()}")
    print(f"Server: PostgreSQL {server}")
    print(
        f"Connection: TLS {tls[1]} ({tls[2]}), server verified against {location.ca_file}"
        if tls[0]
        else "Connection: local Unix socket (no TLS needed)"
    )
    print(f"Schema: {', '.join(sorted(revisions))} ({schema})")
    print(f"Accounts (login roles): {accounts}")
    print(f"Audit chain head: entry {head[0]}, MAC {head[1][:16]}…" if head else "Audit: empty")
    return EXIT_OK


def import_local(args: argparse.Namespace) -> int:
    from mash_desktop.store.hub_import import import_local_store

    store = _owner_store(args)
    try:
        password = read_new_password(f"New password on the hub for '{args.admin}': ")
        summary = import_local_store(store, args.local_db, args.admin, password)
    finally:
        store.close()
    print(summary)
    return EXIT_OK
