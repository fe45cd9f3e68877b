"""``mash-desktop research show CONTACT_REF --user NAME`` and ``research due --user NAME``.

A headless read that logs the user in and goes through the same ResearchService as the desktop
views, so need to know (ISP-2) applies exactly as on screen. The password comes from the
environment (``MASH_PASSWORD``) or, in a terminal, a prompt: never from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.errors import MashError

if TYPE_CHECKING:  # the services load only when the command runs (cli.py stays light)
    from mash_desktop.services.context import Actor
    from mash_desktop.services.research.rows import ContactResearch

PASSWORD_ENV = "MASH_PASSWORD"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="research_command", required=True)
    show = sub.add_parser("show", help="agency research on a contact, as USER may see it")
    show.add_argument("reference", help="the contact's reference")
    show.add_argument("--user", required=True, help=f"user name (password from ${PASSWORD_ENV})")
    due = sub.add_parser("due", help="research due from USER's agency")
    due.add_argument("--user", required=True, help=f"user name (password from ${PASSWORD_ENV})")


def _password(username: str) -> str:
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise MashError(f"Set {PASSWORD_ENV} or run in a terminal to enter the password.")
    return getpass.getpass(f"Password for {username}: ")


def format_research(research: ContactResearch, actor: Actor) -> str:
    """Plain text of what ``actor`` may see of the contact's research."""
    lines = [
        f"Contact {research.reference} (RAG {research.rag}) - agency research as seen by "
        f"{actor.username} ({actor.agency_code})",
    ]
    if not research.panels:
        lines.append("No agency has been asked to research this contact.")
    for panel in research.panels:
        lines.append("")
        lines.append(f"== {panel.agency_name} [{panel.agency_code}]: {panel.state.label}")
        lines.append(f"   Due: {format_london(panel.due_at)}")
        if panel.own:
            lines.append(f"   Systems checked: {panel.systems_checked or '(none recorded)'}")
        else:
            lines.append(
                f"   Only items {panel.agency_name} has shared are shown (need to know)."
            )
        for f in panel.findings:
            marks = ["shared" if f.shared else "NOT SHARED"]
            if f.sensitive:
                marks.append(f"sensitive: {f.sensitivity_note}")
            if f.outside_permitted:
                marks.append("may leave the MASH")
            lines.append(
                f"   - item {f.id}, about {f.about}, relevance {f.relevance.label} "
                f"[{'; '.join(marks)}]: {f.finding}"
            )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from mash_desktop.bootstrap import open_context
    from mash_desktop.services.accounts import AccountService
    from mash_desktop.services.research.service import ResearchService

    ctx = open_context(args.db)
    try:
        accounts = AccountService(ctx)
        actor = accounts.login(args.user, _password(args.user))
        try:
            service = ResearchService(ctx)
            if args.research_command == "show":
                contact_id = service.find_contact(actor, args.reference)
                print(format_research(service.contact_research(actor, contact_id), actor))
            else:
                rows = service.research_due(actor)
                print(f"Research due from {actor.agency_code}: {len(rows)}")
                for r in rows:
                    flag = "OVERDUE" if r.overdue else "due"
                    print(
                        f"{r.reference}\tRAG {r.rag}\t{r.state.label}\t{flag} "
                        f"{format_london(r.due_at)}"
                    )
        finally:
            accounts.logout(actor)
    finally:
        ctx.store.close()
    return 0


COMMAND = ("agency research (read, as a logged-in user)", configure, run)
