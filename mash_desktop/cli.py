"""Headless commands: ``mash-desktop init | demo | audit verify | check`` here; ``backup``,
``key``, ``restore`` and ``research`` from their own modules.

Every command prints a plain message and exits non-zero on failure; none needs a screen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mash_desktop import __version__, cli_governance, cli_hub, cli_research
from mash_desktop.bootstrap import (
    default_db_path,
    disable_core_dumps,
    hub_location,
    open_context,
)
from mash_desktop.cli_governance import check_shares_folder, write_key_shares
from mash_desktop.cli_prompts import read_new_password
from mash_desktop.crash import install_excepthook
from mash_desktop.domain.errors import MashError
from mash_desktop.services.context import AppContext
from mash_desktop.store.hub_address import db_argument

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# Subcommands other packages add (name -> (help, configure parser, run)). Kept as a table so
# a feature adds one line in its own module rather than editing this file's dispatch.
Command = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
EXTRA_COMMANDS: dict[str, Command] = {
    "research": cli_research.COMMAND,
    "hub": cli_hub.COMMAND,
    **cli_governance.COMMANDS,
}

SUBCOMMANDS = ("init", "demo", "audit", "check")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mash-desktop",
        description="MASH Desktop: with no command, starts the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"mash-desktop {__version__}")
    parser.add_argument(
        "--db",
        type=db_argument,
        default=None,
        help=f"database file or hub address postgresql://host[:port]/database "
        f"(default: $MASH_DB, the connected hub, or {default_db_path()})",
    )
    sub = parser.add_subparsers(dest="command")

    init = sub.add_parser("init", help="create an encrypted database and its first administrator")
    init.add_argument("--admin", default="admin", help="user name of the first administrator")
    init.add_argument("--admin-name", default="Administrator", help="full name")
    init.add_argument("--agency", default="LA-DORSET", help="administrator's agency code")
    init.add_argument(
        "--split-key",
        type=Path,
        metavar="FOLDER",
        help="at once, print the key as 3 recovery shares (any 2 recover it) into FOLDER",
    )
    init.add_argument("--holder", action="append", default=[], help="key holder (three times)")

    demo = sub.add_parser("demo", help="fill the database with synthetic demo data")
    demo.add_argument("--contacts", type=int, default=300, help="how many synthetic contacts")
    demo.add_argument("--seed", type=int, default=2017)

    audit = sub.add_parser("audit", help="audit trail commands")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="walk the hash chain; non-zero naming the first bad entry")

    sub.add_parser("check", help="check every page of the encrypted database (HMAC and structure)")

    for name, (help_text, configure, _run) in EXTRA_COMMANDS.items():
        configure(sub.add_parser(name, help=help_text))
    return parser


def is_cli_invocation(argv: Sequence[str]) -> bool:
    """True when argv names a subcommand or asks for help or the version."""
    names = set(SUBCOMMANDS) | set(EXTRA_COMMANDS) | {"--version", "-h", "--help"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--db":
            skip = True
            continue
        if arg.startswith("--db="):
            continue
        return arg in names
    return False


def main(argv: Sequence[str] | None = None) -> int:
    disable_core_dumps()
    install_excepthook()
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command in EXTRA_COMMANDS:
            return EXTRA_COMMANDS[args.command][2](args)
        return {
            "init": cmd_init,
            "demo": cmd_demo,
            "audit": cmd_audit,
            "check": cmd_check,
        }[args.command](args)
    except MashError as exc:
        print(f"mash-desktop: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("mash-desktop: interrupted; nothing further was written.", file=sys.stderr)
        return EXIT_FAILED


def open_for_cli(args: argparse.Namespace, create: bool = False) -> AppContext:
    return open_context(args.db, create=create)


def cmd_init(args: argparse.Namespace) -> int:
    from mash_desktop.services.accounts import AccountService

    path = args.db or default_db_path()
    if path.exists() and path.stat().st_size:
        raise MashError(f"{path} already exists; init only creates a new database.")
    split_to, holders = ask_key_split(args.split_key, args.holder)
    if split_to is not None:
        check_shares_folder(split_to)
    password = read_new_password(f"Password for the administrator '{args.admin}': ")
    ctx = open_context(path, create=True)
    try:
        accounts = AccountService(ctx)
        accounts.create_first_administrator(args.admin, args.admin_name, password, args.agency)
        print(f"Created encrypted database {path} with administrator '{args.admin}'.")
        if split_to is not None:  # SEC-10: the key is never only in one place
            write_key_shares(ctx, accounts.login(args.admin, password), holders, split_to)
        else:
            print(KEY_SPLIT_HINT)
    finally:
        ctx.store.close()
    return EXIT_OK


KEY_SPLIT_HINT = (
    "The key that opens it is kept in this computer's keyring (or is your passphrase). "
    "Split it into recovery shares for three key holders with 'mash-desktop key split'."
)


def ask_key_split(folder: Path | None, holders: list[str]) -> tuple[Path | None, list[str]]:
    """Where to write the key's recovery shares at ``init`` and for whom: the flags, or
    asked in a terminal (an empty answer skips it)."""
    if folder is not None or not sys.stdin.isatty():
        return folder, holders
    answer = input(
        "Split the key into 3 recovery shares now (any 2 recover it)? "
        "Folder for the share PDFs (Enter to skip): "
    ).strip()
    if not answer:
        return None, holders
    asked = [input(f"Name of key holder {n}: ").strip() for n in (1, 2, 3)]
    return Path(answer).expanduser(), asked


def cmd_demo(args: argparse.Namespace) -> int:
    from mash_desktop.demo import fill_demo_data

    ctx = open_context(args.db, create=True)
    try:
        summary = fill_demo_data(ctx, contacts=args.contacts, seed=args.seed)
    finally:
        ctx.store.close()
    print(summary)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from mash_desktop.services.audit import verify_store

    ctx = open_for_cli(args)
    try:
        result = verify_store(ctx.store)
    finally:
        ctx.store.close()
    if result.ok:
        print(result.message)
        return EXIT_OK
    print(f"AUDIT TRAIL BROKEN: {result.message}", file=sys.stderr)
    return EXIT_FAILED


def cmd_check(args: argparse.Namespace) -> int:
    from mash_desktop.store.engine import check_existing_file
    from mash_desktop.store.keys import resolve_key

    if hub_location(args.db) is not None:
        print(cli_hub.CHECK_ON_A_HUB)
        return EXIT_OK
    path = args.db or default_db_path()
    if not path.exists():
        raise MashError(f"No database at {path}.")
    check_existing_file(path, resolve_key(path, create=False), full_check=True)
    print(f"{path}: every page passed its integrity check.")
    return EXIT_OK
