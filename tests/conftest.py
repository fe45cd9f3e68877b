"""Every test gets the shared world of tests/helpers: a fresh encrypted store in a temp folder,
an in-memory keyring, a HOME of its own, and the hub's personas."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.helpers.store",
    "tests.helpers.personas",
    "tests.helpers.hub_fixtures",
    "tests.helpers.hub_roles",
]
