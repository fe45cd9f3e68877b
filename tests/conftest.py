"""Every test gets the shared world of tests/helpers: a fresh encrypted store in a temp folder,
an in-memory keyring, a HOME of its own, and the hub's personas."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings

# Generated examples are the same on every run, so a red run is reproducible and never a coin
# toss (examples found once are pinned with @example); MASH_HYPOTHESIS=explore draws new ones.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("explore" if os.environ.get("MASH_HYPOTHESIS") == "explore" else "repeatable")

pytest_plugins = [
    "tests.helpers.store",
    "tests.helpers.personas",
    "tests.helpers.hub_fixtures",
    "tests.helpers.hub_roles",
]
