"""Headless governance commands (SEC-10): ``backup``, ``backup-credential``, ``key split |
recover`` and ``restore accept``. Each needs an administrator's login (or, for a scheduled
backup, the credential an administrator made). Passwords come from the terminal, or one per
line on standard input with ``--password-stdin`` (never from the command line)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from mash_desktop.bootstrap import default_db_path, open_context
from mash_desktop.domain.errors import MashError
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import Actor, AppContext

BACKUP_TOKEN_ENV = "MASH_BACKUP_TOKEN"
KEY_HOLDERS_CABINET = ("KEY-HOLDERS", "Key holders' sealed envelopes", "Kept by each key holder")


def _password(args: argparse.Namespace, who: str) -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise MashError(f"No password for {who} on standard input.")
        return line.rstrip("\n")
    if not sys.stdin.isatty():
        raise MashError("Run in a terminal, or pass --password-stdin with one password a line.")
    return getpass.getpass(f"Password for {who}: ")


def _login(ctx: AppContext, args: argparse.Namespace, username: str) -> Actor:
    return AccountService(ctx).login(username, _password(args, username))


def _with_admin_login(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--admin", default="admin", help="administrator's user name")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read passwords from standard input"
    )


def configure_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", type=Path, help="file to write (must not exist)")
    _with_admin_login(parser)


def run_backup(args: argparse.Namespace) -> int:
    from mash_desktop.bootstrap import hub_location
    from mash_desktop.cli_hub import BACKUP_ON_A_HUB
    from mash_desktop.services.governance.backups import BackupService

    if hub_location(args.db) is not None:
        print(BACKUP_ON_A_HUB)
        return 0
    ctx = open_context(args.db)
    try:
        service = BackupService(ctx)
        token = os.environ.get(BACKUP_TOKEN_ENV)
        if token:
            target = service.backup_unattended(token, args.target)
        else:
            target = service.backup(_login(ctx, args, args.admin), args.target)
    finally:
        ctx.store.close()
    print(f"Encrypted backup written to {target} (same key as the database).")
    return 0


def configure_credential(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("create", "revoke"))
    parser.add_argument("label", help="a name for the credential, e.g. 'nightly backup'")
    _with_admin_login(parser)


def run_credential(args: argparse.Namespace) -> int:
    from mash_desktop.services.governance.backups import BackupService

    ctx = open_context(args.db)
    try:
        admin = _login(ctx, args, args.admin)
        if args.action == "create":
            token = BackupService(ctx).create_credential(admin, args.label)
            print(
                f"Backup credential '{args.label}' created. Give the scheduled backup this "
                f"value in {BACKUP_TOKEN_ENV} (it is shown only now):\n{token}"
            )
        else:
            BackupService(ctx).revoke_credential(admin, args.label)
            print(f"Backup credential '{args.label}' revoked.")
    finally:
        ctx.store.close()
    return 0


def configure_key(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="key_command", required=True)
    split = sub.add_parser("split", help="print the key as 3 recovery shares, any 2 recover it")
    _with_admin_login(split)
    split.add_argument("--holder", action="append", default=[], help="key holder (three times)")
    split.add_argument("--out", type=Path, required=True, help="folder for the share PDFs")
    sub.add_parser("recover", help="two key holders type their shares; the key is restored")


def run_key(args: argparse.Namespace) -> int:
    from mash_desktop.services.governance import key_recovery

    if args.key_command == "recover":
        path = args.db or default_db_path()
        shares = [_read_share(n) for n in (1, 2)]
        key = key_recovery.recover_key(shares)
        key_recovery.install_recovered_key(path, key)
        kept = "kept in this workstation's keyring" if key.kind == "raw" else "the passphrase"
        print(f"The key opens {path}; it is now {kept}.")
        if key.kind != "raw":
            print(f"Passphrase: {key.secret}")
        return 0
    check_shares_folder(args.out)
    ctx = open_context(args.db)
    try:
        write_key_shares(ctx, _login(ctx, args, args.admin), args.holder, args.out)
    finally:
        ctx.store.close()
    return 0


def check_shares_folder(out: Path) -> None:
    if not out.is_dir():
        raise MashError(f"The folder {out} does not exist.")


def write_key_shares(ctx: AppContext, admin: Actor, holders: list[str], out: Path) -> None:
    """The store's key as 3 recovery share PDFs in ``out`` (any 2 recover it), each a
    controlled copy in the key holders' cabinet; used by ``key split`` and ``init``."""
    from mash_desktop.services.governance.key_shares_print import print_shares

    cabinet = _key_holders_cabinet(ctx, admin)
    printed = print_shares(ctx, admin, holders, cabinet)
    for n, (holder, reference, pdf) in enumerate(printed, 1):
        target = out / f"key-share-{n}-{reference}.pdf"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        print(f"Share {n} for {holder}: {target} (controlled copy {reference})")
    print(
        "Print each sheet, scan its QR code into 'Check in printed copies' in the copy "
        "register, seal it for its holder, then delete the PDF files."
    )


def _key_holders_cabinet(ctx: AppContext, admin: Actor) -> int:
    from mash_desktop.services.copies.cabinets import CabinetService

    service = CabinetService(ctx)
    for cabinet in service.list_cabinets(admin):
        if cabinet.code == KEY_HOLDERS_CABINET[0]:
            return cabinet.id
    return service.add_cabinet(admin, *KEY_HOLDERS_CABINET).id


def _read_share(number: int) -> str:
    if sys.stdin.isatty():
        return input(f"Key holder {number}: type the words of your share, then Enter:\n")
    line = sys.stdin.readline()
    if not line.strip():
        raise MashError(f"Share {number} is missing on standard input (one share a line).")
    return line


def configure_restore(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="restore_command", required=True)
    accept = sub.add_parser("accept", help="two administrators accept an older copy put back")
    _with_admin_login(accept)
    accept.add_argument("--second-admin", required=True, help="the second administrator")
    accept.add_argument("--reason", required=True, help="why the older copy was put back")


def run_restore(args: argparse.Namespace) -> int:
    from mash_desktop.services.governance.restores import accept_restore

    ctx = open_context(args.db, allow_restored=True)
    try:
        first = _login(ctx, args, args.admin)
        second_password = _password(args, args.second_admin)
        accept_restore(ctx, first, args.second_admin, second_password, args.reason)
    finally:
        ctx.store.close()
    print("The restored copy is accepted; it opens normally from now on.")
    return 0


COMMANDS = {
    "backup": (
        "write an encrypted copy of the database (administrator)",
        configure_backup,
        run_backup,
    ),
    "backup-credential": (
        "create or revoke a scheduled backup's credential",
        configure_credential,
        run_credential,
    ),
    "key": ("split the key into recovery shares, or recover it", configure_key, run_key),
    "restore": (
        "accept an older copy of the database put back on purpose",
        configure_restore,
        run_restore,
    ),
}
