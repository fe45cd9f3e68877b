"""Passwords a headless command asks for: from the environment, else typed twice."""

from __future__ import annotations

import getpass
import os
import sys

from mash_desktop.domain.errors import MashError

ADMIN_PASSWORD_ENV = "MASH_ADMIN_PASSWORD"


def read_new_password(prompt: str) -> str:
    if os.environ.get(ADMIN_PASSWORD_ENV):
        return os.environ[ADMIN_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise MashError(f"Set {ADMIN_PASSWORD_ENV} or run in a terminal to choose the password.")
    first = getpass.getpass(prompt)
    if first != getpass.getpass("Again: "):
        raise MashError("The two passwords differ.")
    return first
