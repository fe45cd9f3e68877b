"""Bundle tests build the PyInstaller bundle (about a minute and a half on two cores), so a
plain ``pytest`` run skips them. Run them with ``-m bundle`` (or set ``MASH_RUN_BUNDLE=1``).

A ``--run-bundle`` option cannot be offered from here: pytest only reads command-line
options from the top-level conftest, and this hook must stay with the tests it governs.
"""

from __future__ import annotations

import os

import pytest

RUN_ENV = "MASH_RUN_BUNDLE"


def bundle_tests_requested(config: pytest.Config) -> bool:
    markexpr = config.getoption("markexpr", default="") or ""
    selected = "bundle" in markexpr and "not bundle" not in markexpr
    return selected or os.environ.get(RUN_ENV) == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if bundle_tests_requested(config):
        return
    skip = pytest.mark.skip(reason=f"builds the bundle: run with -m bundle or {RUN_ENV}=1")
    for item in items:
        if item.get_closest_marker("bundle"):
            item.add_marker(skip)
