"""``mash-desktop hub connect | init | status | migrate | import``: running on a hub server.

The owner commands (init, migrate, import) need the hub owner role's password once
(``MASH_HUB_OWNER_PASSWORD`` or a prompt); nothing is stored but the address and the CA.
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_OWNER = "mash_owner"

BACKUP_ON_A_HUB = (
    "This workstation uses a hub: the hub server is backed up there, not from a workstation.\n"
    "On the server, as the postgres user:\n"
    "  pg_dump --format=custom --file=/backups/mash-$(date +%F).dump DATABASE\n"
    "and keep the dumps on an encrypted volume (see README, 'Running a hub server')."
)
CHECK_ON_A_HUB = (
    "This workstation uses a hub: 'check' checks a local encrypted file. On the hub server,\n"
    "with the cluster created with --data-checksums, run pg_amcheck --all (index and heap\n"
    "structure); 'mash-desktop audit verify' checks the audit chain from any workstation."
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="hub_command", required=True)
    connect = sub.add_parser("connect", help="use this hub on this workstation (once)")
    connect.add_argument("address", help="postgresql://host[:port]/database")
    connect.add_argument("--ca", type=Path, required=True, help="the hub's CA certificate")
    for name, text in (
        ("init", "create the schema, the roles' functions and the first administrator"),
        ("migrate", "bring the hub's schema up to this version (hub owner)"),
        ("status", "versions, TLS, accounts and the audit chain head"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("address", nargs="?", help="hub address (default: the connected hub)")
        cmd.add_argument("--ca", type=Path, default=None, help="the hub's CA certificate")
        cmd.add_argument("--owner", default=DEFAULT_OWNER, help="the hub owner role")
        if name == "init":
            cmd.add_argument("--admin", default="admin", help="first administrator's user name")
            cmd.add_argument("--admin-name", default="Administrator", help="full name")
            cmd.add_argument("--agency", default="LA-DORSET", help="administrator's agency")
    imp = sub.add_parser("import", help="move a local encrypted store onto the hub (owner)")
    imp.add_argument("local_db", type=Path, help="the local store to move")
    imp.add_argument("address", nargs="?", help="hub address (default: the connected hub)")
    imp.add_argument("--ca", type=Path, default=None)
    imp.add_argument("--owner", default=DEFAULT_OWNER)
    imp.add_argument("--admin", default="admin", help="the administrator who logs in first")


def run(args: argparse.Namespace) -> int:
    from mash_desktop import cli_hub_commands as commands

    handler = {
        "connect": commands.connect,
        "init": commands.init,
        "migrate": commands.migrate,
        "status": commands.status,
        "import": commands.import_local,
    }[args.hub_command]
    return handler(args)


COMMAND = ("hub server commands (connect, init, status, migrate, import)", configure, run)
